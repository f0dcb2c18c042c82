import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alikeIssues, firstSentence, IssueFacts, MAX_ALIKE, promotedTitle } from './known-issue-promotion';

const report = {
  software: 'VERITAS Backup Exec 8.6',
  platformKey: 'win2000-sp4',
  platformLabel: 'Windows 2000 SP4',
  text: 'スケジュール・バックアップが失敗する。イベント ID 57480 が記録されます。\n手動では成功します。',
};

const issue = (id: number, over: Partial<IssueFacts>): IssueFacts => ({
  id,
  title: '',
  symptom: '',
  software: '',
  platforms: [],
  status: 'investigating',
  ...over,
});

describe('promotedTitle', () => {
  it('is software, the first sentence and the platform', () => {
    assert.equal(promotedTitle(report), 'VERITAS Backup Exec 8.6: スケジュール・バックアップが失敗する (Windows 2000 SP4)');
  });

  it('leaves out what the report does not say, and quoted lines', () => {
    assert.equal(promotedTitle({ ...report, software: '', platformLabel: '', text: '> 引用\n\nIIS stops. Then more.' }), 'IIS stops');
    assert.equal(firstSentence('Backup Exec 8.6 fails on KB885835.'), 'Backup Exec 8.6 fails on KB885835.');
  });

  it('cuts the sentence, not the software or platform, to the title limit', () => {
    const sut = promotedTitle({ ...report, text: '失'.repeat(300) }, 60);
    assert.equal(sut.length, 60);
    assert.ok(sut.startsWith('VERITAS Backup Exec 8.6: 失'));
    assert.ok(sut.endsWith('… (Windows 2000 SP4)'));
  });
});

describe('alikeIssues', () => {
  it('ranks the same software first, then the same platform, then shared words; leaves out the unrelated', () => {
    const words = issue(1, { title: 'スケジュール・バックアップが失敗する', symptom: 'イベント ID 57480', platforms: ['winxp-sp2'] });
    const software = issue(2, { title: 'バックアップ製品の問題', software: 'Backup Exec 8.6' });
    const platform = issue(3, { title: 'スケジュール・バックアップの警告', platforms: ['win2000-sp4'] });
    const unrelated = issue(4, { title: 'NT 4.0 が起動しなくなる', symptom: 'ntoskrnl.exe の位置', platforms: ['win2000-sp4'] });
    const sut = alikeIssues(report, [unrelated, words, platform, software]);
    assert.deepEqual(
      sut.map((a) => a.issue.id),
      [2, 3, 1],
    );
    assert.deepEqual([sut[0].sameSoftware, sut[1].samePlatform, sut[2].sameSoftware || sut[2].samePlatform], [true, true, false]);
  });

  it('shows at most MAX_ALIKE', () => {
    const many = Array.from({ length: 8 }, (_, k) => issue(k + 1, { software: 'VERITAS Backup Exec 8.6' }));
    assert.equal(alikeIssues(report, many).length, MAX_ALIKE);
  });
});
