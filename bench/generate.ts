/**
 * Builds a benchmark data set on the configured database (SQLITE_PATH or DATABASE_URL; by default
 * data/bench/bench-<size>.sqlite, never the board's own), which must be empty:
 *   node dist-test/bench/generate.js --posts 1000000 [--seed 1] [--force]
 * 1,000 advisories shaped like MS04-044 (1 per 1,000 posts, at least 10), a hot thread (MS04-044) holding a
 * tenth of the posts, ~20% field reports with confirmations, known issues with history and evidence, and
 * counters equal to a recount; the hot advisory published at generation time, the others one every ~2 days before. Schema and advisories go through the app itself; posts go in bulk.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AdvisoriesService } from '../src/advisories/advisories.service';
import { AdvisoryDocument } from '../src/advisories/advisory-format';
import { parseAdvisoryFile } from '../src/advisories/advisory-import';
import { AppModule } from '../src/app.module';
import { hashPassword } from '../src/auth/password';
import { renderMarkdown } from '../src/common/html/markdown';
import { AppConfig, loadConfig } from '../src/config/config';
import { prepareDatabase } from '../src/prepare-database';
import demo from '../src/database/demo/MS04-044.json';
import { isProblem } from '../src/field-reports/field-reports.repository';
import { Outcome } from '../src/field-reports/field-report.entity';
import { SearchIndexService } from '../src/search/search-index.service';
import { issueTerms, softwareKey } from '../src/notifications/software-match';
import { usernameKey } from '../src/users/username';
import { recount } from './recount';
import { openSink, Sink } from './sink';
import { pick, postBody, rng, SOFTWARE } from './text';

export const BENCH_PASSWORD = 'bench-password-1234';
export const HOT_ADVISORY = 'MS04-044';
/** In every data set's file name: bump it when the generator's output changes, so an older data set is not reused. */
export const DATASET_VERSION = 4;
/** Publication times as a bulletin service spreads them: the hot advisory now, then one about every 2 days back. */
const PUBLISHED_EVERY_MS = 2 * 86400000;
const BODY_POOL = 4000;
const BATCH = 5000;

interface Options {
  posts: number;
  seed: number;
  force: boolean;
}

interface ThreadInfo {
  id: number;
  advisoryId: string;
  kb: string;
  platforms: { id: number; key: string; label: string }[];
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { posts: 1_000_000, seed: 1, force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--posts') opts.posts = Number(argv[++i]);
    else if (a === '--seed') opts.seed = Number(argv[++i]);
    else if (a === '--force') opts.force = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isInteger(opts.posts) || opts.posts < 100) throw new Error('--posts must be an integer ≥ 100');
  return opts;
}

/** data/bench/bench-1m-v4.sqlite, bench-1k-v4.sqlite…: where the benchmark keeps a data set of this many posts (`name` for a throw-away one). */
export function datasetPath(posts: number, name?: string): string {
  const size = posts >= 1_000_000 ? `${posts / 1_000_000}m` : posts >= 1000 ? `${posts / 1000}k` : String(posts);
  return join(__dirname, '..', '..', 'data', 'bench', `bench-${name ?? size}-v${DATASET_VERSION}.sqlite`);
}

