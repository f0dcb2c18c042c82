import { normalizeAdvisoryId } from '../advisories/advisory-format';
import { knownIssuePath, permalinkPath } from '../paths';
import type { CitationKind } from './citation.entity';

/**
 * Editors cite a post or a known issue by pasting its address into an editor note: exactly what they
 * copy from the board (`/posts/123`, `/advisories/MS04-044/known-issues#ki4`), relative or absolute
 * on PUBLIC_BASE_URL. Nothing new in the import format: the citation lives in the note's text.
 */

export interface Cite {
  kind: CitationKind;
  targetId: number;
  /** The advisory named in a known issue's address (it must be the issue's own). */
  advisoryId: string | null;
  /** The address as the editor wrote it. */
  raw: string;
  /** The same address, relative and canonical. */
  path: string;
}

export type Segment = { text: string } | { cite: Cite };

/** Largest id a 32-bit integer column can hold: a longer number cannot name a row. */
const MAX_ID = 2_147_483_647;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const patterns = new Map<string, RegExp>();

/** The addresses, absolute on the board's own base or relative; not a part of some other site's URL, not a longer path. */
function pattern(baseUrl: string): RegExp {
  let re = patterns.get(baseUrl);
  if (!re) {
    const path = String.raw`/(?:posts/(\d{1,10})|advisories/([A-Za-z0-9-]{1,20})/known-issues#ki(\d{1,10}))`;
    re = new RegExp(String.raw`(?<![\w/.:%-])(?:${escapeRegExp(baseUrl)})?${path}(?![\w/#?=&%]|[.-][\w/])`, 'gi');
    patterns.set(baseUrl, re);
  }
  return re;
}

/** Splits a text into plain runs and the citations in it, in order. */
export function splitCitations(text: string, baseUrl: string): Segment[] {
  const out: Segment[] = [];
  const re = pattern(baseUrl);
  re.lastIndex = 0;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const cite = citeOf(m);
    if (!cite) continue;
    if (m.index > at) out.push({ text: text.slice(at, m.index) });
    out.push({ cite });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

function citeOf(m: RegExpExecArray): Cite | null {
  if (m[1] !== undefined) {
    const id = Number(m[1]);
    return id >= 1 && id <= MAX_ID ? { kind: 'post', targetId: id, advisoryId: null, raw: m[0], path: permalinkPath(id) } : null;
  }
  const advisoryId = normalizeAdvisoryId(m[2]);
  const id = Number(m[3]);
  if (!advisoryId || id < 1 || id > MAX_ID) return null;
  return { kind: 'known-issue', targetId: id, advisoryId, raw: m[0], path: knownIssuePath(advisoryId, id) };
}

/** Every citation in a text, once each (the same address twice is one citation). */
export function citationsIn(text: string, baseUrl: string): Cite[] {
  const seen = new Set<string>();
  const out: Cite[] = [];
  for (const s of splitCitations(text, baseUrl)) {
    if (!('cite' in s)) continue;
    const key = `${s.cite.kind}:${s.cite.targetId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s.cite);
  }
  return out;
}

/** The text with every citation written as an absolute address (for mail, where a relative path means nothing). */
export function absoluteCitations(text: string, baseUrl: string): string {
  return splitCitations(text, baseUrl)
    .map((s) => ('cite' in s ? `${baseUrl}${s.cite.path}` : s.text))
    .join('');
}
