/**
 * The floor of framework cost (benchmark server b): plain Express + the app's Handlebars views + better-sqlite3,
 * answering the guest thread page with the same queries and the same view model as the app, and nothing else
 * (no Nest, no ORM, no sessions, no CSRF, no security headers). The harness checks it returns the app's bytes.
 *   SQLITE_PATH=… PORT=… node dist/bench/floor.js
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import { advisoryPath, threadPath } from '../src/advisories/advisory.view-model';
import { createViewEngine } from '../src/common/views/view-engine';
import { findRootDir } from '../src/config/config';
import { OUTCOMES } from '../src/field-reports/field-report.entity';
import { issueView, knownIssuesPath } from '../src/known-issues/known-issue.view-model';
import { OTHER_PLATFORM } from '../src/threads/posts.service';
import { pageOf, pager, postPath, POSTS_PER_PAGE, statsView } from '../src/threads/thread-page.service';

type Row = Record<string, any>;

export function floorApp(dbPath: string) {
  const root = findRootDir();
  const db = new Database(dbPath, { readonly: true });
  db.pragma('journal_mode = WAL');
  const engine = createViewEngine(join(root, 'views'));
  const assetVersion = createHash('sha256').update(readFileSync(join(root, 'public', 'css', 'app.css'))).digest('hex').slice(0, 10);
  const q = {
    thread: db.prepare(
      `select t.id, t.post_count, t.report_count, t.problem_count, t.locked, t.last_posted_at, a.id as advisory_id, a.kb, a.title, a."references" as refs
       from threads t join advisories a on a.id = t.advisory_id where t.advisory_id = ? and a.status = 'published'`,
    ),
    platforms: db.prepare('select id, key, label from advisory_platforms where advisory_id = ? order by position'),
    stats: db.prepare('select platform_key, outcome, reports, confirmations from platform_stats where thread_id = ?'),
    issues: db.prepare(`select * from known_issues where advisory_id = ? and status != 'dismissed' order by position, id`),
    posts: db.prepare(
      `select p.id, p.number, p.body_html, p.is_report, p.state, p.state_reason, p.edited_at, p.created_at, u.username, r.number as reply_number
       from posts p join users u on u.id = p.author_id left join posts r on r.id = p.reply_to_id
       where p.thread_id = ? and p.number >= ? and p.number <= ? order by p.number`,
    ),
  };

  const app = express();
  app.disable('x-powered-by');
  app.get('/advisories/:id/thread', (req, res) => {
    const t = q.thread.get(req.params.id) as Row | undefined;
    if (!t) return res.status(404).send('not found');
    const page = req.query.page === undefined ? 1 : Number(req.query.page);
    const pageCount = pageOf(t.post_count);
    if (!Number.isInteger(page) || page < 1 || page > pageCount) return res.status(404).send('not found');
    const platforms = q.platforms.all(t.advisory_id) as Row[];
    const first = (page - 1) * POSTS_PER_PAGE + 1;
    const posts = q.posts.all(t.id, first, page * POSTS_PER_PAGE) as Row[];
    const reportIds = posts.filter((p) => p.is_report).map((p) => p.id);
    const marks = reportIds.map(() => '?').join(',');
    const reports = reportIds.length
      ? (db.prepare(`select fr.*, ap.label from field_reports fr left join advisory_platforms ap on ap.id = fr.platform_id where fr.post_id in (${marks})`).all(...reportIds) as Row[])
      : [];
    const confirmations = reportIds.length
      ? (db.prepare(`select c.report_id, p.key, count(*) as n from confirmations c left join advisory_platforms p on p.id = c.platform_id where c.report_id in (${marks}) group by c.report_id, p.key`).all(...reportIds) as Row[])
      : [];
    const issues = q.issues.all(t.advisory_id) as Row[];
    const issueIds = issues.map((i) => i.id);
    const behind = issueIds.length
      ? new Map(
          (db.prepare(`select e.known_issue_id as id, sum(r.confirmation_count) as n from known_issue_evidence e join field_reports r on r.post_id = e.post_id where e.known_issue_id in (${issueIds.map(() => '?').join(',')}) group by e.known_issue_id`).all(...issueIds) as Row[]).map((r) => [r.id, Number(r.n ?? 0)]),
        )
      : new Map();
    const labelOf = new Map(platforms.map((p) => [p.key, p.label]));
    const reportOf = new Map(reports.map((r) => [r.post_id, r]));
    const advisory = { id: t.advisory_id, references: JSON.parse(t.refs) } as any;
    const views = issues.map((i) => {
      const entity = { ...i, platforms: JSON.parse(i.platforms), references: JSON.parse(i.references), evidenceCount: i.evidence_count, updatedAt: new Date(i.updated_at), isOpen: ['investigating', 'confirmed', 'mitigated'].includes(i.status) } as any;
      return issueView(entity, advisory, platforms as any, behind.get(i.id) ?? 0);
    });
    const items = posts
      .filter((p) => p.state !== 'held')
      .map((p) => {
        const visible = p.state === 'visible' || p.state === 'deleted';
        const showBody = p.state === 'visible';
        const report = reportOf.get(p.id);
        return {
          id: p.id,
          number: p.number,
          anchor: `p${p.number}`,
          permalink: `/posts/${p.id}`,
          author: p.username,
          createdAt: new Date(p.created_at),
          state: p.state,
          isDeleted: p.state === 'deleted',
          isHiddenPlaceholder: p.state === 'hidden',
          isHeld: false,
          isHidden: false,
          bodyHtml: showBody ? p.body_html : null,
          edited: p.edited_at !== null,
          canViewRevisions: false,
          replyTo: p.reply_number ? { number: p.reply_number, url: postPath(t.advisory_id, p.reply_number) } : null,
          report:
            showBody && report
              ? {
                  platform: report.label ?? null,
                  platformOther: report.platform_other,
                  outcome: report.outcome,
                  outcomeKey: `outcome.${report.outcome}`,
                  hosts: report.hosts,
                  software: report.software,
                  confirmationCount: report.confirmation_count,
                  confirmations: confirmations.filter((c) => c.report_id === p.id).map((c) => ({ label: c.key ? (labelOf.get(c.key) ?? c.key) : '', count: Number(c.n) })),
                }
              : null,
          canEdit: false,
          canDelete: false,
          canReply: false,
          canConfirm: false,
          confirmed: false,
          canFlag: false,
          canHide: false,
          canRestore: false,
          stateReason: visible ? p.state_reason : null,
          defaultPlatform: report?.key ?? OTHER_PLATFORM,
        };
      });
    const statRows = (q.stats.all(t.id) as Row[]).map((s) => ({ platformKey: s.platform_key, outcome: s.outcome, reports: s.reports, confirmations: s.confirmations }));
    const html = engine.render('threads/show', {
      locale: 'ja',
      otherLocale: { code: 'en', url: `${req.path}?${new URLSearchParams({ ...(req.query as Record<string, string>), lang: 'en' }).toString()}` },
      assetVersion,
      currentPath: req.path,
      viewer: { isGuest: true },
      signedIn: false,
      canModerate: false,
      title: `${t.advisory_id} — HFR BBS会議室`,
      advisory: { id: t.advisory_id, kb: JSON.parse(t.kb), title: t.title, url: advisoryPath(t.advisory_id), threadUrl: threadPath(t.advisory_id) },
      thread: { postCount: t.post_count, reportCount: t.report_count, problemCount: t.problem_count, locked: !!t.locked, lastPostedAt: t.last_posted_at === null ? null : new Date(t.last_posted_at) },
      stats: statsView(statRows as any, platforms as any),
      knownIssues: { open: views.filter((v) => v.isOpen), resolved: views.filter((v) => !v.isOpen), pageUrl: knownIssuesPath(t.advisory_id) },
      canPromote: false,
      canLock: false,
      flagReasons: ['spam', 'off-topic', 'abusive', 'dangerous', 'other'].map((r) => ({ value: r, key: `flag.reason.${r}` })),
      posts: items,
      pager: pager(t.advisory_id, page, pageCount),
      canPost: false,
      signInUrl: `/login?next=${encodeURIComponent(threadPath(t.advisory_id))}`,
      canWatch: false,
      watching: false,
      form: {
        values: {},
        platformOptions: [...platforms.map((p) => ({ value: p.key, label: p.label, selected: false })), { value: OTHER_PLATFORM, label: null, selected: false }],
        outcomeOptions: OUTCOMES.map((o) => ({ value: o, key: `outcome.${o}`, selected: false })),
        previewHtml: null,
        errors: {},
      },
      hasErrors: false,
      errors: {},
    });
    res.type('html').send(html);
  });
  return app;
}

if (require.main === module) {
  const port = Number(process.argv[2] ?? 0);
  const server = floorApp(process.argv[3] ?? 'data/bench/bench-1m.sqlite').listen(port, '127.0.0.1', () => {
    const a = server.address();
    process.stdout.write(`floor listening on ${typeof a === 'object' && a ? a.port : port}\n`);
  });
  // An orderly exit lets --cpu-prof write its profile.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
}
