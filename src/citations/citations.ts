import { advisoryPath, noteAnchor } from '../advisories/advisory.view-model';
import { normalizeAdvisoryId } from '../advisories/advisory-format';
import { ReadSql } from '../database/read-sql';
import { marks } from '../database/sql';

/**
 * Editors cite a post or a known issue by pasting its address into an editor note: exactly what they
 * copy from the board (`/posts/123`, `/advisories/MS04-044/known-issues#ki4`), relative or absolute
 * on PUBLIC_BASE_URL. Nothing new in the import format: the citation lives in the note's text.
 */

export type CitationKind = 'post' | 'known-issue';

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
    return id >= 1 && id <= MAX_ID ? { kind: 'post', targetId: id, advisoryId: null, raw: m[0], path: `/posts/${id}` } : null;
  }
  const advisoryId = normalizeAdvisoryId(m[2]);
  const id = Number(m[3]);
  if (!advisoryId || id < 1 || id > MAX_ID) return null;
  return { kind: 'known-issue', targetId: id, advisoryId, raw: m[0], path: `${advisoryPath(advisoryId)}/known-issues#ki${id}` };
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

/** Where a note of a bulletin is. */
export const notePath = (advisoryId: string, noteIndex: number) => `${advisoryPath(advisoryId)}#${noteAnchor(noteIndex)}`;

/** A published bulletin whose editor note cites a post or known issue: shown beside what it cites. */
export interface Backlink {
  advisoryId: string;
  url: string;
}

/**
 * The published bulletins citing any of these posts and known issues, in one query (an IN list each):
 * the first citing note per bulletin. Shared by the thread page and the benchmark's floor server.
 */
export function citedBySql(posts: number, issues: number): string {
  const where = [
    posts ? `(c.kind = 'post' and c.target_id in (${marks(posts)}))` : '',
    issues ? `(c.kind = 'known-issue' and c.target_id in (${marks(issues)}))` : '',
  ].filter(Boolean);
  return `select c.kind, c.target_id, c.advisory_id, min(c.note_index) as note_index from citations c join advisories a on a.id = c.advisory_id
    where a.status = 'published' and (${where.join(' or ') || '1 = 0'}) group by c.kind, c.target_id, c.advisory_id order by c.advisory_id`;
}

export interface BacklinkMaps {
  posts: Map<number, Backlink[]>;
  issues: Map<number, Backlink[]>;
}

export const NO_BACKLINKS: BacklinkMaps = { posts: new Map(), issues: new Map() };

export function backlinkMaps(rows: Record<string, unknown>[]): BacklinkMaps {
  const maps: BacklinkMaps = { posts: new Map(), issues: new Map() };
  for (const r of rows) {
    const map = r.kind === 'post' ? maps.posts : maps.issues;
    const id = Number(r.target_id);
    const advisoryId = String(r.advisory_id);
    map.set(id, [...(map.get(id) ?? []), { advisoryId, url: notePath(advisoryId, Number(r.note_index)) }]);
  }
  return maps;
}

/** The backlinks of these posts and known issues, read in one query (none when there is nothing to look up). */
export async function loadBacklinks(reader: ReadSql, postIds: number[], issueIds: number[]): Promise<BacklinkMaps> {
  if (!postIds.length && !issueIds.length) return NO_BACKLINKS;
  return backlinkMaps(await reader.all(citedBySql(postIds.length, issueIds.length), [...postIds, ...issueIds]));
}
