import { EntityManager, FilterQuery } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { Advisory } from '../advisories/advisory.entity';
import { APP_CONFIG, AppConfig } from '../config/config';
import { ReadSql } from '../database/read-sql';
import { one, rowDate, rowJson, run } from '../database/sql';
import { bound, Engine, perEngine, statement } from '../database/statement';
import { Post } from '../threads/post.entity';
import { KnownIssueEvent } from './known-issue-event.entity';
import { KnownIssueEvidence } from './known-issue-evidence.entity';
import { KnownIssue, KnownIssueStatus, OPEN_STATUSES } from './known-issue.entity';
import { KnownIssueLike } from './known-issue.view-model';

/** A known issue as the summary reads it. */
export interface KnownIssueRow {
  id: number;
  title: string;
  symptom: string;
  status: string;
  platforms: unknown;
  software: string;
  workaround: string;
  resolution: string;
  refs: unknown;
  evidence_count: number | string;
  updated_at: unknown;
}

/** The confirmations behind a known issue: the sum over its evidence reports. */
interface ConfirmationsBehindRow {
  id: number;
  n: number | string | null;
}

const SUMMARY = statement<KnownIssueRow>(
  'KnownIssuesRepository.summary',
  `select id, title, symptom, status, platforms, software, workaround, resolution, "references" as refs, evidence_count, updated_at
    from known_issues where advisory_id = ? and status <> 'dismissed' order by position, id`,
  { hot: true },
);

const CONFIRMATIONS_BEHIND = statement<ConfirmationsBehindRow>(
  'KnownIssuesRepository.confirmationsBehind',
  `select e.known_issue_id as id, sum(r.confirmation_count) as n from known_issue_evidence e join field_reports r on r.post_id = e.post_id
    where e.known_issue_id in (?*) group by e.known_issue_id`,
  { hot: true },
);

const LAST_POSITION = statement<{ n: number | string | null }>(
  'KnownIssuesRepository.lastPosition',
  'select max(position) as n from known_issues where advisory_id = ?',
);

const DROP_TERMS = statement('KnownIssuesRepository.writeTerms', 'delete from known_issue_terms where known_issue_id = ?');
const ADD_TERMS = statement('KnownIssuesRepository.writeTerms', 'insert into known_issue_terms (known_issue_id, term) values (?, ?)...');

const CHANGE_EVIDENCE_COUNT = statement(
  'KnownIssuesRepository.changeEvidenceCount',
  'update known_issues set evidence_count = evidence_count + ? where id = ?',
);

/** Known-issue reads shared with the benchmark's floor server (the repository's own statements, as texts). */
export const KNOWN_ISSUE_SQL = {
  summary: SUMMARY.text,
  confirmationsBehind: (n: number) => bound(CONFIRMATIONS_BEHIND, [new Array<number>(n).fill(0)]).text,
};

/** The one mapping of a known-issue row to what the views take (the floor server's untyped rows too). */
export function knownIssueRow(r: KnownIssueRow | Record<string, unknown>): KnownIssueLike {
  const status = String(r.status) as KnownIssueStatus;
  return {
    id: Number(r.id),
    title: String(r.title),
    symptom: String(r.symptom),
    status,
    isOpen: OPEN_STATUSES.includes(status),
    platforms: rowJson<string[]>(r.platforms),
    software: String(r.software),
    workaround: String(r.workaround),
    resolution: String(r.resolution),
    references: rowJson<string[]>(r.refs),
    evidenceCount: Number(r.evidence_count),
    updatedAt: rowDate(r.updated_at)!,
  };
}

export interface AcrossBoardFilter {
  statuses: readonly string[];
  platform: string;
  software: string;
  /** Only the issues matching this member's environment (software-match.ts), or null for everyone's. */
  environmentOf: number | null;
}

