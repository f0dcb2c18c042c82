import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIMITS } from '../limits';
import en from './en.json';
import ja from './ja.json';
import { catalogKeys, formatDate, formatList, formatMinutes, negotiateLocale, translate } from './i18n';

const prefixed = (locale: string, catalog: Record<string, string>) =>
  Object.fromEntries(Object.entries(catalog).map(([key, text]) => [`${locale} ${key}`, text]));

describe('catalogs', () => {
  it('have the same keys in Japanese and English', () => {
    assert.deepEqual(catalogKeys('en').sort(), catalogKeys('ja').sort());
  });

  it('use one Japanese word per concept: セキュリティ情報, 会議室, 監査ログ, 適用報告, and 通報 for flags', () => {
    const other: [RegExp, string][] = [
      [/アドバイザリ/, 'セキュリティ情報'],
      [/スレッド/, '会議室'],
      [/監査記録/, '監査ログ'],
      [/現場報告|フィールドレポート/, '適用報告'],
    ];
    for (const [key, text] of Object.entries(ja as Record<string, string>)) {
      // Microsoft's own "security advisory" is a reference type of its own.
      if (key === 'reference.advisory') continue;
      for (const [word, instead] of other) assert.doesNotMatch(text, word, `${key}: ${instead}`);
      if (key.startsWith('flag.') || key.startsWith('mod.flag')) assert.doesNotMatch(text, /報告/, `${key}: a flag is 通報`);
    }
  });

  it('give two reference types never the same label', () => {
    for (const catalog of [ja, en] as Record<string, string>[]) {
      const labels = Object.entries(catalog).filter(([key]) => /^reference\.[a-z-]+$/.test(key));
      assert.equal(new Set(labels.map(([, text]) => text)).size, labels.length, JSON.stringify(labels));
    }
  });

  it('fill placeholders', () => {
    assert.equal(translate('ja', 'advisory.hosts', { count: 50 }), '50台');
    assert.equal(translate('en', 'advisory.hosts', { count: 50 }), '50 hosts');
  });

  it('pick the English singular for exactly one', () => {
    assert.equal(translate('en', 'knownIssue.evidenceCount', { reports: 1, confirmations: 0 }), '1 report, 0 confirmations');
    assert.equal(translate('en', 'knownIssue.evidenceCount', { reports: 2, confirmations: 1 }), '2 reports, 1 confirmation');
    assert.equal(translate('en', 'auth.password.ended', { count: 1 }), '1 other session was ended.');
    assert.equal(translate('ja', 'knownIssue.evidenceCount', { reports: 1, confirmations: 1 }).includes('|'), false);
  });

  it('state input limits only through {limit:name}, as the checks enforce them', () => {
    assert.equal(translate('ja', 'post.body.tooLong'), `本文は${LIMITS.postBody.toLocaleString('en')}文字までです。`);
    assert.equal(translate('en', 'username.length'), `Usernames are ${LIMITS.usernameMin} to ${LIMITS.username} characters.`);
    // A length written as a number ("500文字", "200 characters") would drift from src/common/limits.ts.
    const written = Object.entries({ ...prefixed('ja', ja), ...prefixed('en', en) })
      .filter(([, text]) => /\d[\d,]*\s*(文字|characters?)/.test(text.replace(/\{limit:\w+\}/g, '')))
      .map(([key]) => key);
    assert.deepEqual(written, []);
  });
});

describe('negotiateLocale', () => {
  it('prefers ?lang=, then the cookie, then Accept-Language, then Japanese', () => {
    assert.deepEqual(negotiateLocale('en', 'ja', 'ja'), { locale: 'en', remember: true });
    assert.deepEqual(negotiateLocale(undefined, 'en', 'ja'), { locale: 'en', remember: false });
    assert.deepEqual(negotiateLocale(undefined, undefined, 'en-US,en;q=0.9'), { locale: 'en', remember: false });
    assert.deepEqual(negotiateLocale(undefined, undefined, 'fr-FR, en;q=0.5, ja;q=0.8'), { locale: 'ja', remember: false });
    assert.deepEqual(negotiateLocale(undefined, undefined, undefined), { locale: 'ja', remember: false });
  });

  it('ignores values that are not a supported language', () => {
    assert.deepEqual(negotiateLocale('xx', '<script>', 'de'), { locale: 'ja', remember: false });
    assert.deepEqual(negotiateLocale(['en', 'ja'], undefined, undefined), { locale: 'ja', remember: false });
  });
});

describe('formatting', () => {
  it('writes dates in the reader’s language', () => {
    assert.equal(formatDate('ja', '2004-12-16'), '2004年12月16日');
    assert.equal(formatDate('en', '2004-12-16'), 'Dec 16, 2004');
  });

  it('writes each moment in Japan time, the same minute alike, whatever was written before it', () => {
    const moment = new Date('2004-12-16T14:59:30Z');
    assert.equal(formatDate('en', moment, true), 'Dec 16, 2004, 11:59 PM GMT+9');
    assert.equal(formatDate('en', moment), 'Dec 16, 2004');
    assert.equal(formatDate('ja', moment, true), '2004年12月16日 23:59 JST');
    assert.equal(formatDate('ja', new Date('2004-12-16T14:59:59Z'), true), '2004年12月16日 23:59 JST');
    assert.equal(formatDate('ja', new Date('2004-12-16T15:00:00Z'), true), '2004年12月17日 00:00 JST');
    assert.equal(formatDate('ja', new Date('2004-12-16T15:00:00Z')), '2004年12月17日');
    assert.equal(formatDate('en', moment, true), 'Dec 16, 2004, 11:59 PM GMT+9');
  });

  it('writes deployment times as the bulletin does', () => {
    assert.equal(formatMinutes('ja', 94), '1時間34分');
    assert.equal(formatMinutes('ja', 18), '18分');
    assert.equal(formatMinutes('en', 120), '2 h');
  });

  it('lists names as each language does', () => {
    assert.equal(formatList('ja', ['Windows 2000', 'Windows XP', 'Windows Server 2003']), 'Windows 2000、Windows XP、Windows Server 2003');
    assert.equal(
      formatList('en', ['Windows 2000', 'Windows XP', 'Windows Server 2003']),
      'Windows 2000, Windows XP, and Windows Server 2003',
    );
    assert.equal(formatList('en', ['Windows 2000', 'Windows XP']), 'Windows 2000 and Windows XP');
    assert.equal(formatList('en', ['Windows XP']), 'Windows XP');
  });
});
