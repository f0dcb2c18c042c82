import { LIMITS } from '../common/limits';

export type UsernameProblem = 'length' | 'invisible' | 'characters' | 'reserved';
export type UsernameCheck = { ok: true; username: string; key: string } | { ok: false; reason: UsernameProblem };

// Unicode White_Space, unlike String#trim, excludes U+FEFF, so a pasted BOM is reported instead of silently dropped.
const EDGE_SPACE = /^\p{White_Space}+|\p{White_Space}+$/gu;

// The explicit list, then Cc/Cf and Default_Ignorable for whatever it misses (e.g. Khmer inherent vowels U+17B4).
// The combining U+034F and U+FE00–FE0F stand where no character precedes them, so none reads as one combined character.
const INVISIBLE =
  /[\u034F\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u3164\uFEFF\uFFA0\u{E0000}-\u{E007F}\p{Cc}\p{Cf}\uFE00-\uFE0F\p{Default_Ignorable_Code_Point}]/u;

// Marks only ride on a letter; ー is a letter to Unicode but reads as a dash, so it may not lead.
const SHAPE = /^(?!ー)(?:\p{L}\p{M}*|\p{Nd})(?:\p{L}\p{M}*|\p{Nd}|[_.\-・])*$/u;
const DOUBLED_PUNCTUATION = /[_.-]{2}/;

// Accents come off first so that Ádmin and Ή land in the same bucket as their bare letters.
const DIACRITICS = /[\u0300-\u036F]/g;

// Separators and dash look-alikes vanish so that ad-min, ad_min and admin collide: ・ ー ‐ ‑ ‒ – — ― − ｰ.
const SEPARATORS = /[_.\-\u30FB\u30FC\u2010-\u2015\u2212\uFF70]/g;

const zip = (from: string, to: string) => [...from].map((ch, i) => [ch, to[i]] as const);

// Looked up before lower-casing, so capitals whose small form looks different (Greek Η is H, η is n) get their own entry.
const CONFUSABLES = new Map<string, string>([
  // Cyrillic а в е і ј к м н о р с т у х ѕ ԁ һ ӏ ԛ ԝ ь
  ...zip(
    '\u0430\u0432\u0435\u0456\u0458\u043A\u043C\u043D\u043E\u0440\u0441\u0442\u0443\u0445\u0455\u0501\u04BB\u04CF\u051B\u051D\u044C',
    'abeijkmhopctyxsdhlqwb',
  ),
  // Greek α β γ ε η ι κ μ ν ο ρ τ υ χ ω ϲ ϳ
  ...zip('\u03B1\u03B2\u03B3\u03B5\u03B7\u03B9\u03BA\u03BC\u03BD\u03BF\u03C1\u03C4\u03C5\u03C7\u03C9\u03F2\u03F3', 'abyenikuvoptuxwcj'),
  // Greek capitals Η Μ Ν Υ Ζ
  ...zip('\u0397\u039C\u039D\u03A5\u0396', 'hmnyz'),
  // Latin dotless ı, alpha ɑ, script ɡ; then digits and the bar. i is not folded to l, or ADMIN and admin would part.
  ...zip('\u0131\u0251\u0261', 'iag'),
  ...zip('01|', 'oll'),
]);

const RESERVED = [
  'admin',
  'administrator',
  'root',
  'system',
  'moderator',
  'mod',
  'editor',
  'staff',
  'support',
  'security',
  'hfr',
  'hotfix',
  'hotfixreport',
  'official',
  'null',
  'undefined',
  'anonymous',
  'guest',
  'me',
  'login',
  'logout',
  'register',
  'api',
  'www',
  'mail',
  '管理者',
  '運営',
  '公式',
  '編集部',
  'モデレーター',
];

const normalize = (raw: string) => raw.normalize('NFKC').replace(EDGE_SPACE, '');

/** Uniqueness key: case-, width-, accent- and separator-blind, with Cyrillic/Greek look-alikes folded to Latin. */
export function usernameKey(raw: string): string {
  let key = '';
  for (const ch of normalize(raw).normalize('NFD').replace(DIACRITICS, '')) {
    const lower = ch.toLowerCase();
    key += CONFUSABLES.get(ch) ?? CONFUSABLES.get(lower) ?? lower;
  }
  return key.normalize('NFKC').replace(SEPARATORS, '');
}

const RESERVED_KEYS = new Set(RESERVED.map(usernameKey));

export function checkUsername(raw: string): UsernameCheck {
  const username = normalize(raw);
  // Checked before length, because hidden characters would otherwise pad a short name past the minimum.
  if (INVISIBLE.test(username)) return { ok: false, reason: 'invisible' };
  // Spread counts code points, so 𠮷 is one character, not two UTF-16 units.
  const length = [...username].length;
  if (length < LIMITS.usernameMin || length > LIMITS.username) return { ok: false, reason: 'length' };
  if (!SHAPE.test(username) || DOUBLED_PUNCTUATION.test(username)) return { ok: false, reason: 'characters' };
  const key = usernameKey(username);
  if (RESERVED_KEYS.has(key)) return { ok: false, reason: 'reserved' };
  return { ok: true, username, key };
}
