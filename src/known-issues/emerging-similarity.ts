import { bigrams, normalizeText, pieces } from '../search/search-text';

// Whether two field reports describe the same symptom: the search tokenizer's pieces (one normalizer for
// the board), Japanese as character bigrams of its runs, English as word bigrams, and the words themselves
// while a text has few of them (two short texts share no pair of words, but do share "backup" and "57480").
// Across languages they share no such term: the symptom words both languages use for one thing (失敗 / fail,
// スケジュール / scheduled) are mapped to one concept, and two texts sharing enough concepts are alike too.

/** What a symptom text is compared by. */
export interface SymptomTerms {
  /** Japanese bigrams ("起動", "動し"), English word pairs ("backup exec") and, in a short text, its words. */
  terms: Set<string>;
  /** How many English (Latin, digit) words the text has. */
  words: number;
  /** The symptom concepts it names, in either language ("fail", "schedule"). */
  concepts: Set<string>;
}

/**
 * Symptom words of patch reports, Japanese (found inside a run, the longer first: 再起動 before 起動) and English
 * (whole words, with their endings), each pair naming one concept.
 */
const CONCEPTS: readonly { concept: string; ja: readonly string[]; en: RegExp }[] = [
  { concept: 'reboot', ja: ['再起動'], en: /^(reboot|restart)(s|ed|ing)?$/ },
  { concept: 'boot', ja: ['起動'], en: /^(boot|boots|booted|booting|startup)$/ },
  { concept: 'fail', ja: ['失敗'], en: /^fail(s|ed|ing|ure|ures)?$/ },
  { concept: 'error', ja: ['エラー'], en: /^errors?$/ },
  { concept: 'schedule', ja: ['スケジュール'], en: /^schedul(e|es|ed|er|ing)$/ },
  { concept: 'backup', ja: ['バックアップ'], en: /^backups?$/ },
  { concept: 'job', ja: ['ジョブ'], en: /^jobs?$/ },
  { concept: 'event', ja: ['イベント'], en: /^events?$/ },
  { concept: 'log', ja: ['ログ'], en: /^logs?$/ },
  { concept: 'server', ja: ['サーバ'], en: /^servers?$/ },
  { concept: 'partition', ja: ['パーティション'], en: /^partitions?$/ },
  { concept: 'missing', ja: ['見つからない', '見つかりません'], en: /^missing$/ },
  { concept: 'slow', ja: ['遅', '低下', '性能'], en: /^(slow|slows|slowly|slowdown|performance)$/ },
  { concept: 'antivirus', ja: ['ウイルス'], en: /^(antivirus|virus)$/ },
  { concept: 'rollback', ja: ['ロールバック'], en: /^(rollback|rolls|rolled)$/ },
  { concept: 'disk', ja: ['ディスク'], en: /^disks?$/ },
  { concept: 'space', ja: ['容量'], en: /^space$/ },
  { concept: 'denied', ja: ['拒否'], en: /^denied$/ },
  { concept: 'service', ja: ['サービス'], en: /^services?$/ },
  { concept: 'print', ja: ['印刷'], en: /^print(s|ing|er|ers)?$/ },
  { concept: 'network', ja: ['ネットワーク'], en: /^networks?$/ },
  { concept: 'crash', ja: ['クラッシュ'], en: /^crash(es|ed)?$/ },
  { concept: 'hang', ja: ['フリーズ', 'ハング', '応答しな', '応答なし'], en: /^(hang|hangs|freeze|freezes|frozen)$/ },
];

/** Concepts that say only that something went wrong: texts must share another concept to be alike by concepts. */
const WEAK_CONCEPTS = new Set(['fail', 'error']);

/** Texts are alike by concepts only when they share at least this many (one of them not weak). */
export const MIN_SHARED_CONCEPTS = 2;

/** Below this many English words a text's words count on their own, besides their pairs. */
export const SHORT_TEXT_WORDS = 12;

/**
 * Alike from this overlap coefficient on: chosen on the symptom texts of emerging-similarity.spec.ts (written
 * from MS04-044's known problems), where alike pairs in one language score 0.28 and more and unlike ones 0.15
 * and less; halfway, a little nearer the unlike side (a moderator dismisses a wrong group in one click).
 */
