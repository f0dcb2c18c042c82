import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { ReadSql } from '../database/read-sql';
import { all, run } from '../database/sql';
import { bound, Statement, statement } from '../database/statement';
import { Citation } from './citation.entity';
import { notePath } from '../paths';

/** A citation as stored: which note, what kind, which row. */
export interface StoredCitation {
  noteIndex: number;
  kind: 'post' | 'known-issue';
  targetId: number;
}

/** A stored citation of a bulletin with what its page needs to label it and judge who may follow it. */
export interface BulletinCitationRow {
  note_index: number;
  kind: string;
  target_id: number;
  post_number: number | null;
  post_state: string | null;
  post_author: number | null;
  post_created: unknown;
  thread_locked: unknown;
  post_advisory: string | null;
  post_advisory_status: string | null;
  issue_title: string | null;
  issue_advisory: string | null;
  issue_advisory_status: string | null;
}

/** The first note of a published bulletin citing a post or known issue. */
export interface CitedByRow {
  kind: string;
  target_id: number;
  advisory_id: string;
  note_index: number;
}

const BULLETIN_CITATIONS = statement<BulletinCitationRow>(
  'CitationsRepository.ofBulletin',
  `select c.note_index, c.kind, c.target_id,
    p.number as post_number, p.state as post_state, p.author_id as post_author, p.created_at as post_created, t.locked as thread_locked,
    pa.id as post_advisory, pa.status as post_advisory_status,
    k.title as issue_title, ka.id as issue_advisory, ka.status as issue_advisory_status
  from citations c
  left join posts p on c.kind = 'post' and p.id = c.target_id
  left join threads t on t.id = p.thread_id
  left join advisories pa on pa.id = t.advisory_id
  left join known_issues k on c.kind = 'known-issue' and k.id = c.target_id
  left join advisories ka on ka.id = k.advisory_id
  where c.advisory_id = ?`,
  { hot: true },
);

const EXISTING_POSTS = statement<{ id: number }>('CitationsRepository.existingPosts', 'select id from posts where id in (?*)');

const ISSUE_ADVISORIES = statement<{ id: number; advisory_id: string }>(
  'CitationsRepository.issueAdvisories',
  'select id, advisory_id from known_issues where id in (?*)',
);

/**
 * The published bulletins citing posts, known issues or both: one fixed statement for each. The citations are found from
 * the cited ids (a cross join is SQLite's fixed join order): without planner statistics, which the board never gathers,
 * SQLite read every published bulletin's citations instead.
 */
const citedBy = (owner: string, where: string) =>
  statement<CitedByRow>(
    `CitationsRepository.${owner}`,
    `select c.kind, c.target_id, c.advisory_id, min(c.note_index) as note_index from citations c cross join advisories a
    where a.id = c.advisory_id and a.status = 'published' and (${where}) group by c.kind, c.target_id, c.advisory_id order by c.advisory_id`,
    { hot: true },
  );
const POSTS_ONLY = `(c.kind = 'post' and c.target_id in (?*))`;
const ISSUES_ONLY = `(c.kind = 'known-issue' and c.target_id in (?*))`;
const CITING_POSTS = citedBy('citingPosts', POSTS_ONLY);
const CITING_ISSUES = citedBy('citingIssues', ISSUES_ONLY);
const CITING_BOTH = citedBy('citingPostsAndIssues', `${POSTS_ONLY} or ${ISSUES_ONLY}`);

function citingStatement(posts: number, issues: number): Statement<CitedByRow> {
  return posts && issues ? CITING_BOTH : posts ? CITING_POSTS : CITING_ISSUES;
}

/** A save writes all of its citations in one insert, a row tuple each. */
const INSERT = statement(
  'CitationsRepository.replace',
  'insert into citations (advisory_id, note_index, kind, target_id) values (?, ?, ?, ?)... on conflict do nothing',
);

const filled = (n: number) => new Array<number>(n).fill(0);

/** The citing-bulletins statement's text for n posts and m known issues (the benchmark's floor server runs it as is). */
export function citedBySql(posts: number, issues: number): string {
  const stmt = citingStatement(posts, issues);
  return bound(stmt, [...(posts ? [filled(posts)] : []), ...(issues ? [filled(issues)] : [])]).text;
}

/** A published bulletin whose editor note cites a post or known issue: shown beside what it cites. */
export interface Backlink {
  advisoryId: string;
  url: string;
}

export interface BacklinkMaps {
  posts: Map<number, Backlink[]>;
  issues: Map<number, Backlink[]>;
}

export const NO_BACKLINKS: BacklinkMaps = { posts: new Map(), issues: new Map() };

/** The one mapping of citing-bulletin rows: post or known issue id → its backlinks (the floor server's untyped rows too). */
export function backlinkMaps(rows: (CitedByRow | Record<string, unknown>)[]): BacklinkMaps {
  const maps: BacklinkMaps = { posts: new Map(), issues: new Map() };
  for (const r of rows) {
    const map = r.kind === 'post' ? maps.posts : maps.issues;
    const id = Number(r.target_id);
    const advisoryId = String(r.advisory_id);
    map.set(id, [...(map.get(id) ?? []), { advisoryId, url: notePath(advisoryId, Number(r.note_index)) }]);
  }
  return maps;
}

/** The backlinks of these posts and known issues, in one query (none when there is nothing to look up). */
export async function loadBacklinks(reader: ReadSql, postIds: number[], issueIds: number[]): Promise<BacklinkMaps> {
  if (!postIds.length && !issueIds.length) return NO_BACKLINKS;
  const lists = [...(postIds.length ? [postIds] : []), ...(issueIds.length ? [issueIds] : [])];
  return backlinkMaps(await reader.rows(citingStatement(postIds.length, issueIds.length), lists));
}

/** The citations table: every statement of it, and the existence checks a save makes of what is cited. */
@Injectable()
export class CitationsRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly reader: ReadSql,
  ) {}

  /** The published bulletins citing these posts and known issues (the thread page calls loadBacklinks, the same read). */
  backlinks(postIds: number[], issueIds: number[]): Promise<BacklinkMaps> {
    return loadBacklinks(this.reader, postIds, issueIds);
  }

  /** A bulletin's stored citations, each with what it cites. */
  ofBulletin(advisoryId: string): Promise<BulletinCitationRow[]> {
    return all(this.em.fork(), BULLETIN_CITATIONS, [advisoryId]);
  }

  /** Which of these posts exist. */
  async existingPosts(em: EntityManager, postIds: number[]): Promise<Set<number>> {
    if (!postIds.length) return new Set();
    return new Set((await all(em, EXISTING_POSTS, [postIds])).map((r) => Number(r.id)));
  }

  /** The advisory of each of these known issues that exists. */
  async issueAdvisories(em: EntityManager, issueIds: number[]): Promise<Map<number, string>> {
    if (!issueIds.length) return new Map();
    return new Map((await all(em, ISSUE_ADVISORIES, [issueIds])).map((r) => [Number(r.id), String(r.advisory_id)]));
  }

  /** An advisory's citations in place of its previous ones, in the caller's transaction. */
  async replace(em: EntityManager, advisoryId: string, citations: StoredCitation[]): Promise<void> {
    await em.nativeDelete(Citation, { advisory: advisoryId });
    if (!citations.length) return;
    // The rows reference the advisory: a new one must be written first.
    await em.flush();
    // Two saves of one bulletin at the same moment must not fail on each other's rows (the later save's text stands).
    await run(em, INSERT, [citations.map((c) => [advisoryId, c.noteIndex, c.kind, c.targetId])]);
  }
}
