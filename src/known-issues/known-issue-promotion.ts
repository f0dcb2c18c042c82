import { LIMITS } from '../common/limits';
import { clip } from '../common/text/clip';
import { htmlToText } from '../search/search-sources';
import { bigrams, normalizeText, pieces } from '../search/search-text';
import { KnownIssueStatus } from './known-issue.entity';

// Promoting a field report: the title suggested from it, and the advisory's issues that look like the same
// problem (so the moderator attaches the report to one of them instead of pinning the problem twice).

/** What a promoted report says: its software, its platform's label, its text (plain, not Markdown). */
export interface PromotedReport {
  software: string;
  platformKey: string | null;
  platformLabel: string;
  text: string;
}

/** An issue as the look-alike ranking reads it. */
export interface IssueFacts {
  id: number;
  title: string;
  symptom: string;
  software: string;
  platforms: string[];
  status: KnownIssueStatus;
}

export interface AlikeIssue<I extends IssueFacts> {
  issue: I;
  sameSoftware: boolean;
  samePlatform: boolean;
  /** Dice coefficient of the words and Japanese bigrams of the issue's title and symptom and of the report. */
  similarity: number;
  sharedWords: number;
}

/** A report's sanitized HTML as the plain text a known issue's symptom is: one line a paragraph or item, no blank lines. */
export function reportText(html: string): string {
  return htmlToText(html)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
}

/** Shown at most; an advisory has few issues, and more than this would not be read. */
export const MAX_ALIKE = 5;

/** Below this share of words, an issue of other software looks alike only on the same platform, and then above the lower share. */
const SIMILAR = 0.15;
const SIMILAR_ON_PLATFORM = 0.08;

/** The report's first sentence or line, quoted lines left out, spaces collapsed ("" when it has none). */
export function firstSentence(text: string): string {
  const line = text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .find((l) => l !== '' && !l.startsWith('>'));
  if (!line) return '';
  // A Japanese sentence ends at 。！？, an English one at ". " (not "8.6" or "KB885835.").
  const end = /[。！？!?]|\.(?=\s)/.exec(line);
  return (end ? line.slice(0, end.index) : line).trim();
}

/** "Software: first sentence (platform)" within the title limit; the sentence is cut (with …) before the rest is. */
export function promotedTitle(report: PromotedReport, max: number = LIMITS.knownIssueTitle): string {
  const head = report.software ? `${report.software}: ` : '';
  const tail = report.platformLabel ? ` (${report.platformLabel})` : '';
  const room = max - head.length - tail.length;
  const sentence = firstSentence(report.text);
  if (room < 2) return clip(`${head}${sentence}${tail}`, max).trim();
  const fitted = sentence.length > room ? `${clip(sentence, room - 1)}…` : sentence;
  return `${[report.software, fitted].filter(Boolean).join(': ')}${tail}`.trim();
}

/** In a Japanese run: katakana words whole (バックアップ, not its bigrams), kanji as bigrams, hiragana (grammar) left out. */
const KATAKANA = /[\p{scx=Kana}ー]{2,}/gu;
const KANJI = /\p{scx=Han}{2,}/gu;

/**
 * What a text is about, to compare: its words (the search tokenizer's, after its normalizer), its katakana
 * words and its kanji bigrams. Single characters and grammar say too little.
 */
function words(text: string): Set<string> {
  const out = new Set<string>();
  for (const p of pieces(normalizeText(text))) {
    if (p.type === 'word') {
      if ([...p.text].length > 1) out.add(p.text);
      continue;
    }
    for (const m of p.text.matchAll(KATAKANA)) out.add(m[0]);
    for (const m of p.text.matchAll(KANJI)) bigrams(m[0]).forEach((b) => out.add(b));
  }
  return out;
}

/** The same product: equal, or one name inside the other ("Backup Exec 8.6" in "VERITAS Backup Exec 8.6"). */
function sameSoftware(a: string, b: string): boolean {
  const x = normalizeText(a).replace(/\s+/g, ' ').trim();
  const y = normalizeText(b).replace(/\s+/g, ' ').trim();
  if (!x || !y) return false;
  return x === y || (Math.min(x.length, y.length) >= 4 && (x.includes(y) || y.includes(x)));
}

/**
 * The advisory's issues that look like the report's problem, most alike first: the same software before
 * the rest, then a shared platform, then the share of words in common; at most MAX_ALIKE.
 */
export function alikeIssues<I extends IssueFacts>(report: PromotedReport, issues: I[]): AlikeIssue<I>[] {
  const mine = words(report.text);
  return issues
    .map((issue) => {
      const theirs = words(`${issue.title}\n${issue.symptom}`);
      const shared = [...theirs].filter((w) => mine.has(w)).length;
      return {
        issue,
        sameSoftware: sameSoftware(report.software, issue.software),
        samePlatform: report.platformKey !== null && issue.platforms.includes(report.platformKey),
        similarity: mine.size + theirs.size ? (2 * shared) / (mine.size + theirs.size) : 0,
        sharedWords: shared,
      };
    })
    .filter((a) => a.sameSoftware || a.similarity >= SIMILAR || (a.samePlatform && a.similarity >= SIMILAR_ON_PLATFORM))
    .sort(
      (a, b) =>
        Number(b.sameSoftware) - Number(a.sameSoftware) || Number(b.samePlatform) - Number(a.samePlatform) || b.similarity - a.similarity,
    )
    .slice(0, MAX_ALIKE);
}
