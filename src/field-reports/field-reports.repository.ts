import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { AdvisoryStatus } from '../advisories/advisory.entity';
import { ReadSql } from '../database/read-sql';
import { boardDay } from '../common/i18n/i18n';
import { all, dbDate, one, rowDate, run } from '../database/sql';
import { statement } from '../database/statement';
import { Post } from '../threads/post.entity';
import { Confirmation } from './confirmation.entity';
import { FieldReport, Outcome } from './field-report.entity';

/** The platform key of a report or confirmation from a platform the advisory does not list. */
export const OTHER_PLATFORM = 'other';

/** The outcomes that count as trouble on the board index ("problems"). */
export const isProblem = (outcome: Outcome) => outcome !== 'success';

/** A report with what the policy and the counters need to confirm it (a type, so the policy's row mappers take it). */
export type ReportToConfirmRow = {
  number: number;
  author_id: number;
  state: string;
  created_at: unknown;
  thread_id: number;
  locked: unknown;
  advisory_id: string;
  status: AdvisoryStatus;
  outcome: Outcome;
  platform_key: string | null;
  software: string;
};

/** Confirmations of one report from one platform (null: a platform the advisory does not list). */
export interface ConfirmationCountRow {
  report_id: number;
  key: string | null;
  n: number | string;
}

export const CONFIRMATIONS_BY_PLATFORM = statement<ConfirmationCountRow>(
  'FieldReportsRepository.confirmationsByPlatform',
  `select c.report_id, p.key, count(*) as n from confirmations c left join advisory_platforms p on p.id = c.platform_id
    where c.report_id in (?*) group by c.report_id, p.key`,
  { hot: true },
);

const BUMP_PLATFORM_STAT = statement(
  'FieldReportsRepository.bumpPlatformStat',
  `insert into platform_stats (thread_id, platform_key, outcome, reports, confirmations, hosts) values (?, ?, ?, ?, ?, ?)
     on conflict (thread_id, platform_key, outcome)
     do update set reports = platform_stats.reports + excluded.reports, confirmations = platform_stats.confirmations + excluded.confirmations,
       hosts = platform_stats.hosts + excluded.hosts`,
);

const BUMP_REPORT_DAY = statement(
  'FieldReportsRepository.bumpReportDay',
  `insert into report_days (thread_id, day, outcome, reports) values (?, ?, ?, ?)
     on conflict (thread_id, day, outcome) do update set reports = report_days.reports + excluded.reports`,
);

/** Visible reports of a thread on one day with one outcome (day: YYYY-MM-DD, the board's day). */
export interface ReportDayRow {
  day: string;
  outcome: Outcome;
  reports: number;
}

export interface ReportDayRecord {
  day: unknown;
  outcome: Outcome;
  reports: number | string;
}

export const REPORT_DAYS = statement<ReportDayRecord>(
  'FieldReportsRepository.reportDays',
  'select day, outcome, reports from report_days where thread_id = ? and reports > 0 order by day',
  { hot: true },
);

const COUNT_THREAD_REPORT = statement(
  'FieldReportsRepository.countReport',
  'update threads set report_count = report_count + ?, problem_count = problem_count + ? where id = ?',
);

const REPORT_TO_CONFIRM = statement<ReportToConfirmRow>(
  'FieldReportsRepository.reportToConfirm',
  `select p.number, p.author_id, p.state, p.created_at, p.thread_id, t.locked, a.id as advisory_id, a.status, r.outcome, pl.key as platform_key, r.software
    from posts p join threads t on t.id = p.thread_id join advisories a on a.id = t.advisory_id
    join field_reports r on r.post_id = p.id left join advisory_platforms pl on pl.id = r.platform_id where p.id = ?`,
  { hot: true },
);

const PLATFORM = statement<{ id: number; label: string }>(
  'FieldReportsRepository.platform',
  'select id, label from advisory_platforms where advisory_id = ? and key = ?',
  { hot: true },
);

const ADD_CONFIRMATION = statement<{ id: number }>(
  'FieldReportsRepository.addConfirmation',
  'insert into confirmations (report_id, user_id, platform_id, platform_other, created_at) values (?, ?, ?, ?, ?) on conflict (report_id, user_id) do nothing returning id',
);

const INSERT_REPORT = statement(
  'FieldReportsRepository.add',
  'insert into field_reports (post_id, platform_id, platform_other, outcome, hosts, software, confirmation_count) values (?, ?, ?, ?, ?, ?, 0)',
  { hot: true },
);

/** A report's fields as its row holds them. */
export interface ReportValues {
  platformId: number | null;
  platformOther: string | null;
  outcome: Outcome;
  hosts: number;
  software: string;
}

/** Where a report is counted: its platform key, its outcome, its hosts, and the board's day it was posted (YYYY-MM-DD). */
export interface CountedReport {
  platformKey: string;
  outcome: Outcome;
  hosts: number;
  day: string;
}

