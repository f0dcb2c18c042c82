import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { digestMail, knownIssueMail } from './templates';

const links = {
  thread: 'https://b.jp/advisories/MS04-044/thread',
  unsubscribe: 'https://b.jp/mail/unsubscribe?token=t',
  settings: 'https://b.jp/notifications/watches',
};
const advisory = { id: 'MS04-044', kb: ['885835'], title: 'カーネルの脆弱性' };
const issue = {
  title: '件名',
  symptom: '症状\n二行目',
  status: 'confirmed',
  platforms: null,
  software: '',
  workaround: '',
  resolution: '',
  url: 'https://b.jp/advisories/MS04-044/known-issues#ki1',
};

describe('mail templates', () => {
  it('keep the subject on one line whatever the title holds, and clip a long title', () => {
    const sut = knownIssueMail({
      username: 'u',
      advisory,
      issue: { ...issue, title: '一行目\r\nBcc: x@example.jp\n' + 'あ'.repeat(300) },
      change: { from: null, note: '', by: 'mod1' },
      links,
    });
    assert.doesNotMatch(sut.subject, /[\r\n]/);
    assert.ok(sut.subject.startsWith('[HFR BBS] MS04-044 既知の問題: 一行目 Bcc: x@example.jp あ'));
    assert.ok(sut.subject.endsWith('…（確認済み）'));
  });

  it('indent multi-line text and leave out empty sections', () => {
    const sut = knownIssueMail({ username: 'u', advisory, issue, change: { from: 'investigating', note: '', by: 'mod1' }, links });
    assert.ok(sut.text.includes('症状:\n  症状\n  二行目\n'));
    assert.ok(!sut.text.includes('回避策'));
    assert.ok(!sut.text.includes('モデレーターの記録'));
    assert.ok(sut.text.includes('\nMS04-044 (KB885835) 件名: 調査中 → 確認済み(mod1 さん)\n'), 'the notification’s line');
  });

  it('list each report of a digest with its facts and permalink', () => {
    const sut = digestMail({
      username: 'u',
      advisory: { ...advisory, kb: [] },
      date: new Date('2026-11-25T23:00:00Z'),
      links,
      reports: [
        {
          number: 3,
          outcome: 'rolled-back',
          platform: null,
          hosts: 1200,
          software: '',
          author: 'a',
          excerpt: '戻した',
          url: 'https://b.jp/posts/9',
        },
      ],
    });
    assert.equal(sut.subject, '[HFR BBS] MS04-044 新しい適用報告 1件（2026年11月26日）');
    assert.ok(
      sut.text.includes(
        '#3 a さんが MS04-044 に その他のプラットフォーム で「ロールバック」と報告しました（1,200台）\n  戻した\n  https://b.jp/posts/9',
      ),
      sut.text,
    );
    assert.ok(sut.text.includes('MS04-044 の会議室に新しい適用報告が 1 件ありました。'));
  });
});