// Known issues of published bulletins across the board. The platform and software filters are optional (a null
// skips one); PostgreSQL tests JSON containment and needs each nullable parameter's type, SQLite walks the JSON array.
const ACROSS_FROM = `from known_issues k join advisories a on a.id = k.advisory_id`;
// A member's environment finds issues through the term indexes: each entry's term among the issue's terms, and a line
// of software's whole key inside the issue's software key (the rule of software-match.ts).
const MINE = `k.id in (select t.known_issue_id from environment_entries e join known_issue_terms t on t.term = e.term
    join known_issues m on m.id = t.known_issue_id where e.user_id = ? and (e.match_key is null or m.software_key like '%' || e.match_key || '%'))`;
const acrossWhere = (engine: Engine) =>
  engine === 'postgresql'
    ? `k.status in (?*) and a.status = 'published' and (?::jsonb is null or k.platforms @> ?::jsonb)
       and (?::text is null or lower(k.software) like ? escape '!') and (?::integer is null or ${MINE})`
    : `k.status in (?*) and a.status = 'published' and (? is null or exists (select 1 from json_each(k.platforms) p where p.value = ?))
       and (? is null or lower(k.software) like ? escape '!') and (? is null or ${MINE})`;
const ACROSS_PLATFORMS = perEngine<{ key: string }>('KnownIssuesRepository.acrossBoard', {
  sqlite: `select distinct p.value as key ${ACROSS_FROM} join json_each(k.platforms) p where k.status in (?*) and a.status = 'published' order by 1`,
  postgresql: `select distinct p.value as key ${ACROSS_FROM} cross join lateral jsonb_array_elements_text(k.platforms) as p(value)
    where k.status in (?*) and a.status = 'published' order by 1`,
});
const ACROSS_COUNT = perEngine<{ n: number | string }>('KnownIssuesRepository.acrossBoard', {
  sqlite: `select count(*) as n ${ACROSS_FROM} where ${acrossWhere('sqlite')}`,
  postgresql: `select count(*) as n ${ACROSS_FROM} where ${acrossWhere('postgresql')}`,
});
const ACROSS_PAGE = perEngine<{ id: number }>('KnownIssuesRepository.acrossBoard', {
  sqlite: `select k.id as id ${ACROSS_FROM} where ${acrossWhere('sqlite')} order by k.updated_at desc, k.id desc limit ?`,
  postgresql: `select k.id as id ${ACROSS_FROM} where ${acrossWhere('postgresql')} order by k.updated_at desc, k.id desc limit ?`,
});
const ACROSS_PAGE_AFTER = perEngine<{ id: number }>('KnownIssuesRepository.acrossBoard', {
  sqlite: `select k.id as id ${ACROSS_FROM} where ${acrossWhere('sqlite')}
    and (k.updated_at, k.id) < (select updated_at, id from known_issues where id = ?) order by k.updated_at desc, k.id desc limit ?`,
  postgresql: `select k.id as id ${ACROSS_FROM} where ${acrossWhere('postgresql')}
    and (k.updated_at, k.id) < (select updated_at, id from known_issues where id = ?) order by k.updated_at desc, k.id desc limit ?`,
});

/**
 * Known issues, their history and evidence: every statement of known_issues, known_issue_events and
 * known_issue_evidence. Methods taking `em` run in the caller's transaction.
 */
@Injectable()
export class KnownIssuesRepository {
  private readonly engine: Engine;

  constructor(
    private readonly em: EntityManager,
    private readonly reader: ReadSql,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.engine = config.database.engine;
  }

  /** An advisory's issues for the summary (dismissed ones left out), in their order. */
  async summary(advisoryId: string): Promise<KnownIssueLike[]> {
    return (await this.reader.rows(SUMMARY, [advisoryId])).map(knownIssueRow);
  }

  /** Confirmations behind each issue (issues without evidence are absent). */
  async confirmationsBehind(issueIds: number[]): Promise<Map<number, number>> {
    if (!issueIds.length) return new Map();
    const rows = await this.reader.rows(CONFIRMATIONS_BEHIND, [issueIds]);
    return new Map(rows.map((r) => [Number(r.id), Number(r.n ?? 0)]));
  }

