import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { Advisory } from '../advisories/advisory.entity';
import { APP_CONFIG, AppConfig } from '../config/config';
import { sql } from '../database/sql';
import { KnownIssue } from '../known-issues/known-issue.entity';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { PostState } from '../policy/rules/subjects';
import { GUEST } from '../policy/viewer';
import { advisorySource, knownIssueSource, postSource } from './search-sources';
import { indexColumns, SearchKind, SearchSource, tsvectorLiteral } from './search-text';

interface IndexEntry {
  kind: SearchKind;
  sourceId: string;
  advisoryId: string;
  source: SearchSource;
}

interface PostRow {
  id: number;
  body_html: string;
  is_report: unknown;
  state: PostState;
  created_at: unknown;
  advisory_id: string;
  status: string;
  software: string | null;
  outcome: string | null;
  platform_key: string | null;
}

export interface ReindexProgress {
  (step: 'advisories' | 'known-issues' | 'posts', done: number, total: number): void;
}

export interface ReindexSummary {
  advisories: number;
  knownIssues: number;
  posts: number;
  skipped: number;
}

const BATCH = 500;
/** The migrations that create search_fts (SQLite, PostgreSQL): applying one to a database with content means a reindex. */
export const SEARCH_INDEX_MIGRATIONS = ['Migration20261126074909', 'Migration20261126074913'];
const POST_COLUMNS = `p.id as id, p.body_html as body_html, p.is_report as is_report, p.state as state, p.created_at as created_at, t.advisory_id as advisory_id, a.status as status,
  r.software as software, r.outcome as outcome, pl.key as platform_key
  from posts p join threads t on t.id = p.thread_id join advisories a on a.id = t.advisory_id
  left join field_reports r on r.post_id = p.id left join advisory_platforms pl on pl.id = r.platform_id`;

/**
 * Keeps the search index equal to what a guest may see, inside the caller's transaction: every write that
 * changes a post, a known issue or a bulletin calls one sync method with its EntityManager.
 */
@Injectable()
export class SearchIndexService {
  private readonly engine: 'sqlite' | 'postgresql';

  constructor(
    private readonly policy: PolicyService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.engine = config.database.engine;
  }

  /** After a post is written, approved, edited, hidden, restored or deleted: read as it now stands (pending changes flushed first). */
  async syncPost(em: EntityManager, postId: number): Promise<void> {
    await em.flush();
    const row = await sql<PostRow | undefined>(em, `select ${POST_COLUMNS} where p.id = ?`, [postId], 'get');
    if (!row) return;
    const entry = this.postEntry(row);
    await this.write(em, truthy(row.is_report) ? 'report' : 'post', String(postId), row.advisory_id, entry?.source ?? null);
  }

  /** After a known issue is created or edited. */
  async syncKnownIssue(em: EntityManager, issue: KnownIssue): Promise<void> {
    const advisory = await issue.advisory.load();
    if (!advisory) return;
    const source = this.findable(advisory) ? knownIssueSource(issueFacts(issue, advisory.id)) : null;
    await this.write(em, 'known-issue', String(issue.id), advisory.id, source);
  }

  /**
   * After a bulletin is imported, edited, published or unpublished: its own entry, and when it becomes
   * visible or invisible to guests, its posts and known issues with it.
   */
  async syncAdvisory(em: EntityManager, advisory: Advisory): Promise<void> {
    await em.flush();
    if (!advisory.platforms.isInitialized()) await advisory.platforms.init();
    const [row] = await sql<{ indexed: unknown }[]>(
      em,
      `select indexed from search_documents where kind = 'advisory' and source_id = ?`,
      [advisory.id],
      'all',
    );
    const was = row !== undefined && truthy(row.indexed);
    const findable = this.findable(advisory);
    await this.write(em, 'advisory', advisory.id, advisory.id, findable ? this.advisoryEntry(advisory).source : null);
    if (findable && !was) await this.indexChildren(em, advisory.id);
    if (!findable && was) await this.unindexChildren(em, advisory.id);
  }

