/**
 * The floor of framework cost (benchmark server b): plain Express + the app's Handlebars views + better-sqlite3
 * (or node-postgres with a pool as large as the app's, for a postgres:// data set), answering the guest thread page
 * with the same queries and the same view model as the app, and nothing else (no Nest, no ORM, no sessions, no CSRF,
 * no security headers). The harness checks it returns the app's bytes.
 *   node dist-test/bench/floor.js PORT DATA-SET (a SQLite file or a postgres:// URL)
 */
import Database from 'better-sqlite3';
import { Pool, TypeOverrides } from 'pg';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import { createViewEngine } from '../src/common/views/view-engine';
import { DEFAULT_VERDICT_THRESHOLDS, findRootDir } from '../src/config/config';
import { platformVerdicts } from '../src/guidance/verdict';
import { verdictsView } from '../src/guidance/verdict.view-model';
import { OUTCOMES } from '../src/field-reports/field-report.entity';
import { feedLinks } from '../src/feeds/feed-links';
import { KNOWN_ISSUE_SQL, knownIssueRow, summaryView } from '../src/known-issues/known-issues.service';
import { Action } from '../src/policy/actions';
import { PolicyService } from '../src/policy/policy.service';
import { GUEST } from '../src/policy/viewer';
import { confirmationCounts, OTHER_PLATFORM, REPORT_DAYS, reportDayRows } from '../src/field-reports/field-reports.repository';
import { boardDay } from '../src/common/i18n/i18n';
import { trendOf } from '../src/guidance/trend';
import { trendView } from '../src/guidance/trend-view';
import { bound, Statement } from '../src/database/statement';
import { platformRows, statRows, THREAD_PAGE_SQL, threadHead } from '../src/threads/thread-page.repository';
import { pager, postItems, statsView } from '../src/threads/thread-page.service';
import { backlinkMaps, citedBySql } from '../src/citations/citations.repository';
import { advisoryPath, loginPath, pageOf, POSTS_PER_PAGE, threadPath } from '../src/paths';

type Row = Record<string, unknown>;

/** Rows of a query with `?` placeholders: synchronous on SQLite, as better-sqlite3 reads; pooled on PostgreSQL. */
type Read = (query: string, params: unknown[]) => Row[] | Promise<Row[]>;

function sqliteReader(dbPath: string): Read {
  const db = new Database(dbPath, { readonly: true });
  db.pragma('journal_mode = WAL');
  const stmt = new Map<string, Database.Statement>();
  return (query, params) => {
    let s = stmt.get(query);
    if (!s) stmt.set(query, (s = db.prepare(query)));
    return s.all(...params) as Row[];
  };
}

function postgresReader(url: string): Read {
  // Dates as text, as the app's driver (MikroORM's PostgreSqlConnection) reads them.
  const parsers = new TypeOverrides();
  for (const oid of [1082, 1114, 1184, 1186]) parsers.setTypeParser(oid, (text: string) => text);
  // Idle connections closed after a second: between its rounds the floor holds none of the server's connections.
  const pool = new Pool({ connectionString: url, max: 10, idleTimeoutMillis: 1000, types: parsers });
  const numbered = new Map<string, string>();
  return async (query, params) => {
    let text = numbered.get(query);
    if (text === undefined) {
      let n = 0;
      numbered.set(query, (text = query.replace(/\?/g, () => `$${++n}`)));
    }
    return (await pool.query(text, params)).rows as Row[];
  };
}

