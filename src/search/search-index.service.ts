import { EntityManager } from '@mikro-orm/core';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { Advisory } from '../advisories/advisory.entity';
import { rowBool, rowDate } from '../database/sql';
import { KnownIssue } from '../known-issues/known-issue.entity';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { PostState } from '../policy/rules/subjects';
import { GUEST } from '../policy/viewer';
import { PostEvents } from '../threads/post-events';
import { advisorySource, knownIssueSource, postSource } from './search-sources';
import { IndexedDocument, IndexPostRow, SearchRepository } from './search.repository';
import { SearchKind, SearchSource } from './search-text';
import { WriteTransactions } from '../database/write-transactions';

interface IndexEntry {
  kind: SearchKind;
  sourceId: string;
  advisoryId: string;
  source: SearchSource;
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
const CURATED_BATCH = 100;
/** The migrations that create search_fts (SQLite, PostgreSQL): applying one to a database with content means a reindex. */
export const SEARCH_INDEX_MIGRATIONS = ['Migration20261126074909', 'Migration20261126074913'];
/**
 * The migration that creates search_fts_curated on SQLite: applying it to a database with content means filling it
 * (contentless FTS5 keeps no tokens to copy, as PostgreSQL's migration copies them).
 */
export const CURATED_INDEX_MIGRATIONS = ['Migration20261205013000'];
/**
 * Keeps the search index equal to what a guest may see, inside the caller's transaction: posts through
 * their events, known issues and bulletins by their writers calling one sync method with the EntityManager.
 */
@Injectable()
export class SearchIndexService implements OnModuleInit {
  constructor(
    private readonly policy: PolicyService,
    private readonly repo: SearchRepository,
    private readonly events: PostEvents,
    private readonly transactions: WriteTransactions,
  ) {}

  onModuleInit(): void {
    // A new post is indexed as written (held, it is not findable), before the posting transaction locks its thread's row.
    this.events.on('written', 'search', (em, e) => this.syncPost(em, e.postId, true));
    this.events.on('published', 'search', (em, e) => (e.approved ? this.syncPost(em, e.postId) : Promise.resolve()));
    this.events.on('changed', 'search', (em, e) => this.syncPost(em, e.postId));
  }

  /**
   * After a post is written (`written`: it has no document yet), published, edited, hidden, restored or deleted: read as
   * it now stands (pending changes flushed first).
   */
  async syncPost(em: EntityManager, postId: number, written = false): Promise<void> {
    await em.flush();
    const row = await this.repo.indexPost(em, postId);
    if (!row) return;
    const entry = this.postEntry(row);
    // A new post has no row in the index to read first: findable, it is added; held, there is nothing to take out.
    if (written) return entry ? this.indexMany(em, [entry]) : undefined;
    await this.write(em, rowBool(row.is_report) ? 'report' : 'post', String(postId), row.advisory_id, entry?.source ?? null);
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
    const row = await this.repo.document(em, 'advisory', advisory.id);
    const was = row !== undefined && rowBool(row.indexed);
    const findable = this.findable(advisory);
    await this.write(em, 'advisory', advisory.id, advisory.id, findable ? this.advisoryEntry(advisory).source : null);
    if (findable && !was) await this.indexChildren(em, advisory.id);
    if (!findable && was) await this.unindexChildren(em, advisory.id);
  }

