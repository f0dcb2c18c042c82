import { EntityManager } from '@mikro-orm/core';
import { Injectable, NotFoundException } from '@nestjs/common';
import { AdvisoryPlatform } from '../advisories/advisory-platform.entity';
import { threadPath } from '../advisories/advisory.view-model';
import { normalizeAdvisoryId } from '../advisories/advisory-format';
import { sql } from '../database/sql';
import { FieldReport, OUTCOMES } from '../field-reports/field-report.entity';
import { PlatformStat } from '../field-reports/platform-stat.entity';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { OTHER_PLATFORM, postSubject } from './posts.service';
import { Post } from './post.entity';
import { Thread } from './thread.entity';

export const POSTS_PER_PAGE = 50;

/** Which page holds post number n. */
export const pageOf = (n: number) => Math.max(1, Math.ceil(n / POSTS_PER_PAGE));

export function postPath(advisoryId: string, number: number): string {
  const page = pageOf(number);
  return `${threadPath(advisoryId)}${page > 1 ? `?page=${page}` : ''}#p${number}`;
}

/** Builds what the thread page shows: the platform table, one page of posts by number range, the form. */
@Injectable()
export class ThreadPageService {
  constructor(
    private readonly em: EntityManager,
    private readonly policy: PolicyService,
  ) {}

  async findThread(rawId: string, viewer: Viewer): Promise<{ thread: Thread; platforms: AdvisoryPlatform[] }> {
    const id = normalizeAdvisoryId(rawId);
    const em = this.em.fork();
    const thread = id ? await em.findOne(Thread, { advisory: id }, { populate: ['advisory'] }) : null;
    if (!thread || !this.policy.can(viewer, Action.ViewThread, thread)) throw new NotFoundException();
    const platforms = await em.find(AdvisoryPlatform, { advisory: thread.advisory }, { orderBy: { position: 'asc' } });
    return { thread, platforms };
  }

  /** The per-platform outcome table for a thread (also shown on the bulletin page). */
  async stats(threadId: number, platforms: AdvisoryPlatform[]) {
    const rows = await this.em.fork().find(PlatformStat, { thread: threadId });
    return statsView(rows, platforms);
  }

  async page(thread: Thread, platforms: AdvisoryPlatform[], viewer: Viewer, page: number) {
    const em = this.em.fork();
    const first = (page - 1) * POSTS_PER_PAGE + 1;
    const last = page * POSTS_PER_PAGE;
    // A range of dense numbers: the same cost on page 1 and page 2,000.
    const posts = await em.find(Post, { thread, number: { $gte: first, $lte: last } }, { orderBy: { number: 'asc' }, populate: ['author', 'replyTo'] });
    const reportIds = posts.filter((p) => p.isReport).map((p) => p.id);
    const reports = reportIds.length ? await em.find(FieldReport, { post: { $in: reportIds } }, { populate: ['platform'] }) : [];
    const reportOf = new Map(reports.map((r) => [r.post.id, r]));
    const confirmationsByReport = await this.confirmationsByPlatform(em, reportIds, platforms);
    const mine = await this.confirmedByViewer(em, reportIds, viewer);
    const advisoryId = thread.advisory.id;

    const items = [];
    for (const post of posts) {
      const subject = { ...postSubject(post, thread), isReport: post.isReport };
      const visible = this.policy.can(viewer, Action.ViewPost, subject);
      if (!visible && post.state === 'held') continue;
      const report = reportOf.get(post.id);
      const showBody = visible && post.state !== 'deleted';
      items.push({
        id: post.id,
        number: post.number,
        anchor: `p${post.number}`,
        permalink: `/posts/${post.id}`,
        author: post.author.getEntity().username,
        createdAt: post.createdAt,
        state: post.state,
        isDeleted: post.state === 'deleted',
        isHiddenPlaceholder: !visible && post.state === 'hidden',
        isHeld: visible && post.state === 'held',
        isHidden: visible && post.state === 'hidden',
        bodyHtml: showBody ? post.bodyHtml : null,
        edited: post.editedAt !== null,
        canViewRevisions: showBody && post.editedAt !== null && this.policy.can(viewer, Action.ViewRevisions, subject),
        replyTo: post.replyTo ? { number: post.replyTo.getEntity().number, url: postPath(advisoryId, post.replyTo.getEntity().number) } : null,
        report: showBody && report ? reportView(report, confirmationsByReport.get(post.id) ?? []) : null,
        canEdit: showBody && this.policy.can(viewer, Action.EditPost, subject),
        canDelete: showBody && this.policy.can(viewer, Action.DeletePost, subject),
        canReply: showBody && this.policy.can(viewer, Action.CreatePost, thread),
        canConfirm: showBody && !!report && !mine.has(post.id) && this.policy.can(viewer, Action.ConfirmReport, subject),
        confirmed: mine.has(post.id),
        canFlag: showBody && this.policy.can(viewer, Action.FlagPost, subject),
        canHide: post.state === 'visible' && this.policy.can(viewer, Action.ModeratePost, subject),
        canRestore: (post.state === 'hidden' || post.state === 'deleted') && this.policy.can(viewer, Action.ModeratePost, subject),
        stateReason: visible ? post.stateReason : null,
        defaultPlatform: report?.platform?.getEntity().key ?? OTHER_PLATFORM,
      });
    }
    return { posts: items, first, last };
  }

