import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkUsername, usernameKey } from './username';

const reasonOf = (raw: string) => {
  const sut = checkUsername(raw);
  return sut.ok ? 'ok' : sut.reason;
};
const hex = (ch: string) => 'U+' + ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');

describe('checkUsername', () => {
  it('NFKC-normalizes full-width and half-width input and trims the edges', () => {
    assert.deepEqual(checkUsername('ＡＢＣ'), { ok: true, username: 'ABC', key: 'abc' });
    assert.deepEqual(checkUsername('ｶﾀｶﾅ'), { ok: true, username: 'カタカナ', key: 'カタカナ' });
    // A half-width voiced mark must fuse with its kana rather than stay a separate character.
    assert.deepEqual(checkUsername('ﾃﾞｰﾀ'), { ok: true, username: 'データ', key: 'デタ' });
    assert.deepEqual(checkUsername('\u3000 Ｔａｎａｋａ１２３\t\n'), { ok: true, username: 'Tanaka123', key: 'tanakal23' });
  });

  it('accepts Japanese names', () => {
    assert.deepEqual(checkUsername('田中太郎'), { ok: true, username: '田中太郎', key: '田中太郎' });
    assert.deepEqual(checkUsername('やまだ'), { ok: true, username: 'やまだ', key: 'やまだ' });
    assert.deepEqual(checkUsername('テスト・ユーザー'), { ok: true, username: 'テスト・ユーザー', key: 'テストユザ' });
    assert.deepEqual(checkUsername('佐藤_2004'), { ok: true, username: '佐藤_2004', key: '佐藤2oo4' });
    assert.deepEqual(checkUsername('佐々木'), { ok: true, username: '佐々木', key: '佐々木' });
  });

  it('counts length in code points after normalization', () => {
    assert.equal(reasonOf('ab'), 'length');
    assert.equal(reasonOf('a'.repeat(33)), 'length');
    assert.equal(reasonOf('a'.repeat(32)), 'ok');
    assert.equal(reasonOf(' \u3000 '), 'length');
    const longest = '𠮷' + '田'.repeat(31);
    // 33 UTF-16 units but 32 characters: the astral 𠮷 must count once.
    assert.equal(longest.length, 33);
    assert.deepEqual(checkUsername(longest), { ok: true, username: longest, key: longest });
    assert.equal(reasonOf('𠮷𠮷'), 'length');
    // ㍿ is one character typed but four once normalized.
    assert.deepEqual(checkUsername('㍿'), { ok: true, username: '株式会社', key: '株式会社' });
  });

  it('rejects every invisible, zero-width and bidi control character', () => {
    const invisible = [
      '\u200B',
      '\u200C',
      '\u200D',
      '\u200E',
      '\u200F', // zero-width space/joiners, LRM, RLM
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E', // bidi embeddings and overrides, RLO last
      '\u2060',
      '\u2061',
      '\u2062',
      '\u2063',
      '\u2064', // word joiner, invisible operators
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069', // bidi isolates, LRI first
      '\uFEFF',
      '\u00AD',
      '\u034F',
      '\u061C',
      '\u180E', // BOM, soft hyphen, CGJ, ALM, Mongolian vowel separator
      '\u115F',
      '\u1160',
      '\u3164',
      '\uFFA0', // Hangul fillers
      '\uFE00',
      '\uFE0F',
      '\u{E0001}',
      '\u{E0041}',
      '\u{E007F}', // variation selectors and tags
      '\u0000',
      '\t',
      '\u007F',
      '\u0085',
      '\u17B4', // Cc controls and a Default_Ignorable (Khmer)
    ];
    for (const ch of invisible) assert.equal(reasonOf(`tana${ch}ka`), 'invisible', hex(ch));
  });

  it('does not trim invisible characters away at the edges', () => {
    assert.equal(reasonOf('\uFEFFtanaka'), 'invisible');
    assert.equal(reasonOf('tanaka\u3164'), 'invisible');
    assert.equal(reasonOf('tanaka\u200B'), 'invisible');
    // Reported before length, so a hidden character cannot pad a two-letter name.
    assert.equal(reasonOf('ab\u200B'), 'invisible');
  });

  it('rejects whitespace, markup characters and emoji', () => {
    for (const raw of ['bob smith', 'bob　smith', 'bob<x', 'bob>x', 'bob"x', "bob'x", 'bob/x', 'bob@x', 'bob😀', 'bob＜x', 'bob\u2028x']) {
      assert.equal(reasonOf(raw), 'characters', raw);
    }
  });

  it('requires a letter or digit first and no doubled punctuation', () => {
    for (const raw of ['_bob', '.bob', '-bob', 'ーbob', '・bob', 'bob__x', 'bob.-x', 'bob..x']) {
      assert.equal(reasonOf(raw), 'characters', raw);
    }
    assert.equal(reasonOf('2004_bob.x-y'), 'ok');
    // A drawn-out ー is ordinary Japanese, not doubled punctuation.
    assert.equal(reasonOf('すごーーい'), 'ok');
  });

  it('allows combining marks only after a letter', () => {
    assert.deepEqual(checkUsername('สวัสดี'), { ok: true, username: 'สวัสดี', key: 'สวัสดี' });
    assert.equal(reasonOf('\u0301abc'), 'characters');
    assert.equal(reasonOf('ab1\u0301'), 'characters');
  });
});

