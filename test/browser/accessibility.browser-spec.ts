/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { loadDemoData } from '../../src/demo-data';
import { MailService } from '../../src/mail/mail.service';
import { OutboxMail } from '../../src/mail/outbox-mail.entity';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { Role } from '../../src/policy/viewer';
import { Post } from '../../src/threads/post.entity';
import { User } from '../../src/users/user.entity';
import { createFieldReport } from '../factories/field-report.factory';
import { createKnownIssue } from '../factories/known-issue.factory';
import { createPost } from '../factories/post.factory';
import { createUser } from '../factories/user.factory';
import { browserBoard, signInThroughForm, skipBrowser } from '../support/browser';
import { ENGINE } from '../support/test-app';

// axe-core's own bundle, run in each page (devtools evaluation: the page's CSP stays as shipped).
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string;
  nodes: string[];
}

/** The serious and critical axe findings of the page as it is now. */
async function axeFindings(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    type Result = { id: string; impact: string | null; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: Result[] }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact ?? '', nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

/** How far the page is wider than the screen (0 when it does not scroll sideways). */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

// The markup is the same on both engines, so the axe pass runs once, on SQLite (CI's time; the flows run on both).
const skip = skipBrowser || (ENGINE === 'postgresql' && 'the pages are engine-independent: checked on SQLite');

describe('every main page: accessible (axe) and fitting a phone, in Japanese and English', { skip }, () => {
  let admin: User;
  let outboxId = 0;
  let flaggedId = 0;
  const board = browserBoard({
    // The demo board: a bulletin with known issues, sample reports on several platforms, confirmations.
    config: { moderation: { flagHideThreshold: 3, holdFirstPosts: 1 } },
    setup: async (t) => {
      await loadDemoData(t.app);
      admin = await createUser(t.app, { role: Role.Admin });
      // A watcher with mail: a new known issue queues a mail and a notification; a new member's post waits in the queue.
      const watcher = await createUser(t.app);
      await t.app.get(NotificationsService).watchNow(watcher.id, 'MS04-044');
      await t.app.get(MailService).setEmail(watcher.id, 'MS04-044', true);
      await createKnownIssue(
        t.app,
        admin,
        { title: 'Windows XP SP2 で Symantec AntiVirus の定義更新が遅くなる', platforms: ['winxp-sp2'] },
        'MS04-044',
      );
      await createPost(t.app, await createUser(t.app), { body: '初めての投稿です。承認待ちになります。' }, 'MS04-044');
      // An emerging group on /mod/emerging: three alike problem reports by two staff members (they post at once).
      const moderator = await createUser(t.app, { role: Role.Moderator });
      for (const [who, body] of [
        [admin, 'Backup Exec 8.6 のスケジュール・バックアップが失敗する。イベント ID 57480 が記録される。'],
        [moderator, 'スケジュール・バックアップ(Backup Exec 8.6)が毎晩失敗し、イベント ID 57480 が出る。'],
        [admin, 'Backup Exec のスケジュール・バックアップが失敗。イベントID 57480。'],
      ] as const)
        await createFieldReport(t.app, who, { body }, 'MS04-044');
      outboxId = (await t.em().findOneOrFail(OutboxMail, { toAddress: watcher.email })).id;
      // A sample member's report, for the flag form.
      flaggedId = (await t.em().findOneOrFail(Post, { state: 'visible', isReport: true }, { orderBy: { id: 'asc' } })).id;
    },
  });

  const GUEST = [
    '/',
    '/advisories/MS04-044',
    '/advisories/MS04-044/thread',
    '/advisories/MS04-044/known-issues',
    '/known-issues',
    '/status',
    '/search?q=起動',
    '/users/sample-sato',
    '/login',
    '/register',
  ];
  const STAFF = () => [
    '/advisories/MS04-044/thread',
    '/mod',
    '/mod/log',
    '/mod/emerging',
    '/admin/users',
    `/admin/outbox/${outboxId}`,
    '/editor',
    '/advisories/MS04-044/edit',
    '/notifications',
    `/users/${admin.username}`,
    `/posts/${flaggedId}/flag`,
  ];

  const check = async (paths: string[], signIn: boolean) => {
    const found: string[] = [];
    for (const width of [360, 1280]) {
      const page = await board.open(width);
      if (signIn) await signInThroughForm(page, board.base, admin.username);
      // English on phones only: longer words overflow there; colours and roles are the same in both languages.
      for (const lang of width === 360 ? ['ja', 'en'] : ['ja']) {
        for (const path of paths) {
          const res = await page.goto(`${board.base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
          assert.equal(res?.status(), 200, path);
          for (const v of await axeFindings(page)) found.push(`${width}px ${lang} ${path}: ${v.id} (${v.impact}) at ${v.nodes.join(', ')}`);
          const over = await sideways(page);
          if (over > 0) found.push(`${width}px ${lang} ${path}: ${over}px wider than the screen`);
          if (width === 360) {
            // The widest phones of the range too: no sideways scrolling anywhere from 360 to 390 px.
            await page.setViewportSize({ width: 390, height: 900 });
            if ((await sideways(page)) > 0) found.push(`390px ${lang} ${path}: wider than the screen`);
            await page.setViewportSize({ width: 360, height: 900 });
          }
        }
      }
      await page.close();
    }
    assert.deepEqual(found, []);
    assert.deepEqual(board.problems, []);
  };

  it("a guest's pages", () => check(GUEST, false));
  it("a member's, a moderator's, an editor's and an admin's pages", () => check(STAFF(), true));

  it('on a phone, the outcome table is one block per platform and every scrolling table takes the keyboard', async () => {
    const page = await board.open(360);
    await page.goto(`${board.base}/advisories/MS04-044/thread`);
    const table = page.locator('.stats__table');
    // Not a wide table squeezed: each platform's name spans the block, its counts are labelled underneath.
    const row = table.locator('tbody tr').first();
    const name = row.locator('th');
    const cells = row.locator('td.num');
    assert.ok((await name.boundingBox())!.width >= (await row.boundingBox())!.width - 1, 'the platform name has the whole width');
    assert.ok((await cells.first().boundingBox())!.y > (await name.boundingBox())!.y, 'the counts are below the name');
    assert.match(await cells.first().evaluate((td) => getComputedStyle(td, '::before').content), /.+/);
    assert.equal(await table.evaluate((t) => t.scrollWidth <= t.clientWidth), true);

    await page.goto(`${board.base}/advisories/MS04-044`);
    for (const wrap of await page.locator('.table-wrap').all()) {
      if (!(await wrap.evaluate((w) => w.scrollWidth > w.clientWidth))) continue;
      assert.equal(await wrap.getAttribute('tabindex'), '0', 'a scrolling table can be reached by Tab');
    }
    await page.close();
  });
});
