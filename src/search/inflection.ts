/**
 * Japanese verbs in the other forms people write them in: 起動しない is also 起動しなくなる and 起動できない,
 * 失敗した is also 失敗する, 動かない is also 動きません and 動いた. No dictionary: a verb is read from its shape
 * (a stem ending in kanji or katakana, then hiragana), and only the forms below are recognised. What it returns
 * is the stem with each way the verb can go on; a document holding one of them is a match of the second rank.
 */

const HIRAGANA = /^[\u3041-\u309f]+$/;
const STEM_END = /[\u4e00-\u9fff\u3005\u30a1-\u30fc]$/u;
/** A verb written with okurigana has one kanji before its kana (止まる, 落ちる); 問題がない is a noun and a particle. */
const ONE_KANJI_END = /(?:^|[^\u4e00-\u9fff\u3005])[\u4e00-\u9fff]$/u;

/** サ変 verbs (a noun + する): 起動し, 起動す, 起動さ(れる), 起動せ(ず), 起動でき(ない). */
const SURU_STARTS = ['し', 'す', 'さ', 'せ', 'でき'];
const SURU_ALTERNATIVES = ['し', 'す', 'さ', 'せ', 'でき'];

/** 五段 rows and the kana their て/た forms take (書いた, 止まった, 読んだ). */
const ROWS: [string, string][] = [
  ['かきくけこ', 'い'],
  ['がぎぐげご', 'い'],
  ['さしすせそ', ''],
  ['たちつてと', 'っ'],
  ['なにぬねの', 'ん'],
  ['ばびぶべぼ', 'ん'],
  ['まみむめも', 'ん'],
  ['らりるれろ', 'っ'],
  ['わいうえお', 'っ'],
];

/** What follows the changing kana in the forms recognised: negative (ない, ず), polite (ます, ません), plain. */
const NEGATIVE = ['ない', 'なかった', 'なく', 'なくなる', 'なくなった', 'なくて', 'ず', 'れない', 'せない'];
const POLITE = ['ます', 'ません', 'ました', 'ませんでした'];
/** 一段 verbs keep their kana in every form (落ちない, 落ちた, 落ちる; 消えない, 消えた). */
const ICHIDAN = [...NEGATIVE, ...POLITE, 'る', 'た', 'て', 'られる', 'られない'];

/**
 * The forms to look for besides the one typed, each a string to find as a phrase, or null when the run is
 * not a verb form recognised here. Quoted text is never passed here: quotes ask for the exact words.
 */
export function inflections(run: string): string[] | null {
  const chars = Array.from(run);
  let cut = chars.length;
  while (cut > 0 && HIRAGANA.test(chars[cut - 1])) cut--;
  const stem = chars.slice(0, cut).join('');
  const tail = chars.slice(cut).join('');
  if (!tail || !STEM_END.test(stem)) return null;
  // A noun of two or more characters then a form of する (一字の「直す」 is a 五段 verb, below).
  if (cut >= 2 && SURU_STARTS.some((s) => tail.startsWith(s))) return SURU_ALTERNATIVES.map((s) => stem + s);
  return ONE_KANJI_END.test(stem) ? godan(stem, tail) : null;
}

/**
 * 動かない, 止まらない, 動きます, 動く: the stem with every kana of the changing row (and its て/た kana).
 * 落ちない, 消えない: the stem with its kana, which no form changes.
 */
function godan(stem: string, tail: string): string[] | null {
  const kana = Array.from(tail);
  // At most one fixed kana before the changing one (止 + ま + らない).
  for (const fixed of [0, 1]) {
    const changing = kana[fixed];
    if (!changing) return null;
    const rest = kana.slice(fixed + 1).join('');
    const row = ROWS.find(([r]) => r.includes(changing));
    if (!row) continue;
    const vowel = row[0].indexOf(changing);
    const recognised = (vowel === 0 && NEGATIVE.includes(rest)) || (vowel === 1 && POLITE.includes(rest)) || (vowel === 2 && rest === '');
    const base = stem + kana.slice(0, fixed).join('');
    if (!recognised) {
      if ((vowel === 1 || vowel === 3) && ICHIDAN.includes(rest)) return [base + changing];
      continue;
    }
    return [...Array.from(row[0]), ...(row[1] ? [row[1]] : [])].map((k) => base + k);
  }
  return null;
}
