"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const username_1 = require("./username");
const reasonOf = (raw) => {
    const sut = (0, username_1.checkUsername)(raw);
    return sut.ok ? 'ok' : sut.reason;
};
const hex = (ch) => 'U+' + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
(0, node_test_1.describe)('checkUsername', () => {
    (0, node_test_1.it)('NFKC-normalizes full-width and half-width input and trims the edges', () => {
        strict_1.default.deepEqual((0, username_1.checkUsername)('ＡＢＣ'), { ok: true, username: 'ABC', key: 'abc' });
        strict_1.default.deepEqual((0, username_1.checkUsername)('ｶﾀｶﾅ'), { ok: true, username: 'カタカナ', key: 'カタカナ' });
        strict_1.default.deepEqual((0, username_1.checkUsername)('ﾃﾞｰﾀ'), { ok: true, username: 'データ', key: 'デタ' });
        strict_1.default.deepEqual((0, username_1.checkUsername)('\u3000 Ｔａｎａｋａ１２３\t\n'), { ok: true, username: 'Tanaka123', key: 'tanakal23' });
    });
    (0, node_test_1.it)('accepts Japanese names', () => {
        strict_1.default.deepEqual((0, username_1.checkUsername)('田中太郎'), { ok: true, username: '田中太郎', key: '田中太郎' });
        strict_1.default.deepEqual((0, username_1.checkUsername)('やまだ'), { ok: true, username: 'やまだ', key: 'やまだ' });
        strict_1.default.deepEqual((0, username_1.checkUsername)('テスト・ユーザー'), { ok: true, username: 'テスト・ユーザー', key: 'テストユザ' });
        strict_1.default.deepEqual((0, username_1.checkUsername)('佐藤_2004'), { ok: true, username: '佐藤_2004', key: '佐藤2oo4' });
        strict_1.default.deepEqual((0, username_1.checkUsername)('佐々木'), { ok: true, username: '佐々木', key: '佐々木' });
    });
    (0, node_test_1.it)('counts length in code points after normalization', () => {
        strict_1.default.equal(reasonOf('ab'), 'length');
        strict_1.default.equal(reasonOf('a'.repeat(33)), 'length');
        strict_1.default.equal(reasonOf('a'.repeat(32)), 'ok');
        strict_1.default.equal(reasonOf(' \u3000 '), 'length');
        const longest = '𠮷' + '田'.repeat(31);
        strict_1.default.equal(longest.length, 33);
        strict_1.default.deepEqual((0, username_1.checkUsername)(longest), { ok: true, username: longest, key: longest });
        strict_1.default.equal(reasonOf('𠮷𠮷'), 'length');
        strict_1.default.deepEqual((0, username_1.checkUsername)('㍿'), { ok: true, username: '株式会社', key: '株式会社' });
    });
    (0, node_test_1.it)('rejects every invisible, zero-width and bidi control character', () => {
        const invisible = [
            '\u200B', '\u200C', '\u200D', '\u200E', '\u200F',
            '\u202A', '\u202B', '\u202C', '\u202D', '\u202E',
            '\u2060', '\u2061', '\u2062', '\u2063', '\u2064',
            '\u2066', '\u2067', '\u2068', '\u2069',
            '\uFEFF', '\u00AD', '\u034F', '\u061C', '\u180E',
            '\u115F', '\u1160', '\u3164', '\uFFA0',
            '\uFE00', '\uFE0F', '\u{E0001}', '\u{E0041}', '\u{E007F}',
            '\u0000', '\t', '\u007F', '\u0085', '\u17B4',
        ];
        for (const ch of invisible)
            strict_1.default.equal(reasonOf(`tana${ch}ka`), 'invisible', hex(ch));
    });
    (0, node_test_1.it)('does not trim invisible characters away at the edges', () => {
        strict_1.default.equal(reasonOf('\uFEFFtanaka'), 'invisible');
        strict_1.default.equal(reasonOf('tanaka\u3164'), 'invisible');
        strict_1.default.equal(reasonOf('tanaka\u200B'), 'invisible');
        strict_1.default.equal(reasonOf('ab\u200B'), 'invisible');
    });
    (0, node_test_1.it)('rejects whitespace, markup characters and emoji', () => {
        for (const raw of ['bob smith', 'bob　smith', 'bob<x', 'bob>x', 'bob"x', "bob'x", 'bob/x', 'bob@x', 'bob😀', 'bob＜x', 'bob\u2028x']) {
            strict_1.default.equal(reasonOf(raw), 'characters', raw);
        }
    });
    (0, node_test_1.it)('requires a letter or digit first and no doubled punctuation', () => {
        for (const raw of ['_bob', '.bob', '-bob', 'ーbob', '・bob', 'bob__x', 'bob.-x', 'bob..x']) {
            strict_1.default.equal(reasonOf(raw), 'characters', raw);
        }
        strict_1.default.equal(reasonOf('2004_bob.x-y'), 'ok');
        strict_1.default.equal(reasonOf('すごーーい'), 'ok');
    });
    (0, node_test_1.it)('allows combining marks only after a letter', () => {
        strict_1.default.deepEqual((0, username_1.checkUsername)('สวัสดี'), { ok: true, username: 'สวัสดี', key: 'สวัสดี' });
        strict_1.default.equal(reasonOf('\u0301abc'), 'characters');
        strict_1.default.equal(reasonOf('ab1\u0301'), 'characters');
    });
});
(0, node_test_1.describe)('usernameKey', () => {
    (0, node_test_1.it)('folds case, width and Cyrillic or Greek look-alikes to one key', () => {
        for (const raw of ['admin', 'ADMIN', 'Ａｄｍｉｎ', '\u0430dmin', '\u0410DMIN', '\u0391DMIN', '\u0391D\u039C\u0399\u039D', '\u03B1dmin']) {
            strict_1.default.equal((0, username_1.usernameKey)(raw), 'admin', raw);
        }
        strict_1.default.equal((0, username_1.usernameKey)('p\u0430yp\u0430l'), 'paypal');
        strict_1.default.equal((0, username_1.usernameKey)('\u0440\u0430\u0443p\u0430l'), 'paypal');
        strict_1.default.equal((0, username_1.usernameKey)('paypal'), 'paypal');
    });
    (0, node_test_1.it)('ignores _ - . so that separators cannot split a name', () => {
        strict_1.default.equal((0, username_1.usernameKey)('Bob_Smith'), 'bobsmith');
        strict_1.default.equal((0, username_1.usernameKey)('bob.smith'), 'bobsmith');
        strict_1.default.equal((0, username_1.usernameKey)('bobsmith'), 'bobsmith');
    });
    (0, node_test_1.it)('treats ー and dash look-alikes as separators but keeps kana apart', () => {
        for (const raw of ['ユーザー', 'ユ-ザ-', 'ﾕｰｻﾞｰ', 'ユ\u2014ザ\u2212', 'ユ\u2010ザ\u2015'])
            strict_1.default.equal((0, username_1.usernameKey)(raw), 'ユザ', raw);
        strict_1.default.equal((0, username_1.usernameKey)('ゆーざー'), 'ゆざ');
    });
    (0, node_test_1.it)('folds 0, 1 and | but not i, which would break case-folding of I', () => {
        strict_1.default.equal((0, username_1.usernameKey)('r00t'), 'root');
        strict_1.default.equal((0, username_1.usernameKey)('1ogin'), 'login');
        strict_1.default.equal((0, username_1.usernameKey)('|ogin'), 'login');
        strict_1.default.equal((0, username_1.usernameKey)('adm1n'), 'admln');
    });
    (0, node_test_1.it)('drops accents and the edges a login form may add', () => {
        strict_1.default.equal((0, username_1.usernameKey)('Ádmin'), 'admin');
        strict_1.default.equal((0, username_1.usernameKey)('  \u0130nfo  '), 'info');
    });
});
(0, node_test_1.describe)('reserved names', () => {
    (0, node_test_1.it)('refuses them in any case, width, spelling or look-alike', () => {
        const variants = [
            'admin', 'Admin', 'ADMIN', 'Ａｄｍｉｎ', '\u0430dmin', 'ad-min', 'ad_min', 'a.d.m.i.n', 'Ádmin', 'r00t', 'SYSTEM',
            'm.e', 'nu11', '管理者', 'モデレーター', 'ﾓﾃﾞﾚｰﾀｰ', 'モデレ-タ-', '編集部',
            '運_営', '運営ー', '公・式',
        ];
        for (const raw of variants)
            strict_1.default.deepEqual((0, username_1.checkUsername)(raw), { ok: false, reason: 'reserved' }, raw);
    });
    (0, node_test_1.it)('does not refuse names that merely resemble or contain them', () => {
        for (const raw of ['4dmin', 'admins', 'mode', '管理者さん', 'HFR_fan'])
            strict_1.default.equal(reasonOf(raw), 'ok', raw);
    });
});
//# sourceMappingURL=username.spec.js.map