  /**
   * Rebuilds the whole index in one transaction (readers keep the old one until it commits), in time order
   * so that "newest" holds: bulletins, known issues and posts interleaved by when they appeared.
   */
  async reindex(em: EntityManager, progress: ReindexProgress = () => {}): Promise<ReindexSummary> {
    return em.transactional(async (tx) => {
      if (this.engine === 'sqlite') await sql(tx, `insert into search_fts (search_fts) values ('delete-all')`);
      else await sql(tx, 'delete from search_fts');
      await sql(tx, 'delete from search_documents');
      const summary: ReindexSummary = { advisories: 0, knownIssues: 0, posts: 0, skipped: 0 };

      const advisories = await tx.find(Advisory, {}, { populate: ['platforms'] });
      const issues = await tx.find(KnownIssue, {}, { populate: ['advisory'] });
      progress('advisories', advisories.length, advisories.length);
      progress('known-issues', issues.length, issues.length);
      const timeline: { at: number; entry: IndexEntry; kind: 'advisories' | 'knownIssues' }[] = [];
      for (const a of advisories)
        if (this.findable(a))
          timeline.push({ at: (a.publishedAt ?? a.createdAt).getTime(), entry: this.advisoryEntry(a), kind: 'advisories' });
      for (const i of issues) {
        const a = i.advisory.getEntity();
        if (this.findable(a))
          timeline.push({
            at: i.createdAt.getTime(),
            entry: { kind: 'known-issue', sourceId: String(i.id), advisoryId: a.id, source: knownIssueSource(issueFacts(i, a.id)) },
            kind: 'knownIssues',
          });
      }
      timeline.sort((x, y) => x.at - y.at);
      summary.skipped = advisories.length + issues.length - timeline.length;

      const [{ n: total }] = await sql<{ n: number | string }[]>(tx, 'select count(*) as n from posts', [], 'all');
      let done = 0;
      let after = 0;
      for (;;) {
        const rows = await sql<PostRow[]>(tx, `select ${POST_COLUMNS} where p.id > ? order by p.id limit ?`, [after, BATCH * 4], 'all');
        if (!rows.length) break;
        const batch: IndexEntry[] = [];
        for (const r of rows) {
          const at = new Date(r.created_at as string).getTime();
          while (timeline.length && timeline[0].at <= at) {
            const item = timeline.shift()!;
            summary[item.kind]++;
            batch.push(item.entry);
          }
          const entry = this.postEntry(r);
          if (entry) {
            batch.push(entry);
            summary.posts++;
          } else summary.skipped++;
        }
        await this.indexMany(tx, batch);
        after = Number(rows[rows.length - 1].id);
        done += rows.length;
        progress('posts', done, Number(total));
      }
      for (const item of timeline) summary[item.kind]++;
      await this.indexMany(
        tx,
        timeline.map((t) => t.entry),
      );
      // One merged b-tree per term: the fastest layout for queries after a bulk load.
      if (this.engine === 'sqlite') await sql(tx, `insert into search_fts (search_fts) values ('optimize')`);
      else await sql(tx, 'analyze search_fts');
      return summary;
    });
  }

  private findable(advisory: Advisory, postState?: PostState): boolean {
    return this.policy.can(GUEST, Action.FindInSearch, { advisory, ...(postState ? { post: { state: postState } } : {}) });
  }

  private advisoryEntry(a: Advisory): IndexEntry {
    const source = advisorySource({
      id: a.id,
      kb: a.kb,
      title: a.title,
      officialTitle: a.officialTitle,
      summary: a.summary,
      vulnerabilities: a.vulnerabilities,
      editorNotes: a.editorNotes,
      packages: a.packages,
      references: a.references,
      platformKeys: a.platforms.getItems().map((p) => p.key),
    });
    return { kind: 'advisory', sourceId: a.id, advisoryId: a.id, source };
  }

  private postEntry(r: PostRow): IndexEntry | null {
    if (!this.policy.can(GUEST, Action.FindInSearch, { advisory: { isPublished: r.status === 'published' }, post: { state: r.state } }))
      return null;
    const isReport = truthy(r.is_report);
    const source = postSource({
      bodyHtml: r.body_html,
      isReport,
      advisoryId: r.advisory_id,
      software: r.software,
      platformKey: r.platform_key,
      outcome: r.outcome,
    });
    return { kind: isReport ? 'report' : 'post', sourceId: String(r.id), advisoryId: r.advisory_id, source };
  }