/** Advisory i as a variation of the demo bulletin; MS04-044 itself stays as it is (the hot thread). */
export function advisoryDocs(count: number): AdvisoryDocument[] {
  const { docs } = parseAdvisoryFile(JSON.stringify(demo));
  const base = docs[0];
  const out: AdvisoryDocument[] = [base];
  for (let i = 0; out.length < count; i++) {
    const id = `MS${String(1 + Math.floor(i / 100)).padStart(2, '0')}-${String((i % 100) + 1).padStart(3, '0')}`;
    if (id === base.id) continue;
    const kb = String(800000 + i);
    const day = new Date(Date.UTC(2001, 0, 1) + i * 3 * 86400000).toISOString().slice(0, 10);
    out.push({
      ...structuredClone(base),
      id,
      kb: [kb],
      title: `${['Windows カーネル', 'Internet Explorer', 'WINS', 'ヘルプとサポート センター', 'Windows Shell', 'NetDDE'][i % 6]} の脆弱性により、リモートでコードが実行される (${kb})`,
      registeredOn: day,
      updatedOn: day,
      severity: ((i % 4) + 1) as AdvisoryDocument['severity'],
      relatedAdvisories: [],
      packages: base.packages.map((p) => ({ ...p, fileName: p.fileName.replace('885835', kb) })),
    });
  }
  return out;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  // Never the board's own database by default: without SQLITE_PATH or DATABASE_URL, the bench's file for this size.
  const target = process.env.SQLITE_PATH || process.env.DATABASE_URL ? {} : { SQLITE_PATH: datasetPath(opts.posts) };
  const loaded = loadConfig({ ...process.env, ...target, DEMO_DATA: 'false', LOG_REQUESTS: 'false' });
  if (loaded.database.engine === 'sqlite') mkdirSync(dirname(loaded.database.path), { recursive: true });
  // No background mail timers in a generator run (as in the CLI).
  const config: AppConfig = { ...loaded, mail: { ...loaded.mail, sendIntervalSeconds: 0, digestHour: null } };
  await emptyTarget(config, opts.force);
  const advisoryCount = Math.max(10, Math.round(opts.posts / 1000));
  const hotPosts = Math.round(opts.posts / 10);
  log(
    `Generating ${opts.posts.toLocaleString('en')} posts over ${advisoryCount} advisories (hot thread ${HOT_ADVISORY}: ${hotPosts.toLocaleString('en')}) on ${describe(config)}`,
  );

  // Schema and advisories through the app: the same migrations and importer as production.
  const app = await NestFactory.createApplicationContext(AppModule.register(config), { logger: ['error'] });
  await prepareDatabase(app);
  const docs = advisoryDocs(advisoryCount);
  const advisories = app.get(AdvisoriesService);
  for (let i = 0; i < docs.length; i += 100) await advisories.importDocuments(docs.slice(i, i + 100), { publish: true });
  await app.close();
  log(`  ${docs.length} advisories published with their threads (${secs(started)})`);

  const sink = await openSink(config);
  await spreadPublication(sink, docs, new Date());
  const threads = await loadThreads(sink, docs);
  const r = rng(opts.seed);
  const users = await insertUsers(sink, Math.max(50, Math.min(5000, Math.round(opts.posts / 200))), r);
  const counts = await insertPosts(sink, threads, users, opts.posts, hotPosts, r, started);
  await insertKnownIssues(sink, threads, counts.reportsByThread, users, r);
  const mismatches = await recount(sink);
  if (mismatches.length) throw new Error(`counters differ from a recount: ${mismatches.slice(0, 5).join('; ')}`);
  log(`  every counter equals a recount (${secs(started)})`);
  await sink.close();
  await buildSearchIndex(config, started);
  const size = config.database.engine === 'sqlite' ? ` — ${(statSync(config.database.path).size / 1e6).toFixed(0)} MB` : '';
  log(
    `Done in ${secs(started)}: ${counts.posts.toLocaleString('en')} posts, ${counts.reports.toLocaleString('en')} field reports, ` +
      `${counts.confirmations.toLocaleString('en')} confirmations, ${users.length} members${size}.`,
  );
}

/** The search index through the app's own rebuild, so it holds exactly what the app would have written. */
async function buildSearchIndex(config: AppConfig, started: number): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule.register(config), { logger: ['error'] });
  let next = 0.1;
  const summary = await app.get(SearchIndexService).reindex((step, done, total) => {
    if (step === 'posts' && total > 0 && done / total >= next) {
      log(`  search index ${Math.floor((done / total) * 100)}% (${secs(started)})`);
      while (done / total >= next) next += 0.1;
    }
  });
  await app.close();
  log(
    `  search index: ${summary.posts.toLocaleString('en')} posts, ${summary.knownIssues} known issues, ${summary.advisories} advisories (${summary.skipped.toLocaleString('en')} not public)`,
  );
}

