import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { normalizeAdvisoryId } from '../advisories/advisory-format';
import { Advisory, AdvisoryStatus } from '../advisories/advisory.entity';
import { paragraphs } from '../advisories/advisory.view-model';
import { formatDate, formatNumber, translate } from '../common/i18n/i18n';
import { APP_CONFIG, AppConfig } from '../config/config';
import { FieldReport } from '../field-reports/field-report.entity';
import { FieldReportsRepository } from '../field-reports/field-reports.repository';
import { AdvisoriesRepository } from '../advisories/advisories.repository';
import { ThreadsRepository } from '../threads/threads.repository';
import { KnownIssuesRepository } from '../known-issues/known-issues.repository';
import { PostsRepository } from '../threads/posts.repository';
import { KnownIssueEvent } from '../known-issues/known-issue-event.entity';
import { issueView } from '../known-issues/known-issue.view-model';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { GUEST } from '../policy/viewer';
import { Post } from '../threads/post.entity';
import { postSubject } from '../threads/posts.service';
import { verdictText } from '../guidance/verdict';
import { VerdictsService } from '../guidance/verdicts.service';
import { AtomEntry, AtomFeed, AtomPerson, tagUri } from './atom';
import { excerpt, h, lines, withoutQuotes } from './feed-html';
import {
  advisoryKnownIssuesFeedPath,
  advisoryPath,
  allKnownIssuesPath,
  boardPath,
  KNOWN_ISSUES_FEED_PATH,
  knownIssuesPath,
  LATEST_FEED_PATH,
  permalinkPath,
  STATUS_FEED_PATH,
  statusPath,
  VERDICTS_ANCHOR,
  threadFeedPath,
  threadPath,
  userPath,
} from '../paths';

/** Entries per feed: the newest ones; readers poll often enough not to miss any. */
export const FEED_SIZE = 50;

// Feeds are written in the board's default language whatever the reader's cookie says: one cached body per address.
const t = (key: string, params?: Record<string, unknown>) => translate('ja', key, params);
const EPOCH = new Date(0);

/** Builds the board's Atom feeds as guests see them: published advisories only, visible posts only. */
@Injectable()
export class FeedsService {
  constructor(
    private readonly em: EntityManager,
    private readonly policy: PolicyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly posts: PostsRepository,
    private readonly knownIssueRows: KnownIssuesRepository,
    private readonly advisories: AdvisoriesRepository,
    private readonly threads: ThreadsRepository,
    private readonly fieldReports: FieldReportsRepository,
    private readonly verdicts: VerdictsService,
  ) {}

  /** The thread's newest posts and field reports. */
  async thread(rawId: string): Promise<AtomFeed> {
    const em = this.em.fork();
    const advisory = await this.publishedAdvisory(em, rawId);
    const thread = await this.threads.ofAdvisory(em, advisory);
    if (!thread || !this.policy.can(GUEST, Action.ViewThread, thread)) throw new NotFoundException();
    // Hidden, held and deleted posts never reach a feed: filtered in the query, and the policy asked about the rest.
    const posts = (await this.posts.newestVisible(em, thread, FEED_SIZE)).filter(
      (p) => p.state === 'visible' && this.policy.can(GUEST, Action.ViewPost, postSubject(p, thread)),
    );
    const reportOf = await this.fieldReports.reportsOf(
      em,
      posts.filter((p) => p.isReport).map((p) => p.id),
    );
    const entries = posts.map((p) => this.postEntry(p, reportOf.get(p.id) ?? null));
    return this.feed({
      path: threadFeedPath(advisory.id),
      title: t('feed.thread.title', { id: advisory.id }),
      subtitle: advisory.title,
      alternate: threadPath(advisory.id),
      entries,
      fallbackUpdated: advisory.publishedAt ?? thread.createdAt,
    });
  }

