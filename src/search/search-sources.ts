import { facet, SearchKind, SearchSource } from './search-text';

/**
 * What each kind of document puts in the index, and the same text again for snippets at query time
 * (built from the stored rows, so nothing but tokens is kept twice).
 */

export interface PostFacts {
  bodyHtml: string;
  isReport: boolean;
  advisoryId: string;
  software: string | null;
  platformKey: string | null;
  outcome: string | null;
}

export interface KnownIssueFacts {
  title: string;
  symptom: string;
  software: string;
  workaround: string;
  resolution: string;
  references: string[];
  platforms: string[];
  advisoryId: string;
}

export interface AdvisoryFacts {
  id: string;
  kb: string[];
  title: string;
  officialTitle?: string | null;
  summary: string;
  vulnerabilities: { name: string; detail: string }[];
  editorNotes: { title: string; body: string }[];
  packages: { fileName: string; updateTitle?: string; files: { name: string }[] }[];
  references: { kind: string; label: string; title?: string }[];
  platformKeys: string[];
}

const BLOCK_END = /<\/(?:p|li|h[1-6]|blockquote|pre|tr|td|th|table|ul|ol)>|<br\s*\/?>/gi;
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|lt|gt|quot|apos|nbsp));/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The readable text of a post's sanitized HTML (our own renderer's output, not arbitrary HTML). */
export function htmlToText(html: string): string {
  return html
    .replace(BLOCK_END, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      const code = dec ? Number(dec) : hex ? parseInt(hex, 16) : NaN;
      if (name) return NAMED[name.toLowerCase()] ?? whole;
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    })
    .trim();
}

export const kb = (n: string) => (/^\d+$/.test(n) ? `KB${n}` : n);

export function postKind(p: { isReport: boolean }): SearchKind {
  return p.isReport ? 'report' : 'post';
}

export function postSource(p: PostFacts): SearchSource {
  const facets = [facet.kind(postKind(p)), facet.advisory(p.advisoryId)];
  if (p.isReport) {
    facets.push(facet.platform(p.platformKey ?? 'other'));
    if (p.outcome) facets.push(facet.outcome(p.outcome));
  }
  return { title: '', software: p.isReport ? (p.software ?? '') : '', body: htmlToText(p.bodyHtml), facets };
}

export function knownIssueBody(i: KnownIssueFacts): string {
  return [i.symptom, i.workaround, i.resolution, i.references.map(kb).join(' ')].filter(Boolean).join('\n');
}

export function knownIssueSource(i: KnownIssueFacts): SearchSource {
  return {
    title: i.title,
    software: i.software,
    body: knownIssueBody(i),
    facets: [facet.kind('known-issue'), facet.advisory(i.advisoryId), ...i.platforms.map(facet.platform)],
  };
}

/** The bulletin's searchable text: id, KB numbers, titles, summary, vulnerabilities, editor notes, file names, references. */
export function advisoryBody(a: AdvisoryFacts): string {
  return [...advisorySections(a)].filter(Boolean).join('\n');
}

/**
 * The bulletin's text in order, a section at a time: a snippet reads only as far as its match, so the fields after it
 * are never touched when `a` gives them lazily. The file names (~11 KB of JSON) come last: a match at the end of the
 * notes reads on into the short references, not into them.
 */
export function* advisorySections(a: AdvisoryFacts): Generator<string> {
  yield [a.id, ...a.kb.map(kb)].join(' ');
  yield a.officialTitle ?? '';
  yield a.summary;
  for (const v of a.vulnerabilities) yield `${v.name}\n${v.detail}`;
  for (const n of a.editorNotes) yield `${n.title}\n${n.body}`;
  for (const r of a.references) yield [r.kind === 'kb' ? kb(r.label) : r.label, r.title ?? ''].filter(Boolean).join(' ');
  for (const p of a.packages) yield [p.fileName, p.updateTitle ?? '', ...p.files.map((f) => f.name)].filter(Boolean).join(' ');
}

export function advisorySource(a: AdvisoryFacts): SearchSource {
  return {
    title: a.title,
    software: '',
    body: advisoryBody(a),
    facets: [facet.kind('advisory'), facet.advisory(a.id), ...a.platformKeys.map(facet.platform)],
  };
}