/** A report's outcome, hosts, platform key (null: a platform the advisory does not list) and when its post was written. */
export interface ReportOutcomeRow {
  outcome: Outcome;
  hosts: number | string;
  key: string | null;
  created_at: unknown;
}

const OUTCOME_OF = statement<ReportOutcomeRow>(
  'FieldReportsRepository.outcomeOf',
  `select r.outcome, r.hosts, p.key, po.created_at from field_reports r join posts po on po.id = r.post_id
    left join advisory_platforms p on p.id = r.platform_id where r.post_id = ?`,
  { hot: true },
);

const CORRECT_REPORT = statement(
  'FieldReportsRepository.correct',
  'update field_reports set platform_id = ?, platform_other = ?, outcome = ?, hosts = ?, software = ? where post_id = ?',
);

const CHANGE_CONFIRMATION_COUNT = statement(
  'FieldReportsRepository.changeConfirmationCount',
  'update field_reports set confirmation_count = confirmation_count + ? where post_id = ?',
);

/** One of a member's field reports as their profile lists it: the post (what the policy needs) and the report. */
export interface MemberReportRow {
  id: number;
  number: number;
  author_id: number;
  state: string;
  created_at: unknown;
  thread_id: number;
  locked: unknown;
  advisory_id: string;
  status: AdvisoryStatus;
  outcome: Outcome;
  hosts: number;
  software: string;
  confirmation_count: number;
  platform_other: string | null;
  key: string | null;
  label: string | null;
}

// Keyset by posts_author_idx (author_id, id), newest first; each report by its post's key. The cursor bounds both sides
// of the join, so that a merge join (PostgreSQL, for a prolific author) starts at the cursor in field_reports too.
const BY_AUTHOR = statement<MemberReportRow>(
  'FieldReportsRepository.byAuthor',
  `select p.id, p.number, p.author_id, p.state, p.created_at, p.thread_id, t.locked, a.id as advisory_id, a.status,
      r.outcome, r.hosts, r.software, r.confirmation_count, r.platform_other, pl.key, pl.label
    from posts p join field_reports r on r.post_id = p.id join threads t on t.id = p.thread_id join advisories a on a.id = t.advisory_id
    left join advisory_platforms pl on pl.id = r.platform_id
    where p.author_id = ? and p.id <= ? and r.post_id <= ? and p.is_report = true and p.state in (?*) and a.status in (?*)
    order by p.id desc limit ?`,
  { hot: true },
);

/** Field reports, their confirmations and the per-platform counters: every statement of these tables' hot paths. */
@Injectable()
export class FieldReportsRepository {
  constructor(private readonly reader: ReadSql) {}

  /**
   * Adds (or with a negative delta, removes) reports, confirmations and the reports' hosts to a thread's
   * platform × outcome table, in the caller's transaction. One statement, so concurrent writers cannot lose an increment.
   */
  async bumpPlatformStat(
    em: EntityManager,
    threadId: number,
    platformKey: string,
    outcome: Outcome,
    reports: number,
    confirmations: number,
    hosts = 0,
  ) {
    await run(em, BUMP_PLATFORM_STAT, [threadId, platformKey, outcome, reports, confirmations, hosts]);
  }

  /** A report (with its hosts) entering (+1) or leaving (-1) the counts, on the day it was posted, with the confirmations it carries. */
  async countReport(
    em: EntityManager,
    threadId: number,
    report: CountedReport,
    sign: 1 | -1,
    confirmationsByPlatform: Map<string | null, number> = new Map(),
  ): Promise<void> {
    const { platformKey, outcome } = report;
    await this.bumpPlatformStat(em, threadId, platformKey, outcome, sign, 0, sign * report.hosts);
    await run(em, BUMP_REPORT_DAY, [threadId, report.day, outcome, sign]);
    for (const [key, n] of confirmationsByPlatform) await this.bumpPlatformStat(em, threadId, key ?? OTHER_PLATFORM, outcome, 0, sign * n);
    await run(em, COUNT_THREAD_REPORT, [sign, isProblem(outcome) ? sign : 0, threadId]);
  }

  /**
   * Confirmations per report and platform key (null: a platform the advisory does not list), in the
   * caller's transaction, or with em null outside any (the thread page's read connection).
   */
  async confirmationsByPlatform(em: EntityManager | null, reportIds: number[]): Promise<Map<number, Map<string | null, number>>> {
    if (!reportIds.length) return new Map();
    return confirmationCounts(
      em ? await all(em, CONFIRMATIONS_BY_PLATFORM, [reportIds]) : await this.reader.rows(CONFIRMATIONS_BY_PLATFORM, [reportIds]),
    );
  }