  /** One entry per creation and status change of the advisory's known issues, newest first. */
  async advisoryKnownIssues(rawId: string): Promise<AtomFeed> {
    const em = this.em.fork();
    const advisory = await this.publishedAdvisory(em, rawId);
    const events = await this.knownIssueRows.news(em, { advisory: advisory.id }, FEED_SIZE);
    return this.feed({
      path: advisoryKnownIssuesFeedPath(advisory.id),
      title: t('feed.advisoryKnownIssues.title', { id: advisory.id }),
      subtitle: advisory.title,
      alternate: knownIssuesPath(advisory.id),
      entries: events.map((e) => this.issueEntry(e)),
      fallbackUpdated: advisory.publishedAt ?? advisory.createdAt,
    });
  }

  /** The same across every published advisory. */
  async knownIssues(): Promise<AtomFeed> {
    const events = await this.knownIssueRows.news(this.em.fork(), { advisory: { status: AdvisoryStatus.Published } }, FEED_SIZE);
    return this.feed({
      path: KNOWN_ISSUES_FEED_PATH,
      title: t('feed.knownIssues.title'),
      alternate: allKnownIssuesPath(),
      entries: events.map((e) => this.issueEntry(e)),
      fallbackUpdated: EPOCH,
    });
  }

  /** Newly published advisories, by publication time. */
  async latest(): Promise<AtomFeed> {
    const advisories = await this.advisories.latestPublished(this.em.fork(), FEED_SIZE);
    return this.feed({
      path: LATEST_FEED_PATH,
      title: t('feed.latest.title'),
      subtitle: t('feed.latest.subtitle'),
      alternate: boardPath(),
      entries: advisories.filter((a) => this.policy.can(GUEST, Action.ViewAdvisory, a)).map((a) => this.advisoryEntry(a)),
      fallbackUpdated: EPOCH,
    });
  }

  /** One entry per change of a platform's verdict on a published advisory, newest first. */
  async status(): Promise<AtomFeed> {
    const em = this.em.fork();
    const changes = await this.verdicts.recentChanges(FEED_SIZE);
    const advisories = new Map(
      (await this.advisories.publishedWithPlatforms(em, [...new Set(changes.map((c) => c.advisoryId))])).map((a) => [a.id, a]),
    );
    const entries = changes.flatMap((c): AtomEntry[] => {
      const advisory = advisories.get(c.advisoryId);
      if (!advisory || !this.policy.can(GUEST, Action.ViewAdvisory, advisory)) return [];
      const label = advisory.platforms.getItems().find((p) => p.key === c.platform)?.label ?? c.platform;
      const before = verdictText('ja', { verdict: c.verdictBefore, reason: c.reason }).label;
      const { label: after, reason } = verdictText('ja', { verdict: c.verdictAfter, reason: c.reason });
      const link = this.url(`${advisoryPath(advisory.id)}#${VERDICTS_ANCHOR}`);
      return [
        {
          id: tagUri(this.base, `${STATUS_FEED_PATH}/${c.id}`),
          title: t('feed.status.entry', { id: advisory.id, platform: label, before, after }),
          updated: c.changedAt,
          published: c.changedAt,
          links: [{ rel: 'alternate', type: 'text/html', href: link }],
          categories: [{ term: `verdict-${c.verdictAfter}`, label: after }],
          contentHtml: `<p>${h(reason)}</p><p>${h(advisory.title)}</p>`,
        },
      ];
    });
    return this.feed({
      path: STATUS_FEED_PATH,
      title: t('feed.status.title'),
      subtitle: t('feed.status.subtitle'),
      alternate: statusPath(),
      entries,
      fallbackUpdated: EPOCH,
    });
  }

  private async publishedAdvisory(em: EntityManager, rawId: string): Promise<Advisory> {
    const id = normalizeAdvisoryId(rawId);
    const advisory = id ? await this.advisories.find(em, id) : null;
    // A draft's feeds do not exist for anyone: feeds are read without a session.
    if (!advisory || !this.policy.can(GUEST, Action.ViewAdvisory, advisory)) throw new NotFoundException();
    return advisory;
  }