  private async indexChildren(em: EntityManager, advisoryId: string): Promise<void> {
    const issues = await em.find(KnownIssue, { advisory: advisoryId });
    await this.indexMany(
      em,
      issues.map((i) => ({
        kind: 'known-issue' as const,
        sourceId: String(i.id),
        advisoryId,
        source: knownIssueSource(issueFacts(i, advisoryId)),
      })),
    );
    let after = 0;
    for (;;) {
      const rows = await sql<PostRow[]>(
        em,
        `select ${POST_COLUMNS} where t.advisory_id = ? and p.id > ? order by p.id limit ?`,
        [advisoryId, after, BATCH * 4],
        'all',
      );
      if (!rows.length) break;
      await this.indexMany(
        em,
        rows.map((r) => this.postEntry(r)).filter((e): e is IndexEntry => e !== null),
      );
      after = Number(rows[rows.length - 1].id);
    }
  }

  private async unindexChildren(em: EntityManager, advisoryId: string): Promise<void> {
    const rows = await sql<{ id: number }[]>(
      em,
      `update search_documents set indexed = false where advisory_id = ? and kind <> 'advisory' and indexed = true returning id`,
      [advisoryId],
      'all',
    );
    await this.dropTokens(
      em,
      rows.map((r) => Number(r.id)),
    );
  }

  /** One document: its tokens in (source given) or out (null), its row kept either way. */
  private async write(
    em: EntityManager,
    kind: SearchKind,
    sourceId: string,
    advisoryId: string,
    source: SearchSource | null,
  ): Promise<void> {
    const [row] = await sql<{ id: number; indexed: unknown }[]>(
      em,
      'select id, indexed from search_documents where kind = ? and source_id = ?',
      [kind, sourceId],
      'all',
    );
    if (!source) {
      if (row && truthy(row.indexed)) {
        await sql(em, 'update search_documents set indexed = false where id = ?', [row.id]);
        await this.dropTokens(em, [Number(row.id)]);
      }
      return;
    }
    if (row && truthy(row.indexed)) {
      await this.dropTokens(em, [Number(row.id)]);
      await sql(em, 'update search_documents set advisory_id = ? where id = ?', [advisoryId, row.id]);
      await this.putTokens(em, [{ id: Number(row.id), source }]);
      return;
    }
    await this.indexMany(em, [{ kind, sourceId, advisoryId, source }]);
  }

  /** Documents not in the index now (new, or hidden until now): rows upserted, tokens added. */
  private async indexMany(em: EntityManager, entries: IndexEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += BATCH) {
      const batch = entries.slice(i, i + BATCH);
      const rows = await sql<{ id: number; kind: string; source_id: string }[]>(
        em,
        `insert into search_documents (kind, source_id, advisory_id, indexed) values ${batch.map(() => '(?, ?, ?, true)').join(', ')}
         on conflict (kind, source_id) do update set indexed = true, advisory_id = excluded.advisory_id returning id, kind, source_id`,
        batch.flatMap((e) => [e.kind, e.sourceId, e.advisoryId]),
        'all',
      );
      const ids = new Map(rows.map((r) => [`${r.kind}:${r.source_id}`, Number(r.id)]));
      await this.putTokens(
        em,
        batch.map((e) => ({ id: ids.get(`${e.kind}:${e.sourceId}`)!, source: e.source })),
      );
    }
  }

  private async putTokens(em: EntityManager, docs: { id: number; source: SearchSource }[]): Promise<void> {
    if (!docs.length) return;
    if (this.engine === 'sqlite') {
      const values = docs.map((d) => {
        const c = indexColumns(d.source);
        return [d.id, c.title, c.software, c.body, c.extra];
      });
      await sql(
        em,
        `insert into search_fts (rowid, title, software, body, extra) values ${docs.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
        values.flat(),
      );
      return;
    }
    await sql(
      em,
      `insert into search_fts (id, tsv) values ${docs.map(() => '(?, ?::tsvector)').join(', ')} on conflict (id) do update set tsv = excluded.tsv`,
      docs.flatMap((d) => [d.id, tsvectorLiteral(d.source)]),
    );
  }

  private async dropTokens(em: EntityManager, ids: number[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const marks = batch.map(() => '?').join(', ');
      await sql(
        em,
        this.engine === 'sqlite' ? `delete from search_fts where rowid in (${marks})` : `delete from search_fts where id in (${marks})`,
        batch,
      );
    }
  }
}

function issueFacts(i: KnownIssue, advisoryId: string) {
  return {
    title: i.title,
    symptom: i.symptom,
    software: i.software,
    workaround: i.workaround,
    resolution: i.resolution,
    references: i.references,
    platforms: i.platforms,
    advisoryId,
  };
}

/** Booleans come back as 0/1 from SQLite and true/false from PostgreSQL. */
export function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}