  /** Issues of published bulletins in the given statuses, latest change first, a page at a time by keyset. */
  async acrossBoard(filter: AcrossBoardFilter, after: number | null, pageSize: number) {
    const e = this.engine;
    const statuses = [...filter.statuses];
    // Platforms offered: those of issues in these statuses, whichever platform is chosen.
    const platformKeys = (await this.reader.rows(ACROSS_PLATFORMS[e], [statuses])).map((r) => String(r.key));
    const platform = filter.platform ? (e === 'postgresql' ? JSON.stringify([filter.platform]) : filter.platform) : null;
    const software = filter.software ? `%${filter.software.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%` : null;
    const params = [statuses, platform, platform, software, software, filter.environmentOf, filter.environmentOf];
    const n = (await this.reader.row(ACROSS_COUNT[e], params))?.n ?? 0;
    const rows = after
      ? await this.reader.rows(ACROSS_PAGE_AFTER[e], [...params, after, pageSize + 1])
      : await this.reader.rows(ACROSS_PAGE[e], [...params, pageSize + 1]);
    const ids = rows.slice(0, pageSize).map((r) => Number(r.id));
    return { ids, count: Number(n), next: rows.length > pageSize ? ids[ids.length - 1] : null, platformKeys };
  }

  /** These issues with their bulletins and the bulletins' platforms, in the order of the ids given. */
  async withAdvisories(ids: number[]): Promise<KnownIssue[]> {
    if (!ids.length) return [];
    const loaded = await this.em.fork().find(KnownIssue, { id: { $in: ids } }, { populate: ['advisory', 'advisory.platforms'] });
    const byId = new Map(loaded.map((i) => [i.id, i]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** One issue with its bulletin and the bulletin's platforms (outside a transaction unless em is given). */
  findWithAdvisory(id: number, em: EntityManager = this.em.fork()): Promise<KnownIssue | null> {
    return em.findOne(KnownIssue, id, { populate: ['advisory', 'advisory.platforms'] });
  }

  find(em: EntityManager, id: number): Promise<KnownIssue | null> {
    return em.findOne(KnownIssue, id);
  }

  /** The issue a sending of the new-issue form made, by its one-time key. */
  byIdempotencyKey(key: string): Promise<KnownIssue | null> {
    return this.em.fork().findOne(KnownIssue, { idempotencyKey: key });
  }

  /** An advisory's issues in their order (dismissed ones too), for the full page and for moving one. */
  ofAdvisory(advisory: Advisory | string, em: EntityManager = this.em.fork()): Promise<KnownIssue[]> {
    return em.find(KnownIssue, { advisory }, { orderBy: [{ position: 'asc' }, { id: 'asc' }] });
  }

  /** The history of these issues, oldest first, with who made each step. */
  async events(issueIds: number[], em: EntityManager = this.em.fork()): Promise<KnownIssueEvent[]> {
    if (!issueIds.length) return [];
    return em.find(KnownIssueEvent, { knownIssue: { $in: issueIds } }, { orderBy: { id: 'asc' }, populate: ['actor'] });
  }

  /** The evidence of these issues, oldest first, with each report's post and author. */
  async evidence(issueIds: number[], em: EntityManager = this.em.fork()): Promise<KnownIssueEvidence[]> {
    if (!issueIds.length) return [];
    return em.find(KnownIssueEvidence, { knownIssue: { $in: issueIds } }, { orderBy: { id: 'asc' }, populate: ['post', 'post.author'] });
  }

  async lastPosition(em: EntityManager, advisoryId: string): Promise<number> {
    const row = await one(em, LAST_POSITION, [advisoryId]);
    return Number(row?.n ?? 0);
  }

  /** A new issue and its first history step, written now (the caller's transaction). */
  async add(em: EntityManager, issue: KnownIssue, event: KnownIssueEvent): Promise<void> {
    em.persist(issue);
    em.persist(event);
    await em.flush();
  }

  /** What the caller's unit of work changed, written now (the verdicts read the issues back by SQL). */
  async flush(em: EntityManager): Promise<void> {
    await em.flush();
  }

  /** A history step, written with the caller's transaction. */
  addEvent(em: EntityManager, event: KnownIssueEvent): void {
    em.persist(event);
  }

  /** Links a report; a second link of the same report fails on the unique (issue, post) row. */
  async addEvidence(em: EntityManager, evidence: KnownIssueEvidence): Promise<void> {
    em.persist(evidence);
    await em.flush();
  }

  /** The issues a report is already evidence of. */
  async issuesBackedBy(postId: number): Promise<Set<number>> {
    const rows = await this.em.fork().find(KnownIssueEvidence, { post: postId }, { fields: ['knownIssue'] });
    return new Set(rows.map((e) => e.knownIssue.id));
  }

  /** True if the link was there (and is now gone). */
  async removeEvidence(em: EntityManager, issueId: number, postId: number): Promise<boolean> {
    return (await em.nativeDelete(KnownIssueEvidence, { knownIssue: issueId, post: postId })) > 0;
  }

  /** Files an issue under exactly these terms (its platforms and software words), in the caller's transaction. */
  async writeTerms(em: EntityManager, issueId: number, terms: string[]): Promise<void> {
    await run(em, DROP_TERMS, [issueId]);
    if (terms.length) await run(em, ADD_TERMS, [terms.map((t) => [issueId, t])]);
  }

  /** Issues by id after a keyset, for a pass over all of them. */
  batchAfter(em: EntityManager, afterId: number, limit: number): Promise<KnownIssue[]> {
    return em.find(KnownIssue, { id: { $gt: afterId } }, { orderBy: { id: 'asc' }, limit });
  }

  async changeEvidenceCount(em: EntityManager, issueId: number, delta: 1 | -1): Promise<void> {
    await run(em, CHANGE_EVIDENCE_COUNT, [delta, issueId]);
  }

  // Posts and advisories read for known issues; their own folders' repositories should own these.

  /** An advisory with its platforms. */
  advisory(id: string, em: EntityManager = this.em.fork()): Promise<Advisory | null> {
    return em.findOne(Advisory, id, { populate: ['platforms'] });
  }

  /** A field report's post with its thread and advisory (any state). */
  reportPost(em: EntityManager, postId: number): Promise<Post | null> {
    return em.findOne(Post, { id: postId, isReport: true }, { populate: ['thread', 'thread.advisory'] });
  }

  /** A member's visible field reports in an advisory's thread, by number (id and number only). */
  visibleReportsBy(authorId: number, advisory: Advisory): Promise<Pick<Post, 'id' | 'number'>[]> {
    return this.em
      .fork()
      .find(
        Post,
        { author: authorId, isReport: true, state: 'visible', thread: { advisory } },
        { orderBy: { number: 'asc' }, fields: ['id', 'number'] },
      );
  }

  /** Every event of an advisory's known issues since a time, oldest first (the update bulletin's changes). */
  eventsSince(em: EntityManager, advisory: Advisory, from: Date): Promise<KnownIssueEvent[]> {
    return em.find(
      KnownIssueEvent,
      { knownIssue: { advisory }, createdAt: { $gte: from } },
      { orderBy: { id: 'asc' }, populate: ['knownIssue'] },
    );
  }

  /** The newest creations and status changes of the known issues matching `issues` (text edits are no news). */
  news(em: EntityManager, issues: FilterQuery<KnownIssue>, limit: number): Promise<KnownIssueEvent[]> {
    return em.find(
      KnownIssueEvent,
      { kind: { $in: ['created', 'status'] }, knownIssue: issues },
      {
        orderBy: { id: 'desc' },
        limit,
        populate: ['actor', 'knownIssue', 'knownIssue.advisory', 'knownIssue.advisory.platforms'],
      },
    );
  }
}