  private feed(f: {
    path: string;
    title: string;
    subtitle?: string;
    alternate: string;
    entries: AtomEntry[];
    fallbackUpdated: Date;
  }): AtomFeed {
    const updated = f.entries.reduce<Date | null>((max, e) => (!max || e.updated > max ? e.updated : max), null) ?? f.fallbackUpdated;
    return {
      id: tagUri(this.base, f.path),
      title: f.title,
      subtitle: f.subtitle,
      updated,
      selfUrl: this.url(f.path),
      alternateUrl: this.url(f.alternate),
      authors: [{ name: t('site.name'), uri: this.url(boardPath()) }],
      lang: 'ja',
      generator: { name: t('site.name') },
      entries: f.entries,
    };
  }

  private postEntry(post: Post, report: FieldReport | null): AtomEntry {
    const author = post.author.getEntity().username;
    const number = post.number;
    const parts: string[] = [];
    let title: string;
    if (report) {
      const platform = report.platform?.getEntity().label ?? `${t('report.platform.other')}: ${report.platformOther ?? ''}`;
      const hosts = t('advisory.hosts', { count: formatNumber('ja', report.hosts) });
      const outcome = t(`outcome.${report.outcome}`);
      title = t('feed.report.title', { number, outcome, facts: [platform, hosts, report.software].filter(Boolean).join(' / '), author });
      const facts = [
        [t('report.outcome'), outcome],
        [t('report.platform'), platform],
        [t('report.hosts'), formatNumber('ja', report.hosts)],
        ...(report.software ? [[t('report.software'), report.software]] : []),
      ];
      parts.push(`<ul>${facts.map(([k, v]) => `<li><strong>${h(k)}</strong>: ${h(v)}</li>`).join('')}</ul>`);
    } else {
      const text = excerpt(post.bodySource);
      title = text ? t('feed.post.title', { number, author, excerpt: text }) : t('feed.post.titleNoText', { number, author });
    }
    const replyTo = post.replyTo?.getEntity();
    const replyShown = replyTo?.state === 'visible';
    if (replyTo)
      parts.push(
        `<p>${replyShown ? `<a href="${h(this.url(permalinkPath(replyTo.id)))}">` : ''}${h(t('post.replyTo', { number: replyTo.number }))}${replyShown ? '</a>' : ''}</p>`,
      );
    // The HTML sanitized when the post was written (STYLE rule 7); a quotation of a post no longer public goes.
    parts.push(replyTo && !replyShown ? withoutQuotes(post.bodyHtml, `<p>${h(t('feed.quoteRemoved'))}</p>`) : post.bodyHtml);
    return {
      id: tagUri(this.base, permalinkPath(post.id)),
      title,
      published: post.createdAt,
      updated: post.editedAt && post.editedAt > post.createdAt ? post.editedAt : post.createdAt,
      authors: [this.person(author)],
      links: [{ rel: 'alternate', type: 'text/html', href: this.url(permalinkPath(post.id)) }],
      categories: report ? [{ term: `outcome-${report.outcome}`, label: t(`outcome.${report.outcome}`) }] : [],
      contentHtml: parts.join('\n'),
    };
  }