async function emptyTarget(config: AppConfig, force: boolean): Promise<void> {
  if (config.database.engine === 'sqlite') {
    const path = config.database.path;
    if (existsSync(path)) {
      if (!force) throw new Error(`${path} exists; pass --force to replace it`);
      for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
    }
    return;
  }
  const sink = await openSink(config);
  const [{ n }] = await sink.query<{ n: string }>("select count(*) as n from information_schema.tables where table_schema = 'public'");
  if (Number(n) > 0) {
    if (!force) throw new Error('the PostgreSQL database is not empty; pass --force to drop its public schema');
    await sink.exec('drop schema public cascade; create schema public');
  }
  await sink.close();
}

/**
 * Publication times back from `now`, newest first in the order generated (the hot advisory now), one every
 * ~2 days at varying hours, so /status's 60 days hold a few dozen advisories rather than all of them.
 */
async function spreadPublication(sink: Sink, docs: AdvisoryDocument[], now: Date): Promise<void> {
  await sink.begin();
  for (const [i, d] of docs.entries()) {
    const at = new Date(now.getTime() - i * PUBLISHED_EVERY_MS - ((i * 7) % 24) * 3600000);
    await sink.exec(`update advisories set published_at = ${sqlDate(sink, at)} where id = '${d.id}'`);
  }
  await sink.commit();
  const recent = docs.filter((_, i) => i * PUBLISHED_EVERY_MS < 60 * 86400000).length;
  log(`  publication spread back ${Math.round(((docs.length - 1) * PUBLISHED_EVERY_MS) / 86400000)} days: ${recent} in the last 60 days`);
}

async function loadThreads(sink: Sink, docs: AdvisoryDocument[]): Promise<ThreadInfo[]> {
  const threadRows = await sink.query<{ id: number; advisory_id: string }>('select id, advisory_id from threads order by id');
  const platformRows = await sink.query<{ id: number; advisory_id: string; key: string; label: string }>(
    'select id, advisory_id, key, label from advisory_platforms order by advisory_id, position',
  );
  const kbOf = new Map(docs.map((d) => [d.id, d.kb[0]]));
  const platformsOf = new Map<string, ThreadInfo['platforms']>();
  for (const p of platformRows)
    platformsOf.set(p.advisory_id, [...(platformsOf.get(p.advisory_id) ?? []), { id: Number(p.id), key: p.key, label: p.label }]);
  return threadRows.map((t) => ({
    id: Number(t.id),
    advisoryId: t.advisory_id,
    kb: kbOf.get(t.advisory_id) ?? '',
    platforms: platformsOf.get(t.advisory_id) ?? [],
  }));
}

async function insertUsers(sink: Sink, count: number, r: () => number): Promise<number[]> {
  const hash = await hashPassword(BENCH_PASSWORD);
  const now = sink.date(new Date());
  const rows: unknown[][] = [];
  for (let i = 1; i <= count; i++) {
    const name = `bench${String(i).padStart(5, '0')}`;
    rows.push([
      i,
      name,
      usernameKey(name),
      `${name}@example.invalid`,
      hash,
      i === 1 ? 'moderator' : 'subscriber',
      'active',
      0,
      now,
      now,
      0,
      100,
      now,
    ]);
  }
  void r;
  await sink.begin();
  await sink.insert(
    'users',
    [
      'id',
      'username',
      'username_key',
      'email',
      'password_hash',
      'role',
      'state',
      'post_count',
      'created_at',
      'password_changed_at',
      'unread_notifications',
      'approved_posts',
      // Confirmed addresses: an unconfirmed member's posts wait for a moderator, and the write load would measure only held posts.
      'email_confirmed_at',
    ],
    rows,
  );
  await sink.commit();
  await fixSequence(sink, 'users');
  return rows.map((row) => row[0] as number);
}

