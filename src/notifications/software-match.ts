/**
 * The rule that says whether a line of a member's software names an issue's software: the line's words, in
 * order, are whole words of the issue's software. Both sides are NFKC-normalized (full and half width alike) and
 * lower-cased; a word is a run of kanji, of kana, or of other letters and digits, so punctuation and spacing do
 * not count ("Backup-Exec" is "Backup Exec") and a word is never cut ("Exec" does not name "Executive").
 * "Backup Exec" names "VERITAS Backup Exec 8.6"; "ウイルスバスター" names "ウイルスバスター2004".
 */

const WORD =
  /\p{Script=Han}+|[\p{Script=Hiragana}\p{Script=Katakana}ー゛゜]+|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー])[\p{L}\p{M}\p{N}])+/gu;

/** Longer words are cut here on both sides alike, so that an index entry stays small. */
const WORD_CHARS = 64;

/** The words of a text as the rule reads them. */
export function softwareWords(text: string): string[] {
  return [...text.normalize('NFKC').toLowerCase().matchAll(WORD)].map((m) => [...m[0]].slice(0, WORD_CHARS).join(''));
}

/** The words between single spaces, with a space at each end: a line names an issue when its key is inside the issue's key. */
export function softwareKey(text: string): string {
  const words = softwareWords(text);
  return words.length ? ` ${words.join(' ')} ` : '';
}

/** Whether a member's line names the issue's software (both given as softwareKey made them). */
export function softwareMatches(lineKey: string, issueKey: string): boolean {
  return lineKey !== '' && issueKey.includes(lineKey);
}

/**
 * The terms an index looks up by: a platform is `p:` and its key, a word `w:` and the word. An issue is filed under
 * each of its platforms and words; a member's line under its first word, the SQL then testing the whole line
 * with `like '%' || key || '%'` (keys hold letters, digits and spaces only, never LIKE's wildcards).
 */
export const platformTerm = (key: string) => `p:${key}`;
export const wordTerm = (word: string) => `w:${word}`;

/** The terms an issue is filed under: its platforms and the words of its software key. */
export function issueTerms(platforms: string[], softwareKey: string): string[] {
  const words = softwareKey.split(' ').filter((w) => w !== '');
  return [...new Set([...platforms.map(platformTerm), ...words.map(wordTerm)])];
}