  private issueEntry(event: KnownIssueEvent): AtomEntry {
    const issue = event.knownIssue.getEntity();
    const advisory = issue.advisory.getEntity();
    const v = issueView(issue, advisory, advisory.platforms.getItems(), 0);
    const actor = event.actor.getEntity().username;
    const to = t(`knownIssue.status.${event.toStatus}`);
    const from = event.fromStatus ? t(`knownIssue.status.${event.fromStatus}`) : null;
    const title =
      event.kind === 'created'
        ? t('feed.issue.created', { id: advisory.id, status: to, title: issue.title })
        : t('feed.issue.status', { id: advisory.id, title: issue.title, from: from ?? '—', to });
    const link = this.url(v.url);
    const facts = [
      [t('knownIssue.platforms'), v.platforms],
      [t('knownIssue.software'), v.software],
      [t('knownIssue.workaround'), v.workaround],
      [t('knownIssue.resolution'), v.resolution],
    ].filter((f): f is [string, string] => !!f[1]);
    const content = [
      `<p><strong>${h(t('knownIssue.status'))}</strong>: ${event.kind === 'status' && from ? `${h(from)} → ` : ''}${h(to)}</p>`,
      event.note ? `<p><strong>${h(t('feed.issue.note'))}</strong>: ${lines(event.note)}</p>` : '',
      `<p>${h(t('feed.issue.recorded', { actor, at: formatDate('ja', event.createdAt, true) }))}</p>`,
      `<h3>${h(issue.title)}</h3>`,
      `<p><strong>${h(t('knownIssue.symptom'))}</strong>: ${lines(issue.symptom)}</p>`,
      facts.length ? `<ul>${facts.map(([k, val]) => `<li><strong>${h(k)}</strong>: ${lines(val)}</li>`).join('')}</ul>` : '',
      `<p><a href="${h(link)}">${h(t('feed.issue.open', { id: advisory.id }))}</a></p>`,
    ];
    return {
      id: tagUri(this.base, `/known-issue-events/${event.id}`),
      title,
      published: event.createdAt,
      updated: event.createdAt,
      authors: [this.person(actor)],
      links: [{ rel: 'alternate', type: 'text/html', href: link }],
      categories: [{ term: event.toStatus, label: to }],
      contentHtml: content.filter(Boolean).join('\n'),
    };
  }

  private advisoryEntry(a: Advisory): AtomEntry {
    const published = a.publishedAt ?? a.createdAt;
    const bulletin = this.url(advisoryPath(a.id));
    const thread = this.url(threadPath(a.id));
    const severity = `${a.severity}(${t(`severity.${a.severity}`)})`;
    const kb = a.kb.map((k) => `KB${k}`).join(', ');
    const summary = paragraphs(a.summary);
    const content = [
      `<p><strong>${h(a.id)}</strong>${kb ? ` (${h(kb)})` : ''}</p>`,
      `<ul><li><strong>${h(t('advisory.severity'))}</strong>: ${h(severity)}</li><li><strong>${h(t('advisory.countermeasure'))}</strong>: ${h(t(`countermeasure.${a.countermeasure}`))}</li>` +
        `<li><strong>${h(t('advisory.registeredOn'))}</strong>: ${h(formatDate('ja', a.registeredOn))}</li><li><strong>${h(t('advisory.updatedOn'))}</strong>: ${h(formatDate('ja', a.updatedOn))}</li></ul>`,
      ...summary.map((p) => `<p>${h(p)}</p>`),
      `<p><a href="${h(bulletin)}">${h(t('feed.advisory.bulletinLink'))}</a> · <a href="${h(thread)}">${h(t('feed.advisory.threadLink'))}</a></p>`,
    ];
    return {
      id: tagUri(this.base, advisoryPath(a.id)),
      title: t('feed.advisory.title', { id: a.id, kb: kb ? ` (${kb})` : '', severity: t(`severity.${a.severity}`), title: a.title }),
      published,
      updated: a.modifiedAt > published ? a.modifiedAt : published,
      links: [
        { rel: 'alternate', type: 'text/html', href: bulletin },
        { rel: 'related', type: 'text/html', href: thread, title: t('feed.advisory.threadLink') },
      ],
      categories: [{ term: `severity-${a.severity}`, label: `${t('advisory.severity')}: ${severity}` }],
      summary: summary.join('\n'),
      contentHtml: content.join('\n'),
    };
  }

  private person(username: string): AtomPerson {
    return { name: username, uri: this.url(userPath(username)) };
  }

  private get base(): string {
    return this.config.publicBaseUrl;
  }

  /** Every address in a feed is absolute, on the configured public base URL. */
  private url(path: string): string {
    return `${this.base}${path}`;
  }
}
