import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { DEFAULT_LOCALE, plural, translate } from '../common/i18n/i18n';
import { PlatformVerdict, Verdict, verdictKey, verdictText, worstVerdict } from '../guidance/verdict';
import { verdictJson, verdictsView } from '../guidance/verdict.view-model';
import { VerdictsService } from '../guidance/verdicts.service';
import { APP_CONFIG, AppConfig } from '../config/config';
import { KnownIssuesService } from '../known-issues/known-issues.service';
import { ThreadPageService } from '../threads/thread-page.service';
import { BulletinChanges, bulletinText } from './bulletin-text';
import { BulletinPageService } from './bulletin-page.service';
import { advisoryPath, knownIssuePath, threadPath, VERDICTS_HELP_PATH } from '../paths';

/** The badge's colour per verdict: the pages' verdict chips (white text on each at 5.3:1 or more). */
const BADGE_COLOURS: Record<Verdict, string> = {
  hold: '#b3261e',
  'deploy-with-workaround': '#8a5a00',
  insufficient: '#5a6472',
  deploy: '#237a43',
};

/** What the bulletin site shows of the board, built for guests (drafts are never exposed): the summary, the badge, the embed, the mail text. */
@Injectable()
export class EmbedsPageService {
  constructor(
    private readonly bulletinPages: BulletinPageService,
    private readonly threads: ThreadPageService,
    private readonly knownIssues: KnownIssuesService,
    private readonly verdicts: VerdictsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The framable page: the summary and the verdicts, without the board's layout. */
  async embed(rawId: string) {
    const { summary, verdicts } = await this.withVerdicts(rawId);
    return { layout: false, summary, verdicts: verdictsView(verdicts) };
  }

  /**
   * The worst verdict of the advisory's platforms (hold, deploy with workaround, not enough reports, deploy: one
   * platform to wait on makes the bulletin one to wait on), its reports and open issues.
   */
  async badge(rawId: string): Promise<string> {
    const { summary: s, verdicts } = await this.withVerdicts(rawId);
    const label = 'HFR BBS';
    const [reports, open] = [s.counts.reports, s.knownIssues.open.length];
    const worst = worstVerdict(verdicts);
    const counts = `${reports} ${plural(reports, 'report', 'reports')} · ${open} open ${plural(open, 'issue', 'issues')}`;
    const value = worst ? `${translate('en', verdictKey(worst))} · ${counts}` : counts;
    // Text is escaped and widths are estimated: no script, no external reference, nothing to run.
    const lw = 8 + label.length * 7;
    const vw = 8 + value.length * 6.5;
    const color = worst ? BADGE_COLOURS[worst] : s.knownIssues.open.length ? '#b8400b' : s.counts.problems ? '#8a6a00' : '#237a43';
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${lw + vw}" height="20" role="img" aria-label="${esc(`${label}: ${value}`)}"><title>${esc(`${s.advisory.id}: ${value}`)}</title><rect width="${lw}" height="20" fill="#1d4e89"/><rect x="${lw}" width="${vw}" height="20" fill="${color}"/><g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11"><text x="6" y="14">${esc(label)}</text><text x="${lw + 5}" y="14">${esc(value)}</text></g></svg>`;
  }

  /** The mail-ready text; with since (YYYY-MM-DD), an update bulletin listing what changed since then. */
  async bulletinText(rawId: string, since: string | undefined): Promise<string> {
    const advisory = await this.bulletinPages.forGuests(rawId);
    if (
      since !== undefined &&
      !(typeof since === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(since) && !Number.isNaN(Date.parse(`${since}T00:00:00Z`)))
    ) {
      throw new BadRequestException('since must be a date written YYYY-MM-DD');
    }
    const base = this.config.publicBaseUrl;
    const issues = await this.knownIssues.summary(advisory, advisory.platforms.getItems());
    const absolute = (list: typeof issues.open) => list.map((i) => ({ ...i, url: `${base}${i.url}` }));
    let changes: BulletinChanges | null = null;
    if (since) {
      const from = new Date(`${since}T00:00:00+09:00`);
      const events = await this.bulletinPages.knownIssueEventsSince(advisory, from);
      const labels = new Map(advisory.platforms.getItems().map((p) => [p.key, p.label]));
      changes = {
        since,
        created: events
          .filter((e) => e.kind === 'created')
          .map((e) => {
            const i = e.knownIssue.getEntity();
            return {
              title: i.title,
              statusKey: `knownIssue.status.${i.status}`,
              platforms: i.platforms.map((k) => labels.get(k) ?? k).join(', ') || null,
              workaroundLine: null,
              url: `${base}${knownIssuePath(advisory.id, i.id)}`,
            };
          }),
        statusChanges: events
          .filter((e) => e.kind === 'status')
          .map((e) => ({
            title: e.knownIssue.getEntity().title,
            fromKey: e.fromStatus ? `knownIssue.status.${e.fromStatus}` : null,
            toKey: `knownIssue.status.${e.toStatus}`,
            at: e.createdAt,
            note: e.note,
          })),
      };
    }
    const verdicts = (await this.verdicts.verdictsFor([advisory.id])).get(advisory.id) ?? [];
    return bulletinText(
      advisory,
      base,
      `${base}${threadPath(advisory.id)}`,
      { open: absolute(issues.open), resolved: absolute(issues.resolved) },
      changes,
      {
        lines: verdicts.map((v) => {
          const text = verdictText(DEFAULT_LOCALE, v);
          return { platform: v.label, verdict: text.label, reason: text.reason };
        }),
        helpUrl: `${base}${VERDICTS_HELP_PATH}`,
      },
    );
  }

  /** summary.json: the summary with each platform's verdict, its reason worded in the board's language as bulletin.txt is. */
  async summaryJson(rawId: string) {
    const { summary, verdicts } = await this.withVerdicts(rawId);
    return {
      ...summary,
      verdicts: verdicts.map(verdictJson),
      verdictsExplainedAt: `${this.config.publicBaseUrl}${VERDICTS_HELP_PATH}`,
    };
  }

  private async withVerdicts(
    rawId: string,
  ): Promise<{ summary: Awaited<ReturnType<EmbedsPageService['summary']>>; verdicts: PlatformVerdict[] }> {
    const summary = await this.summary(rawId);
    return { summary, verdicts: (await this.verdicts.verdictsFor([summary.advisory.id])).get(summary.advisory.id) ?? [] };
  }

  /** The counters, the platform table and the known issues, with absolute addresses: what summary.json sends. */
  async summary(rawId: string) {
    const advisory = await this.bulletinPages.forGuests(rawId);
    const thread = await this.bulletinPages.thread(advisory);
    const platforms = advisory.platforms.getItems();
    const stats = thread ? await this.threads.stats(thread.id, platforms) : null;
    const issues = await this.knownIssues.summary(advisory, platforms);
    const base = this.config.publicBaseUrl;
    const issue = (i: (typeof issues.open)[number]) => ({
      id: i.id,
      title: i.title,
      status: i.status,
      platforms: i.platforms,
      workaround: i.workaroundLine,
      reports: i.evidenceCount,
      confirmations: i.confirmations,
      url: `${base}${i.url}`,
    });
    return {
      advisory: {
        id: advisory.id,
        kb: advisory.kb,
        title: advisory.title,
        url: `${base}${advisoryPath(advisory.id)}`,
        threadUrl: `${base}${threadPath(advisory.id)}`,
      },
      counts: {
        reports: thread?.reportCount ?? 0,
        problems: thread?.problemCount ?? 0,
        posts: thread?.postCount ?? 0,
        lastPostedAt: thread?.lastPostedAt?.toISOString() ?? null,
      },
      platforms: (stats?.lines ?? []).map((l) => ({
        key: l.key,
        label: l.label,
        outcomes: Object.fromEntries(l.counts.map((c) => [c.outcome, c.count])),
      })),
      knownIssues: { open: issues.open.map(issue), resolved: issues.resolved.map(issue) },
    };
  }

  /** Who may frame the embed: the configured bulletin sites, else nobody. */
  frameAncestors(): string {
    return this.config.bulletinSites.length ? this.config.bulletinSites.join(' ') : "'none'";
  }
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
