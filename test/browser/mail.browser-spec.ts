/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Page } from 'playwright-core';
import { OutboxMail } from '../../src/mail/outbox-mail.entity';
import { Role } from '../../src/policy/viewer';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createKnownIssue } from '../factories/known-issue.factory';
import { createUser } from '../factories/user.factory';
import { THREAD } from '../support/board';
import { browserBoard, OUTPUT, signInThroughForm, skipBrowser } from '../support/browser';
import { ENGINE } from '../support/test-app';

describe('email notifications in a real browser', { skip: skipBrowser }, () => {
  // No SMTP_URL: the mails wait in the outbox, where the admin reads them.
  const from = 'HFR BBS会議室 <no-reply@localhost.localdomain>';
  const mail = { smtpUrl: null, from, sendIntervalSeconds: 0, maxAttempts: 8, retrySeconds: 60, digestHour: null };
  const board = browserBoard({ config: { mail }, setup: (t) => createAdvisories(t.app, [referenceDocument()]) });
  const { open, problems } = board;
  const signInAs = (page: Page, name: string, next: string) => signInThroughForm(page, board.base, name, next);

  it('a member chooses email on the thread; the admin reads the mail; the link in it unsubscribes', async () => {
    const reader = await createUser(board.t.app);
    const mod = await createUser(board.t.app, { role: Role.Moderator });
    const admin = await createUser(board.t.app, { role: Role.Admin });

    const page = await open(1280);
    await signInAs(page, reader.username, THREAD);
    await page.getByRole('button', { name: 'メールでも受け取る' }).click();
    await page.waitForURL(`${board.base}${THREAD}`);
    await page.getByText('メール通知: オン').waitFor();
    await page.locator('.thread-header').screenshot({ path: join(OUTPUT, `mail-thread-header-${ENGINE}.png`) });

    await page.goto(`${board.base}/notifications`);
    await page.getByRole('link', { name: 'ウォッチとメールの設定' }).click();
    await page.waitForURL(`${board.base}/notifications/watches`);
    assert.equal(await page.locator('#watch-MS04-044 .watches__email strong').textContent(), 'オン');
    await page.screenshot({ path: join(OUTPUT, `mail-watches-desktop-${ENGINE}.png`), fullPage: true });
    const phone = await board.browser.newPage({
      viewport: { width: 390, height: 844 },
      locale: 'ja-JP',
      storageState: await page.context().storageState(),
    });
    await phone.goto(`${board.base}/notifications/watches`);
    await phone.screenshot({ path: join(OUTPUT, `mail-watches-phone-${ENGINE}.png`), fullPage: true });
    await phone.close();

    const issue = await createKnownIssue(board.t.app, mod, {
      title: 'Backup Exec 8.6 のスケジュール・バックアップが失敗する',
      symptom: 'KB885835 の適用後、スケジュール・バックアップが失敗し、イベント ID 57480 が記録される。',
      platforms: ['win2000-sp4'],
      software: 'VERITAS Backup Exec 8.6',
      workaround: 'ベリタスのサポート窓口に問い合わせる。',
      status: 'confirmed',
      note: '複数の購読者から同じ症状の報告。',
    });

    const adminPage = await open(1280);
    await signInAs(adminPage, admin.username, '/admin/outbox');
    await adminPage.getByText('送信待ち').first().waitFor();
    await adminPage.screenshot({ path: join(OUTPUT, `mail-outbox-desktop-${ENGINE}.png`), fullPage: true });
    await adminPage.getByRole('link', { name: new RegExp(issue.title) }).click();
    await adminPage.getByRole('heading', { level: 1, name: /\[HFR BBS\] MS04-044 既知の問題/ }).waitFor();
    assert.match((await adminPage.locator('.outbox-mail__body').textContent()) ?? '', new RegExp(`${reader.username} さん`));
    await adminPage.setViewportSize({ width: 390, height: 844 });
    await adminPage.screenshot({ path: join(OUTPUT, `mail-outbox-mail-phone-${ENGINE}.png`), fullPage: true });

    // The unsubscribe link of the mail, opened by someone with no session at all.
    const row = await board.t.em().findOneOrFail(OutboxMail, { toAddress: reader.email });
    const link = new URL(row.unsubscribeUrl!);
    const guest = await board.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'ja-JP' });
    guest.on('pageerror', (e) => problems.push(e.message));
    await guest.goto(`${board.base}${link.pathname}${link.search}`);
    await guest.getByText('MS04-044 のメール通知を止めますか?').waitFor();
    await guest.screenshot({ path: join(OUTPUT, `mail-unsubscribe-phone-${ENGINE}.png`), fullPage: true });
    await guest.getByRole('button', { name: 'メール通知を止める' }).click();
    await guest.waitForURL(`${board.base}/mail/unsubscribed?advisory=MS04-044`);
    await guest.getByText('MS04-044 のメール通知を止めました。').waitFor();

    await page.reload();
    assert.equal(await page.locator('#watch-MS04-044 .watches__email strong').textContent(), 'オフ');
    assert.deepEqual(problems, []);
  });
});