const OUTCOME_WEIGHTS: [Outcome, number][] = [
  ['success', 0.6],
  ['problem', 0.25],
  ['install-failed', 0.1],
  ['rolled-back', 0.05],
];
function outcomeOf(r: () => number): Outcome {
  let x = r();
  for (const [o, w] of OUTCOME_WEIGHTS) if ((x -= w) < 0) return o;
  return 'success';
}

interface PostCounts {
  posts: number;
  reports: number;
  confirmations: number;
  reportsByThread: Map<number, number[]>;
}

async function insertPosts(
  sink: Sink,
  threads: ThreadInfo[],
  users: number[],
  total: number,
  hot: number,
  r: () => number,
  started: number,
): Promise<PostCounts> {
  // A pool of distinct bodies rendered once: realistic text without a million markdown renders.
  const pool: { source: string; html: string }[] = [];
  for (let i = 0; i < BODY_POOL; i++) {
    const t = threads[i % threads.length];
    const source = postBody(r, {
      hosts: 1 + Math.floor(r() * 500),
      kb: t.kb,
      platform: pick(r, t.platforms).label,
      software: pick(r, SOFTWARE),
    });
    pool.push({ source, html: renderMarkdown(source) });
  }
  const hotIndex = threads.findIndex((t) => t.advisoryId === HOT_ADVISORY);
  // The other threads share the rest unevenly (0.5×–1.5× the mean), as real threads do.
  const weights = threads.map((_, i) => (i === hotIndex ? 0 : 0.5 + r()));
  const sum = weights.reduce((a, b) => a + b, 0);
  const perThread = weights.map((w, i) => (i === hotIndex ? hot : Math.floor(((total - hot) * w) / sum)));
  perThread[hotIndex === 0 ? 1 : 0] += total - perThread.reduce((a, b) => a + b, 0);

  const postCols = [
    'id',
    'thread_id',
    'number',
    'author_id',
    'body_source',
    'body_html',
    'is_report',
    'state',
    'state_reason',
    'reply_to_id',
    'edited_at',
    'revision_count',
    'created_at',
  ];
  const reportCols = ['post_id', 'platform_id', 'platform_other', 'outcome', 'hosts', 'software', 'confirmation_count'];
  const confirmCols = ['id', 'report_id', 'user_id', 'platform_id', 'platform_other', 'created_at'];
  const userPosts = new Map<number, number>();
  const reportsByThread = new Map<number, number[]>();
  let postId = 0;
  let confirmationId = 0;
  let reports = 0;
  let posts: unknown[][] = [];
  let reportRows: unknown[][] = [];
  let confirmRows: unknown[][] = [];
  let nextProgress = 0.05;
  const flush = async () => {
    await sink.begin();
    await sink.insert('posts', postCols, posts);
    await sink.insert('field_reports', reportCols, reportRows);
    await sink.insert('confirmations', confirmCols, confirmRows);
    await sink.commit();
    posts = [];
    reportRows = [];
    confirmRows = [];
    if (postId / total >= nextProgress) {
      log(
        `  posts ${Math.floor((postId / total) * 100)}% (${postId.toLocaleString('en')}, ${Math.round(postId / ((Date.now() - started) / 1000)).toLocaleString('en')}/s overall)`,
      );
      while (postId / total >= nextProgress) nextProgress += 0.05;
    }
  };

  for (let ti = 0; ti < threads.length; ti++) {
    const t = threads[ti];
    const n = perThread[ti];
    const stats = new Map<string, { reports: number; confirmations: number; hosts: number }>();
    const bump = (key: string, outcome: Outcome, field: 'reports' | 'confirmations') => {
      const k = `${key}\u0000${outcome}`;
      const s = stats.get(k) ?? { reports: 0, confirmations: 0, hosts: 0 };
      s[field]++;
      stats.set(k, s);
    };
    const firstId = postId + 1;
    const start = Date.UTC(2004, 11, 15) + ti * 3600000;
    let reportCount = 0;
    let problemCount = 0;
    let last = new Date(start);
    const threadReports: number[] = [];
    for (let number = 1; number <= n; number++) {
      postId++;
      const author = users[Math.floor(r() * users.length)];
      const body = pool[Math.floor(r() * pool.length)];
      const x = r();
      const state = x < 0.003 ? 'hidden' : x < 0.005 ? 'deleted' : x < 0.006 ? 'held' : 'visible';
      const isReport = r() < 0.2;
      const replyTo = number > 1 && r() < 0.1 ? firstId + Math.floor(r() * (number - 1)) : null;
      last = new Date(start + number * 60000);
      posts.push([
        postId,
        t.id,
        number,
        author,
        body.source,
        body.html,
        sink.bool(isReport),
        state,
        state === 'hidden' ? 'スパム' : state === 'deleted' ? 'deleted by author' : null,
        replyTo,
        null,
        0,
        sink.date(last),
      ]);
      userPosts.set(author, (userPosts.get(author) ?? 0) + 1);
      if (isReport) {
        const platform = pick(r, t.platforms);
        const outcome = outcomeOf(r);
        let confirmations = 0;
        if (state === 'visible') {
          reportCount++;
          if (isProblem(outcome)) problemCount++;
          bump(platform.key, outcome, 'reports');
          threadReports.push(postId);
          if (r() < 0.3) {
            const k = 1 + Math.floor(r() * 4);
            const seen = new Set<number>([author]);
            for (let c = 0; c < k; c++) {
              const user = users[Math.floor(r() * users.length)];
              if (seen.has(user)) continue;
              seen.add(user);
              const cp = pick(r, t.platforms);
              confirmRows.push([++confirmationId, postId, user, cp.id, null, sink.date(new Date(last.getTime() + 1000))]);
              bump(cp.key, outcome, 'confirmations');
              confirmations++;
            }
          }
        }
        reports++;
        // Drawn here, after the confirmations, so that the generated data stays what it was before hosts were counted.
        const hosts = 1 + Math.floor(r() * 500);
        if (state === 'visible') stats.get(`${platform.key}\u0000${outcome}`)!.hosts += hosts;
        reportRows.push([postId, platform.id, null, outcome, hosts, pick(r, SOFTWARE), confirmations]);
      }
      if (posts.length >= BATCH) await flush();
    }
    await flush();
    reportsByThread.set(t.id, threadReports);
    await sink.begin();
    await sink.insert(
      'platform_stats',
      ['thread_id', 'platform_key', 'outcome', 'reports', 'confirmations', 'hosts'],
      [...stats].map(([k, s]) => {
        const [key, outcome] = k.split('\u0000');
        return [t.id, key, outcome, s.reports, s.confirmations, s.hosts];
      }),
    );
    await sink.exec(
      `update threads set post_count = ${n}, report_count = ${reportCount}, problem_count = ${problemCount}, last_posted_at = ${sqlDate(sink, last)} where id = ${t.id}`,
    );
    await sink.commit();
  }
  await sink.begin();
  for (const [user, count] of userPosts) await sink.exec(`update users set post_count = ${count} where id = ${user}`);
  await sink.commit();
  await fixSequence(sink, 'posts');
  await fixSequence(sink, 'confirmations');
  return { posts: postId, reports, confirmations: confirmationId, reportsByThread };
}