  private async confirmedByViewer(em: EntityManager, reportIds: number[], viewer: Viewer): Promise<Set<number>> {
    if (viewer.isGuest || !reportIds.length) return new Set();
    const rows = await sql<{ report_id: number }[]>(em, `select report_id from confirmations where user_id = ? and report_id in (${reportIds.map(() => '?').join(',')})`, [viewer.id, ...reportIds], 'all');
    return new Set(rows.map((r) => Number(r.report_id)));
  }

  private async confirmationsByPlatform(em: EntityManager, reportIds: number[], platforms: AdvisoryPlatform[]) {
    const result = new Map<number, { label: string; count: number }[]>();
    if (!reportIds.length) return result;
    const rows = await sql<{ report_id: number; key: string | null; n: number | string }[]>(
      em,
      `select c.report_id as report_id, p.key as key, count(*) as n from confirmations c left join advisory_platforms p on p.id = c.platform_id
       where c.report_id in (${reportIds.map(() => '?').join(',')}) group by c.report_id, p.key`,
      reportIds,
      'all',
    );
    const labelOf = new Map(platforms.map((p) => [p.key, p.label]));
    for (const r of rows) {
      const list = result.get(Number(r.report_id)) ?? [];
      list.push({ label: r.key ? (labelOf.get(r.key) ?? r.key) : '', count: Number(r.n) });
      result.set(Number(r.report_id), list);
    }
    return result;
  }
}

function reportView(report: FieldReport, confirmations: { label: string; count: number }[]) {
  return {
    platform: report.platform?.getEntity().label ?? null,
    platformOther: report.platformOther,
    outcome: report.outcome,
    outcomeKey: `outcome.${report.outcome}`,
    hosts: report.hosts,
    software: report.software,
    confirmationCount: report.confirmationCount,
    confirmations,
  };
}

/**
 * Platform × outcome, confirmations included, with bar widths (per cent of the busiest platform)
 * drawn as SVG rectangles: no inline style, so the strict CSP holds.
 */
export function statsView(rows: PlatformStat[], platforms: AdvisoryPlatform[]) {
  const cell = new Map(rows.map((r) => [`${r.platformKey}\u0000${r.outcome}`, r.reports + r.confirmations]));
  const keys = [...platforms.map((p) => ({ key: p.key, label: p.label as string | null })), { key: OTHER_PLATFORM, label: null }];
  const lines = keys.map(({ key, label }) => {
    const counts = OUTCOMES.map((o) => ({ outcome: o, key: `outcome.${o}`, count: Math.max(0, cell.get(`${key}\u0000${o}`) ?? 0) }));
    return { key, label, isOther: key === OTHER_PLATFORM, counts, total: counts.reduce((a, c) => a + c.count, 0) };
  });
  const max = Math.max(1, ...lines.map((l) => l.total));
  const withBars = lines
    .filter((l) => !l.isOther || l.total > 0)
    .map((line) => {
      let x = 0;
      const bars = line.counts
        .filter((c) => c.count > 0)
        .map((c) => {
          const width = (c.count / max) * 100;
          const bar = { outcome: c.outcome, x: x.toFixed(2), width: width.toFixed(2), count: c.count };
          x += width;
          return bar;
        });
      return { ...line, bars };
    });
  return {
    outcomes: OUTCOMES.map((o) => ({ outcome: o, key: `outcome.${o}` })),
    lines: withBars,
    total: lines.reduce((a, l) => a + l.total, 0),
  };
}

/** Page links by number; each page is a fixed range of post numbers. */
export function pager(advisoryId: string, page: number, pageCount: number) {
  if (pageCount <= 1) return null;
  const url = (n: number) => `${threadPath(advisoryId)}${n > 1 ? `?page=${n}` : ''}`;
  const around = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((x, y) => x - y);
  return {
    prev: page > 1 ? url(page - 1) : null,
    next: page < pageCount ? url(page + 1) : null,
    pages: around.map((n, i) => ({ n, url: url(n), current: n === page, gapBefore: i > 0 && n - around[i - 1] > 1 })),
  };
}