export function floorApp(dataSet: string) {
  const root = findRootDir();
  const read = dataSet.startsWith('postgres://') ? postgresReader(dataSet) : sqliteReader(dataSet);
  const engine = createViewEngine(join(root, 'views'));
  const assetVersion = createHash('sha256')
    .update(readFileSync(join(root, 'public', 'css', 'app.css')))
    .digest('hex')
    .slice(0, 10);
  const policy = new PolicyService();
  const can = (action: Action, subject: unknown) => policy.can(GUEST, action, subject);
  const all = read;
  // The thread page repository's statements, as its reader runs them.
  const rows = async <R>(st: Statement<R>, params: unknown[]) => {
    const { text, values } = bound(st, params);
    return (await all(text, values)) as R[];
  };

  const app = express();
  app.disable('x-powered-by');
  app.get('/advisories/:id/thread', async (req, res) => {
    const row = (await rows(THREAD_PAGE_SQL.head, [req.params.id]))[0];
    const head = row ? threadHead(row) : null;
    if (!head || !can(Action.ViewThread, head)) return res.status(404).send('not found');
    const page = req.query.page === undefined ? 1 : Number(req.query.page);
    const pageCount = pageOf(head.postCount);
    if (!Number.isInteger(page) || page < 1 || page > pageCount) return res.status(404).send('not found');
    const platforms = platformRows(await rows(THREAD_PAGE_SQL.platforms, [head.advisory.id]));
    const first = (page - 1) * POSTS_PER_PAGE + 1;
    const posts = await rows(THREAD_PAGE_SQL.posts, [head.id, first, page * POSTS_PER_PAGE]);
    const reportIds = posts.filter((p) => p.is_report).map((p) => p.id);
    const reports = reportIds.length ? await rows(THREAD_PAGE_SQL.reports, [reportIds]) : [];
    const confirmations = confirmationCounts(reportIds.length ? await rows(THREAD_PAGE_SQL.confirmations, [reportIds]) : []);
    const issues = (await all(KNOWN_ISSUE_SQL.summary, [head.advisory.id])).map(knownIssueRow);
    const counters = statRows(await rows(THREAD_PAGE_SQL.stats, [head.id]));
    const behind = new Map(
      issues.length
        ? (
            await all(
              KNOWN_ISSUE_SQL.confirmationsBehind(issues.length),
              issues.map((i) => i.id),
            )
          ).map((r) => [Number(r.id), Number(r.n ?? 0)])
        : [],
    );
    const postIds = posts.map((p) => p.id);
    const issueIds = issues.map((i) => i.id);
    const cited = backlinkMaps(
      postIds.length || issueIds.length ? await all(citedBySql(postIds.length, issueIds.length), [...postIds, ...issueIds]) : [],
    );
    const a = head.advisory;
    const html = engine.render('threads/show', {
      locale: 'ja',
      otherLocale: {
        code: 'en',
        url: `${req.path}?${new URLSearchParams({ ...(req.query as Record<string, string>), lang: 'en' }).toString()}`,
      },
      assetVersion,
      currentPath: req.path,
      viewer: { isGuest: true },
      signedIn: false,
      canModerate: false,
      title: `${a.id} — HFR BBS会議室`,
      advisory: { id: a.id, kb: a.kb, title: a.title, url: advisoryPath(a.id), threadUrl: threadPath(a.id) },
      thread: {
        postCount: head.postCount,
        reportCount: head.reportCount,
        problemCount: head.problemCount,
        locked: head.locked,
        lastPostedAt: head.lastPostedAt,
      },
      stats: statsView(counters, platforms),
      verdicts: verdictsView(
        platformVerdicts(
          platforms,
          counters,
          issues.filter((i) => i.isOpen),
          DEFAULT_VERDICT_THRESHOLDS,
        ),
      ),
      trend: trendView(a.id, trendOf(reportDayRows(await rows(REPORT_DAYS, [head.id])), a.publishedAt, boardDay(new Date()))),
      knownIssues: summaryView(a, platforms, issues, behind, cited.issues),
      canPromote: false,
      canLock: false,
      posts: postItems(head, posts, reports, confirmations, platforms, can, new Set(), cited.posts),
      pager: pager(a.id, page, pageCount),
      canPost: false,
      signInUrl: loginPath(threadPath(a.id)),
      canWatch: false,
      watching: false,
      form: {
        values: {},
        platformOptions: [
          ...platforms.map((p) => ({ value: p.key, label: p.label, selected: false })),
          { value: OTHER_PLATFORM, label: null, selected: false },
        ],
        outcomeOptions: OUTCOMES.map((o) => ({ value: o, key: `outcome.${o}`, selected: false })),
        previewHtml: null,
        errors: {},
      },
      hasErrors: false,
      errors: {},
      feeds: feedLinks.advisory(a.id, a.isPublished),
    });
    res.type('html').send(html);
  });
  return app;
}

if (require.main === module) {
  const port = Number(process.argv[2] ?? 0);
  const server = floorApp(process.argv[3] ?? 'data/bench/bench-1m-v4.sqlite').listen(port, '127.0.0.1', () => {
    const a = server.address();
    process.stdout.write(`floor listening on ${typeof a === 'object' && a ? a.port : port}\n`);
  });
  // An orderly exit lets --cpu-prof write its profile.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
}
