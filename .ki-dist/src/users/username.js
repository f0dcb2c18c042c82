"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.usernameKey = usernameKey;
exports.checkUsername = checkUsername;
const MIN_LENGTH = 3;
const MAX_LENGTH = 32;
const EDGE_SPACE = /^\p{White_Space}+|\p{White_Space}+$/gu;
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u3164\uFE00-\uFE0F\uFEFF\uFFA0\u{E0000}-\u{E007F}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const SHAPE = /^(?!ー)(?:\p{L}\p{M}*|\p{Nd})(?:\p{L}\p{M}*|\p{Nd}|[_.\-・])*$/u;
const DOUBLED_PUNCTUATION = /[_.\-]{2}/;
const DIACRITICS = /[\u0300-\u036F]/g;
const SEPARATORS = /[_.\-\u30FB\u30FC\u2010-\u2015\u2212\uFF70]/g;
const zip = (from, to) => [...from].map((ch, i) => [ch, to[i]]);
const CONFUSABLES = new Map([
    ...zip('\u0430\u0432\u0435\u0456\u0458\u043A\u043C\u043D\u043E\u0440\u0441\u0442\u0443\u0445\u0455\u0501\u04BB\u04CF\u051B\u051D\u044C', 'abeijkmhopctyxsdhlqwb'),
    ...zip('\u03B1\u03B2\u03B3\u03B5\u03B7\u03B9\u03BA\u03BC\u03BD\u03BF\u03C1\u03C4\u03C5\u03C7\u03C9\u03F2\u03F3', 'abyenikuvoptuxwcj'),
    ...zip('\u0397\u039C\u039D\u03A5\u0396', 'hmnyz'),
    ...zip('\u0131\u0251\u0261', 'iag'),
    ...zip('01|', 'oll'),
]);
const RESERVED = [
    'admin', 'administrator', 'root', 'system', 'moderator', 'mod', 'editor', 'staff', 'support', 'security',
    'hfr', 'hotfix', 'hotfixreport', 'official', 'null', 'undefined', 'anonymous', 'guest', 'me',
    'login', 'logout', 'register', 'api', 'www', 'mail', '管理者', '運営', '公式', '編集部', 'モデレーター',
];
const normalize = (raw) => raw.normalize('NFKC').replace(EDGE_SPACE, '');
function usernameKey(raw) {
    let key = '';
    for (const ch of normalize(raw).normalize('NFD').replace(DIACRITICS, '')) {
        const lower = ch.toLowerCase();
        key += CONFUSABLES.get(ch) ?? CONFUSABLES.get(lower) ?? lower;
    }
    return key.normalize('NFKC').replace(SEPARATORS, '');
}
const RESERVED_KEYS = new Set(RESERVED.map(usernameKey));
function checkUsername(raw) {
    const username = normalize(raw);
    if (INVISIBLE.test(username))
        return { ok: false, reason: 'invisible' };
    const length = [...username].length;
    if (length < MIN_LENGTH || length > MAX_LENGTH)
        return { ok: false, reason: 'length' };
    if (!SHAPE.test(username) || DOUBLED_PUNCTUATION.test(username))
        return { ok: false, reason: 'characters' };
    const key = usernameKey(username);
    if (RESERVED_KEYS.has(key))
        return { ok: false, reason: 'reserved' };
    return { ok: true, username, key };
}
//# sourceMappingURL=username.js.map