/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Role } from '../../src/policy/viewer';
import { User } from '../../src/users/user.entity';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createFieldReport } from '../factories/field-report.factory';
import { createUser } from '../factories/user.factory';
import { browserBoard, OUTPUT, signInThroughForm, skipBrowser } from '../support/browser';
import { ENGINE } from '../support/test-app';

describe('emerging issues in a real browser', { skip: skipBrowser }, () => {
  let mod: User;
  // Two groups: Backup Exec's failing schedules on Windows 2000 (three members), NT 4.0 not booting (two).
  const board = browserBoard({
    setup: async (t) => {
      await createAdvisories(t.app, [referenceDocument()]);
      mod = await createUser(t.app, { role: Role.Moderator });
      const [a, b, c] = [await createUser(t.app, { username: 'tanaka-sysadmin' }), await createUser(t.app), await createUser(t.app)];
      const backup = [
        '適用後、VERITAS Backup Exec 8.6 のスケジュール・バックアップが失敗するようになった。イベントログに ID 57480 が記録される。',
        'KB885835 を入れてから Backup Exec 8.6 のスケジュールバックアップが毎晩失敗します。アプリケーションログにイベント ID 57480。',
        'Windows 2000 SP3 に適用したところ、Backup Exec のスケジュール・バックアップが失敗。イベントID 57480 が出ている。',
      ];
      await createFieldReport(t.app, a, { body: backup[0], hosts: '120' });
      await createFieldReport(t.app, b, { body: backup[1], hosts: '8' });
      await createFieldReport(t.app, c, { body: backup[2], platform: 'win2000-sp3', hosts: '3' });
      const boot = [
        'NT 4.0 サーバに適用して再起動したら OS が起動しなくなった。システム・パーティションが 7.8GB を超えている。',
        '再起動後に OS が起動しない。ntoskrnl.exe が見つからないと表示される。システムパーティションは 12GB。',
        '適用して再起動したら OS が起動しなくなった。ntoskrnl.exe の位置が 7.8GB を超えていた。',
      ];
      for (const [i, who] of [a, b, a].entries())
        await createFieldReport(t.app, who, {
          body: boot[i],
          platform: 'nt4-server-sp6a',
          software: '',
          outcome: 'install-failed',
          hosts: '1',
        });
    },
  });
  const { open, problems } = board;

  for (const width of [375, 1280]) {
    it(`shows the groups on a ${width} px screen without sideways scrolling`, async () => {
      const page = await open(width);
      await signInThroughForm(page, board.base, mod.username, '/mod/emerging');
      await page.getByRole('heading', { level: 1, name: '新たな問題の兆し' }).waitFor();
      assert.equal(await page.locator('.emerging__group').count(), 2);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
      await page.screenshot({ path: join(OUTPUT, `emerging-${width}-${ENGINE}.png`), fullPage: true });
      assert.deepEqual(problems, []);
      await page.close();
    });
  }

  it('promotes a group from the page: the moderator lands on the new known issue', async () => {
    const page = await open(1280);
    await signInThroughForm(page, board.base, mod.username, '/mod/emerging');
    const group = page.locator('.emerging__group', { hasText: 'Backup Exec' });
    await group.getByLabel('理由').fill('3人から同じ症状');
    await group.getByRole('button', { name: '既知の問題にする' }).click();
    await page.waitForURL(/\/advisories\/MS04-044\/known-issues#ki\d+$/);
    await page.getByText('VERITAS Backup Exec 8.6: ').first().waitFor();
    await page.goto(`${board.base}/mod/emerging`);
    assert.equal(await page.locator('.emerging__group').count(), 1, 'the promoted group is gone');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