describe('usernameKey', () => {
  it('folds case, width and Cyrillic or Greek look-alikes to one key', () => {
    for (const raw of [
      'admin',
      'ADMIN',
      'Ａｄｍｉｎ',
      '\u0430dmin',
      '\u0410DMIN',
      '\u0391DMIN',
      '\u0391D\u039C\u0399\u039D',
      '\u03B1dmin',
    ]) {
      assert.equal(usernameKey(raw), 'admin', raw);
    }
    assert.equal(usernameKey('p\u0430yp\u0430l'), 'paypal');
    assert.equal(usernameKey('\u0440\u0430\u0443p\u0430l'), 'paypal');
    assert.equal(usernameKey('paypal'), 'paypal');
  });

  it('ignores _ - . so that separators cannot split a name', () => {
    assert.equal(usernameKey('Bob_Smith'), 'bobsmith');
    assert.equal(usernameKey('bob.smith'), 'bobsmith');
    assert.equal(usernameKey('bobsmith'), 'bobsmith');
  });

  it('treats ー and dash look-alikes as separators but keeps kana apart', () => {
    for (const raw of ['ユーザー', 'ユ-ザ-', 'ﾕｰｻﾞｰ', 'ユ\u2014ザ\u2212', 'ユ\u2010ザ\u2015']) assert.equal(usernameKey(raw), 'ユザ', raw);
    assert.equal(usernameKey('ゆーざー'), 'ゆざ');
  });

  it('folds 0, 1 and | but not i, which would break case-folding of I', () => {
    assert.equal(usernameKey('r00t'), 'root');
    assert.equal(usernameKey('1ogin'), 'login');
    assert.equal(usernameKey('|ogin'), 'login');
    assert.equal(usernameKey('adm1n'), 'admln');
  });

  it('drops accents and the edges a login form may add', () => {
    assert.equal(usernameKey('Ádmin'), 'admin');
    assert.equal(usernameKey('  \u0130nfo  '), 'info');
  });
});

describe('reserved names', () => {
  it('refuses them in any case, width, spelling or look-alike', () => {
    const variants = [
      'admin',
      'Admin',
      'ADMIN',
      'Ａｄｍｉｎ',
      '\u0430dmin',
      'ad-min',
      'ad_min',
      'a.d.m.i.n',
      'Ádmin',
      'r00t',
      'SYSTEM',
      'm.e',
      'nu11',
      '管理者',
      'モデレーター',
      'ﾓﾃﾞﾚｰﾀｰ',
      'モデレ-タ-',
      '編集部',
      // 運営 and 公式 are too short on their own, so only padded spellings can reach the reserved check.
      '運_営',
      '運営ー',
      '公・式',
    ];
    for (const raw of variants) assert.deepEqual(checkUsername(raw), { ok: false, reason: 'reserved' }, raw);
  });

  it('does not refuse names that merely resemble or contain them', () => {
    for (const raw of ['4dmin', 'admins', 'mode', '管理者さん', 'HFR_fan']) assert.equal(reasonOf(raw), 'ok', raw);
  });
});