const STATUS_PATHS = [
  ['investigating'],
  ['investigating', 'confirmed'],
  ['investigating', 'confirmed', 'mitigated'],
  ['investigating', 'confirmed', 'mitigated', 'resolved'],
  ['investigating', 'dismissed'],
];

/** Known issues on about a third of the advisories (and the hot one), each with a status history and evidence. */
async function insertKnownIssues(
  sink: Sink,
  threads: ThreadInfo[],
  reportsByThread: Map<number, number[]>,
  users: number[],
  r: () => number,
): Promise<void> {
  const moderator = users[0];
  let issueId = 0;
  const issues: unknown[][] = [];
  const events: unknown[][] = [];
  const evidence: unknown[][] = [];
  // Each issue filed under its platforms and software words, as KnownIssuesService files one (members' environments find it so).
  const terms: unknown[][] = [];
  for (const t of threads) {
    if (t.advisoryId !== HOT_ADVISORY && r() > 0.33) continue;
    const n = 1 + Math.floor(r() * 3);
    for (let i = 0; i < n; i++) {
      issueId++;
      const path = pick(r, STATUS_PATHS);
      const platform = pick(r, t.platforms);
      const software = pick(r, SOFTWARE);
      const created = new Date(Date.UTC(2004, 11, 16) + issueId * 3600000);
      const candidates = reportsByThread.get(t.id) ?? [];
      const linked = [...new Set(Array.from({ length: Math.min(candidates.length, 1 + Math.floor(r() * 3)) }, () => pick(r, candidates)))];
      const updated = new Date(created.getTime() + (path.length - 1) * 86400000);
      for (const term of issueTerms([platform.key], softwareKey(software))) terms.push([issueId, term]);
      issues.push([
        issueId,
        t.advisoryId,
        `${platform.label} で${software ? ` ${software} の` : ''}${pick(r, ['起動に失敗する', 'バックアップが失敗する', 'サービスが停止する', 'ログオンできない'])}`,
        `KB${t.kb} の適用後、${platform.label} で問題が報告されています。`,
        JSON.stringify([platform.key]),
        software,
        softwareKey(software),
        path.includes('mitigated') ? '修正プログラムをアンインストールして再起動する。' : '',
        path.includes('resolved') ? '修正版の修正プログラムで解決。' : '',
        JSON.stringify(['891531']),
        path[path.length - 1],
        i,
        linked.length,
        moderator,
        sink.date(created),
        sink.date(updated),
      ]);
      path.forEach((status, step) => {
        events.push([
          issueId,
          step === 0 ? 'created' : 'status',
          step === 0 ? null : path[step - 1],
          status,
          step === 0 ? '購読者の報告から登録。' : '状況を更新。',
          moderator,
          sink.date(new Date(created.getTime() + step * 86400000)),
        ]);
      });
      for (const postId of linked) evidence.push([issueId, postId, moderator, sink.date(created)]);
    }
  }
  await sink.begin();
  await sink.insert(
    'known_issues',
    [
      'id',
      'advisory_id',
      'title',
      'symptom',
      'platforms',
      'software',
      'software_key',
      'workaround',
      'resolution',
      'references',
      'status',
      'position',
      'evidence_count',
      'created_by_id',
      'created_at',
      'updated_at',
    ],
    issues,
  );
  await sink.insert('known_issue_events', ['known_issue_id', 'kind', 'from_status', 'to_status', 'note', 'actor_id', 'created_at'], events);
  await sink.insert('known_issue_evidence', ['known_issue_id', 'post_id', 'added_by_id', 'created_at'], evidence);
  await sink.insert('known_issue_terms', ['known_issue_id', 'term'], terms);
  await sink.commit();
  await fixSequence(sink, 'known_issues');
  log(`  ${issueId} known issues with ${events.length} status events and ${evidence.length} pieces of evidence`);
}

/** After explicit ids, PostgreSQL's sequence must move past them (SQLite's autoincrement follows by itself). */
async function fixSequence(sink: Sink, table: string): Promise<void> {
  if (sink.date(new Date(0)) === 0) return;
  await sink.exec(`select setval(pg_get_serial_sequence('"${table}"', 'id'), coalesce((select max(id) from "${table}"), 0) + 1, false)`);
}

function sqlDate(sink: Sink, d: Date): string {
  const v = sink.date(d);
  return typeof v === 'number' ? String(v) : `'${d.toISOString()}'`;
}

const describe = (config: AppConfig) => (config.database.engine === 'sqlite' ? `SQLite ${config.database.path}` : 'PostgreSQL');
const secs = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const log = (line: string) => process.stdout.write(`${line}\n`);

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`generate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
