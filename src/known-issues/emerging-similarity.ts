import { bigrams, normalizeText, pieces } from '../search/search-text';

// Whether two field reports describe the same symptom: the search tokenizer's pieces (one normalizer for
// the board), Japanese as character bigrams of its runs, English as word bigrams, and the words themselves
// while a text has few of them (two short texts share no pair of words, but do share "backup" and "57480").

/** What a symptom text is compared by. */
export interface SymptomTerms {
  /** Japanese bigrams ("起動", "動し"), English word pairs ("backup exec") and, in a short text, its words. */
  terms: Set<string>;
  /** How many English (Latin, digit) words the text has. */
  words: number;
}

/** Below this many English words a text's words count on their own, besides their pairs. */
export const SHORT_TEXT_WORDS = 12;

/**
 * Alike from this overlap coefficient on: chosen on the symptom texts of emerging-similarity.spec.ts (written
 * from MS04-044's known problems), where alike pairs in one language score 0.28 and more and unlike ones 0.15
 * and less; halfway, a little nearer the unlike side (a moderator dismisses a wrong group in one click).
 */
export const ALIKE_THRESHOLD = 0.22;

/** The terms of one symptom text (plain text: the report's body without its Markdown). */
export function symptomTerms(text: string): SymptomTerms {
  const terms = new Set<string>();
  const words: string[] = [];
  let previous: string | null = null;
  for (const p of pieces(normalizeText(text))) {
    if (p.type === 'cjk') {
      bigrams(p.text).forEach((b) => terms.add(b));
      // A Japanese run separates English words: no pair spans it.
      previous = null;
      continue;
    }
    words.push(p.text);
    if (previous !== null) terms.add(`${previous} ${p.text}`);
    previous = p.text;
  }
  // Single letters and digits ("8" of "8.6") say nothing alone.
  if (words.length < SHORT_TEXT_WORDS) words.filter((w) => [...w].length > 1).forEach((w) => terms.add(w));
  return { terms, words: words.length };
}

/**
 * Overlap coefficient of two term sets: shared terms over the smaller set's size, so a short report that
 * says the same as part of a long one is alike (Jaccard would dilute it by the long one's other lines).
 */
export function symptomSimilarity(a: SymptomTerms, b: SymptomTerms): number {
  const [small, large] = a.terms.size <= b.terms.size ? [a.terms, b.terms] : [b.terms, a.terms];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const t of small) if (large.has(t)) shared++;
  return shared / small.size;
}

/** Two symptom texts are alike: their similarity reaches the threshold. */
export function alike(a: SymptomTerms, b: SymptomTerms, threshold: number = ALIKE_THRESHOLD): boolean {
  return symptomSimilarity(a, b) >= threshold;
}