  /**
   * Rebuilds the whole index in one transaction (readers keep the old one until it commits), in time order
   * so that "newest" holds: bulletins, known issues and posts interleaved by when they appeared.
   */
  async reindex(progress: ReindexProgress = () => {}): Promise<ReindexSummary> {
    return this.transactions.run(async (tx) => {
      await this.repo.clear(tx);
      const summary: ReindexSummary = { advisories: 0, knownIssues: 0, posts: 0, skipped: 0 };

      const { advisories, issues } = await this.repo.everything(tx);
      progress('advisories', advisories.length, advisories.length);
      progress('known-issues', issues.length, issues.length);
      const timeline: { at: number; entry: IndexEntry; kind: 'advisories' | 'knownIssues' }[] = [];
      for (const a of advisories)
        if (this.findable(a))
          timeline.push({ at: (a.publishedAt ?? a.createdAt).getTime(), entry: this.advisoryEntry(a), kind: 'advisories' });
      for (const i of issues) {
        const a = i.advisory.getEntity();
        if (this.findable(a)) timeline.push({ at: i.createdAt.getTime(), entry: issueEntry(i, a.id), kind: 'knownIssues' });
      }
      timeline.sort((x, y) => x.at - y.at);
      summary.skipped = advisories.length + issues.length - timeline.length;

      const total = await this.repo.countPosts(tx);
      let done = 0;
      let after = 0;
      for (;;) {
        const rows = await this.repo.indexPostsAfter(tx, after, BATCH * 4);
        if (!rows.length) break;
        const batch: IndexEntry[] = [];
        for (const r of rows) {
          const at = rowDate(r.created_at)!.getTime();
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
        progress('posts', done, total);
      }
      for (const item of timeline) summary[item.kind]++;
      await this.indexMany(
        tx,
        timeline.map((t) => t.entry),
      );
      // One merged b-tree per term: the fastest layout for queries after a bulk load.
      await this.repo.optimize(tx);
      return summary;
    });
  }

  /**
   * Fills the curated index (search_fts_curated) with the known issues and bulletins the whole index holds, in one
   * transaction; how many. Once, when a board with content gets that index (CURATED_INDEX_MIGRATIONS). A batch of
   * entities at a time: a thousand bulletins with their packages outgrow the heap `npm start` allows.
   */
  async indexCurated(): Promise<number> {
    return this.transactions.run(async (tx) => {
      await this.repo.clearCurated(tx);
      let done = 0;
      for (let after = 0; ;) {
        const rows = await this.repo.curatedDocumentsAfter(tx, after, CURATED_BATCH);
        if (!rows.length) break;
        const ids = (kind: SearchKind) => rows.filter((r) => r.kind === kind).map((r) => r.source_id);
        const advisories = await this.repo.advisoriesById(tx, ids('advisory'));
        const issues = await this.repo.issuesById(tx, ids('known-issue').map(Number));
        const entries = new Map(
          [...advisories.map((a) => this.advisoryEntry(a)), ...issues.map((i) => issueEntry(i, i.advisory.id))].map((e) => [
            `${e.kind}:${e.sourceId}`,
            e,
          ]),
        );
        const docs = rows.flatMap((r) => {
          const entry = entries.get(`${r.kind}:${r.source_id}`);
          return entry ? [{ id: Number(r.id), kind: r.kind, source: entry.source }] : [];
        });
        await this.repo.putCuratedTokens(tx, docs);
        done += docs.length;
        after = Number(rows[rows.length - 1].id);
        tx.clear();
      }
      await this.repo.optimizeCurated(tx);
      return done;
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

  private postEntry(r: IndexPostRow): IndexEntry | null {
    if (!this.policy.can(GUEST, Action.FindInSearch, { advisory: { isPublished: r.status === 'published' }, post: { state: r.state } }))
      return null;
    const isReport = rowBool(r.is_report);
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
    const issues = await this.repo.issuesOf(em, advisoryId);
    await this.indexMany(
      em,
      issues.map((i) => issueEntry(i, advisoryId)),
    );
    let after = 0;
    for (;;) {
      const rows = await this.repo.advisoryPostsAfter(em, advisoryId, after, BATCH * 4);
      if (!rows.length) break;
      await this.indexMany(
        em,
        rows.map((r) => this.postEntry(r)).filter((e): e is IndexEntry => e !== null),
      );
      after = Number(rows[rows.length - 1].id);
    }
  }

  private async unindexChildren(em: EntityManager, advisoryId: string): Promise<void> {
    await this.dropTokens(em, await this.repo.unindexChildren(em, advisoryId));
  }

  /** One document: its tokens in (source given) or out (null), its row kept either way. */
  private async write(
    em: EntityManager,
    kind: SearchKind,
    sourceId: string,
    advisoryId: string,
    source: SearchSource | null,
  ): Promise<void> {
    const row = await this.repo.document(em, kind, sourceId);
    if (!source) {
      if (row && rowBool(row.indexed)) {
        await this.repo.unindex(em, Number(row.id));
        await this.dropTokens(em, [{ id: Number(row.id), kind }]);
      }
      return;
    }
    if (row && rowBool(row.indexed)) {
      await this.dropTokens(em, [{ id: Number(row.id), kind }]);
      await this.repo.move(em, Number(row.id), advisoryId);
      await this.repo.putTokens(em, [{ id: Number(row.id), kind, source }]);
      return;
    }
    await this.indexMany(em, [{ kind, sourceId, advisoryId, source }]);
  }

  /** Documents not in the index now (new, or hidden until now): rows upserted, tokens added. */
  private async indexMany(em: EntityManager, entries: IndexEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += BATCH) {
      const batch = entries.slice(i, i + BATCH);
      const ids = await this.repo.upsertDocuments(em, batch);
      await this.repo.putTokens(
        em,
        batch.map((e) => ({ id: ids.get(`${e.kind}:${e.sourceId}`)!, kind: e.kind, source: e.source })),
      );
    }
  }

  private async dropTokens(em: EntityManager, docs: IndexedDocument[]): Promise<void> {
    for (let i = 0; i < docs.length; i += BATCH) {
      await this.repo.dropTokens(em, docs.slice(i, i + BATCH));
    }
  }
}

function issueEntry(i: KnownIssue, advisoryId: string): IndexEntry {
  return { kind: 'known-issue', sourceId: String(i.id), advisoryId, source: knownIssueSource(issueFacts(i, advisoryId)) };
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