  /**
   * A member's field reports, newest first, with ids up to `upTo`, in these post states and of advisories in
   * these statuses (what the viewer may see, as the caller asked the policy).
   */
  byAuthor(authorId: number, upTo: number, states: string[], statuses: string[], limit: number): Promise<MemberReportRow[]> {
    return this.reader.rows(BY_AUTHOR, [authorId, upTo, upTo, states, statuses, limit]);
  }

  reportToConfirm(em: EntityManager, postId: number): Promise<ReportToConfirmRow | undefined> {
    return one(em, REPORT_TO_CONFIRM, [postId]);
  }

  /** One of the advisory's platforms by its key: its id and label. */
  async platform(em: EntityManager, advisoryId: string, key: string): Promise<{ id: number; label: string } | null> {
    const row = await one(em, PLATFORM, [advisoryId, key]);
    return row ? { id: Number(row.id), label: row.label } : null;
  }

  /** The unique (report, member) row: true if this call added it, false if the member had already confirmed. */
  async addConfirmation(em: EntityManager, reportId: number, userId: number, platformId: number | null, platformOther: string | null) {
    return (await one(em, ADD_CONFIRMATION, [reportId, userId, platformId, platformOther, dbDate(em, new Date())])) !== undefined;
  }

  /** A post's field report, in the posting transaction. */
  async add(em: EntityManager, postId: number, report: ReportValues): Promise<void> {
    await run(em, INSERT_REPORT, [postId, report.platformId, report.platformOther, report.outcome, report.hosts, report.software]);
  }

  /** A report's fields corrected in place, in the editing transaction: its confirmations and evidence stay attached. */
  async correct(em: EntityManager, postId: number, report: ReportValues): Promise<void> {
    await run(em, CORRECT_REPORT, [report.platformId, report.platformOther, report.outcome, report.hosts, report.software, postId]);
  }

  /** A post's report as the counters count it: its outcome, hosts, platform key (OTHER_PLATFORM for an unlisted one) and day posted, or undefined. */
  async outcomeOf(em: EntityManager, postId: number): Promise<CountedReport | undefined> {
    const row = await one(em, OUTCOME_OF, [postId]);
    return (
      row && {
        outcome: row.outcome,
        hosts: Number(row.hosts),
        platformKey: row.key ?? OTHER_PLATFORM,
        day: boardDay(rowDate(row.created_at)!),
      }
    );
  }

  /** A thread's visible reports per day and outcome, days in order (only those with reports): what the trend picture draws. */
  async reportDays(threadId: number): Promise<ReportDayRow[]> {
    return reportDayRows(await this.reader.rows(REPORT_DAYS, [threadId]));
  }

  /** The field reports of these posts, with their platforms, by post id. */
  async reportsOf(em: EntityManager, postIds: number[]): Promise<Map<number, FieldReport>> {
    const reports = postIds.length ? await em.find(FieldReport, { post: { $in: postIds } }, { populate: ['platform'] }) : [];
    return new Map(reports.map((r) => [r.post.id, r]));
  }

  /** A report's post (with its thread and advisory) and the report (with its platform); null unless the post is a field report. */
  async reportWithPost(em: EntityManager, postId: number): Promise<{ post: Post; report: FieldReport } | null> {
    const post = await em.findOne(Post, postId, { populate: ['thread', 'thread.advisory'] });
    const report = post?.isReport ? await em.findOne(FieldReport, { post }, { populate: ['platform'] }) : null;
    return post && report ? { post, report } : null;
  }

  /** A member's confirmation of a report, with its platform. */
  confirmationBy(em: EntityManager, report: FieldReport, userId: number): Promise<Confirmation | null> {
    return em.findOne(Confirmation, { report, user: userId }, { populate: ['platform'] });
  }

  /** True only for the call that deleted the row: of parallel withdrawals, one. */
  async removeConfirmation(em: EntityManager, confirmationId: number): Promise<boolean> {
    return (await em.nativeDelete(Confirmation, { id: confirmationId })) > 0;
  }

  async changeConfirmationCount(em: EntityManager, reportId: number, delta: 1 | -1): Promise<void> {
    await run(em, CHANGE_CONFIRMATION_COUNT, [delta, reportId]);
  }
}

/** The one mapping of confirmation counts: report id → platform key → count. */
export function confirmationCounts(rows: ConfirmationCountRow[]): Map<number, Map<string | null, number>> {
  const byReport = new Map<number, Map<string | null, number>>();
  for (const row of rows) {
    const id = Number(row.report_id);
    const counts = byReport.get(id) ?? new Map<string | null, number>();
    counts.set(row.key ?? null, Number(row.n));
    byReport.set(id, counts);
  }
  return byReport;
}

/** The one mapping of per-day counters (also the benchmark floor server's): PostgreSQL's driver gives a date as text here. */
export function reportDayRows(rows: ReportDayRecord[]): ReportDayRow[] {
  return rows.map((r) => ({ day: String(r.day).slice(0, 10), outcome: r.outcome, reports: Number(r.reports) }));
}