export const ALIKE_THRESHOLD = 0.22;

/**
 * The terms of one symptom text (plain text: the report's body without its Markdown). `software` holds the words
 * of the software the reports name (software-match.ts's softwareWords): the candidates already share it, so its
 * name says nothing of the symptom and is left out ("Backup Exec 8.6 のサービスが起動しない" is not alike to
 * "Backup Exec 8.6 scheduled jobs fail").
 */
export function symptomTerms(text: string, software: readonly string[] = []): SymptomTerms {
  const named = new Set(software);
  const terms = new Set<string>();
  const concepts = new Set<string>();
  const words: string[] = [];
  let previous: string | null = null;
  for (const p of pieces(normalizeText(text))) {
    if (p.type === 'cjk') {
      bigrams(p.text).forEach((b) => terms.add(b));
      let run = p.text;
      for (const c of CONCEPTS)
        for (const w of c.ja)
          if (run.includes(w)) {
            concepts.add(c.concept);
            // Taken out of the run: 再起動 is not also 起動.
            run = run.split(w).join('\u3000');
          }
      // A Japanese run separates English words: no pair spans it.
      previous = null;
      continue;
    }
    if (named.has(p.text)) {
      previous = null;
      continue;
    }
    words.push(p.text);
    for (const c of CONCEPTS) if (c.en.test(p.text)) concepts.add(c.concept);
    if (previous !== null) terms.add(`${previous} ${p.text}`);
    previous = p.text;
  }
  // Single letters and digits ("8" of "8.6") say nothing alone.
  if (words.length < SHORT_TEXT_WORDS) words.filter((w) => [...w].length > 1).forEach((w) => terms.add(w));
  return { terms, words: words.length, concepts };
}

/**
 * Overlap coefficient of two term sets: shared terms over the smaller set's size, so a short report that
 * says the same as part of a long one is alike (Jaccard would dilute it by the long one's other lines). Their
 * concepts, when they share enough of them, by Jaccard (a few concepts name a symptom; a text naming one more
 * than another is less alike); the higher of the two scores counts.
 */
export function symptomSimilarity(a: SymptomTerms, b: SymptomTerms): number {
  const byTerms = overlap(a.terms, b.terms);
  const shared = [...a.concepts].filter((c) => b.concepts.has(c));
  const byConcepts =
    shared.length >= MIN_SHARED_CONCEPTS && shared.some((c) => !WEAK_CONCEPTS.has(c))
      ? shared.length / new Set([...a.concepts, ...b.concepts]).size
      : 0;
  return Math.max(byTerms, byConcepts);
}

function overlap(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const t of small) if (large.has(t)) shared++;
  return shared / small.size;
}

/** Two symptom texts are alike: their similarity reaches the threshold. */
export function alike(a: SymptomTerms, b: SymptomTerms, threshold: number = ALIKE_THRESHOLD): boolean {
  return symptomSimilarity(a, b) >= threshold;
}

/**
 * Symptom terms kept between reports, the least recently used dropped first: each new report of an advisory is compared
 * with the same few hundred newest ones, whose terms would otherwise be read again every time. Held terms are bounded,
 * however long the symptoms. What it gives is read-only.
 */
export class SymptomTermsMemo {
  private readonly entries = new Map<string, SymptomTerms>();
  private held = 0;

  constructor(private readonly maxTerms: number) {}

  terms(text: string, software: readonly string[]): SymptomTerms {
    const key = `${software.join('\u0001')}\u0000${text}`;
    let terms = this.entries.get(key);
    if (terms) {
      this.entries.delete(key);
    } else {
      terms = symptomTerms(text, software);
      this.held += weight(terms);
      while (this.held > this.maxTerms && this.entries.size) {
        const [oldest, dropped] = this.entries.entries().next().value as [string, SymptomTerms];
        this.entries.delete(oldest);
        this.held -= weight(dropped);
      }
    }
    this.entries.set(key, terms);
    return terms;
  }
}

function weight(t: SymptomTerms): number {
  return t.terms.size + t.concepts.size + 1;
}
