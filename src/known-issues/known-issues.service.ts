import { EntityManager, ref, UniqueConstraintViolationException } from '@mikro-orm/core';
import { Injectable, NotFoundException } from '@nestjs/common';
import { AdvisoryPlatform } from '../advisories/advisory-platform.entity';
import { AdvisoryReference } from '../advisories/advisory-format';
import { Advisory } from '../advisories/advisory.entity';
import { Backlink, loadBacklinks, NO_BACKLINKS } from '../citations/citations.repository';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { FieldReportsRepository } from '../field-reports/field-reports.repository';
import { ReadSql } from '../database/read-sql';
import { earlierSending, submittedKey } from '../common/forms/idempotency';
import { FieldReport } from '../field-reports/field-report.entity';
import { VerdictsService } from '../guidance/verdicts.service';
import { AuditAction } from '../moderation/audit-actions';
import { AuditService } from '../moderation/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { issueTerms, softwareKey } from '../notifications/software-match';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { SearchIndexService } from '../search/search-index.service';
import { Viewer } from '../policy/viewer';
import { Post } from '../threads/post.entity';
import { postSubject } from '../threads/posts.service';
import { User } from '../users/user.entity';
import { EmergingGrouping } from './emerging-grouping';
import { KnownIssueEvent } from './known-issue-event.entity';
import { KnownIssueEvidence } from './known-issue-evidence.entity';
import { KnownIssue, KnownIssueStatus } from './known-issue.entity';
import { readReferences } from './known-issue-references';
import { isReopening, statusAfter } from './known-issue-lifecycle';
import { issueView, KnownIssueLike } from './known-issue.view-model';
import { AcrossBoardFilter, KnownIssuesRepository } from './known-issues.repository';
import { knownIssuesPath } from '../paths';
import { WriteTransactions } from '../database/write-transactions';

export { KNOWN_ISSUE_SQL, knownIssueRow } from './known-issues.repository';

export interface KnownIssueInput {
  title?: string;
  symptom?: string;
  platforms?: string | string[];
  software?: string;
  workaround?: string;
  resolution?: string;
  references?: string;
  status?: string;
  note?: string;
  idempotencyKey?: string;
}

export interface CheckedKnownIssue {
  title: string;
  symptom: string;
  platforms: string[];
  software: string;
  workaround: string;
  resolution: string;
  references: string[];
  status: KnownIssueStatus;
  note: string;
}

/**
 * The known-issue form as KnownIssueForm checked it (texts trimmed, software NFKC, references well
 * formed), read against the advisory: its platforms must be the advisory's own; and against the issue's
 * current status (null: a new issue): the status chosen must be one the lifecycle allows next.
 */
export function checkKnownIssue(input: KnownIssueInput, platforms: AdvisoryPlatform[], from: KnownIssueStatus | null): CheckedKnownIssue {
  const keys = platforms.map((p) => p.key);
  const chosen = Array.isArray(input.platforms) ? input.platforms : input.platforms ? [input.platforms] : [];
  if (chosen.some((k) => !keys.includes(k))) throw new FormInvalidException({ platforms: 'knownIssue.platforms.invalid' });
  // No status sent: a new issue is investigated, an edit keeps its status.
  const status = statusAfter(from, input.status || (from ?? 'investigating'));
  if (!status) throw new FormInvalidException({ status: 'knownIssue.status.notAllowed' });
  return {
    title: input.title ?? '',
    symptom: input.symptom ?? '',
    // Keep the advisory's own order of platforms, whatever order the form sent.
    platforms: keys.filter((k) => chosen.includes(k)),
    software: input.software ?? '',
    workaround: input.workaround ?? '',
    resolution: input.resolution ?? '',
    references: readReferences(input.references ?? '') ?? [],
    status,
    note: input.note ?? '',
  };
}

/** The summary's issues with their counts and, where given, the published bulletins citing each one. */
export function summaryView(
  advisory: { id: string; references: AdvisoryReference[] },
  platforms: { key: string; label: string }[],
  issues: KnownIssueLike[],
  behind: Map<number, number>,
  citedBy: Map<number, Backlink[]> = new Map(),
) {
  const view = (i: KnownIssueLike) => ({ ...issueView(i, advisory, platforms, behind.get(i.id) ?? 0), citedBy: citedBy.get(i.id) ?? [] });
  return {
    open: issues.filter((i) => i.isOpen).map(view),
    resolved: issues.filter((i) => !i.isOpen).map(view),
    pageUrl: knownIssuesPath(advisory.id),
  };
}

/** The migrations that create known_issue_terms (SQLite, PostgreSQL): applying one to a database with issues means filing them. */
export const KNOWN_ISSUE_TERMS_MIGRATIONS = ['Migration20261204233000', 'Migration20261204233001'];

/** Known issues on one page of /known-issues. */
const ACROSS_BOARD_PAGE = 100;

/** Moderators' known issues: every change in one transaction with its history row and audit record. */
@Injectable()
export class KnownIssuesService {
  constructor(
    private readonly em: EntityManager,
    private readonly transactions: WriteTransactions,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly search: SearchIndexService,
    private readonly reader: ReadSql,
    private readonly fieldReports: FieldReportsRepository,
    private readonly repo: KnownIssuesRepository,
    private readonly verdicts: VerdictsService,
    private readonly grouping: EmergingGrouping,
  ) {}

  async create(viewer: Viewer, advisoryId: string, input: KnownIssueInput, fromPostId: number | null): Promise<KnownIssue> {
    this.policy.ensure(viewer, Action.ManageKnownIssues);
    // The same form sent twice (double click, or two at once) pins one issue; the second sending gets the first's.
    const key = submittedKey(input.idempotencyKey);
    const earlier = key ? await this.earlierIssue(viewer, key, advisoryId, input) : null;
    if (earlier) return earlier;
    try {
      return await this.write(viewer, advisoryId, input, fromPostId, key);
    } catch (err) {
      const raced =
        key && err instanceof UniqueConstraintViolationException ? await this.earlierIssue(viewer, key, advisoryId, input) : null;
      if (!raced) throw err;
      return raced;
    }
  }

  private async earlierIssue(viewer: Viewer, key: string, advisoryId: string, input: KnownIssueInput): Promise<KnownIssue | null> {
    const issue = await this.repo.byIdempotencyKey(key);
    return earlierSending(issue, issue?.createdBy.id === viewer.id, issue?.advisory.id === advisoryId && issue.title === input.title);
  }

  private async write(
    viewer: Viewer,
    advisoryId: string,
    input: KnownIssueInput,
    fromPostId: number | null,
    key: string | null,
  ): Promise<KnownIssue> {
    return this.transactions.run((em) =>
      this.insert(em, viewer, advisoryId, input, fromPostId ? [fromPostId] : [], key, { fromPost: fromPostId }),
    );
  }

  /**
   * A new issue in the caller's transaction: its first history step, the reports given as evidence, the audit
   * record (with `detail`) and the watchers' notices. The form and a promoted emerging group both come here.
   */
  async insert(
    em: EntityManager,
    viewer: Viewer,
    advisoryId: string,
    input: KnownIssueInput,
    evidence: number[],
    key: string | null,
    detail: Record<string, unknown>,
  ): Promise<KnownIssue> {
    const advisory = await this.repo.advisory(advisoryId, em);
    if (!advisory) throw new NotFoundException();
    const checked = checkKnownIssue(input, advisory.platforms.getItems(), null);
    const last = await this.repo.lastPosition(em, advisory.id);
    const issue = new KnownIssue(ref(advisory), checked.title, checked.symptom, ref(User, viewer.id!));
    apply(issue, checked);
    issue.status = checked.status;
    issue.position = last + 1;
    issue.idempotencyKey = key;
    await this.repo.add(em, issue, new KnownIssueEvent(ref(issue), 'created', null, issue.status, checked.note, ref(User, viewer.id!)));
    await this.repo.writeTerms(em, issue.id, issueTerms(issue.platforms, issue.softwareKey));
    await this.search.syncKnownIssue(em, issue);
    for (const postId of evidence) await this.link(em, viewer, issue, postId, true);
    this.audit.record(em, viewer, {
      action: AuditAction.KnownIssueCreate,
      targetType: 'known-issue',
      targetId: issue.id,
      reason: checked.note,
      detail: { advisory: advisory.id, title: issue.title, status: issue.status, ...detail },
    });
    await this.notifications.notifyKnownIssue(
      em,
      issue,
      advisory.id,
      viewer.id!,
      { from: null, note: checked.note, by: viewer.username ?? '' },
      platformLabels(advisory),
    );
    await this.flushAndRecheck(em, advisory.id);
    return issue;
  }

  /** The issue as written is what the verdicts read (raw SQL): flushed first, then the advisory's verdicts rechecked, last in the transaction. */
  private async flushAndRecheck(em: EntityManager, advisoryId: string): Promise<void> {
    await this.repo.flush(em);
    await this.verdicts.recheck(em, advisoryId);
  }

  /** Edits the text; a status change in the same form is recorded as a status step with the note. */
  async update(viewer: Viewer, id: number, input: KnownIssueInput): Promise<KnownIssue> {
    this.policy.ensure(viewer, Action.ManageKnownIssues);
    return this.transactions.run(async (em) => {
      const issue = await this.repo.findWithAdvisory(id, em);
      if (!issue) throw new NotFoundException();
      const from = issue.status;
      const checked = checkKnownIssue(input, issue.advisory.getEntity().platforms.getItems(), from);
      const statusChanges = checked.status !== from;
      const before = { platforms: issue.platforms, softwareKey: issue.softwareKey };
      apply(issue, checked);
      const rematched = before.softwareKey !== issue.softwareKey || before.platforms.join('\n') !== issue.platforms.join('\n');
      if (rematched) await this.repo.writeTerms(em, issue.id, issueTerms(issue.platforms, issue.softwareKey));
      issue.status = checked.status;
      issue.updatedAt = new Date();
      await this.search.syncKnownIssue(em, issue);
      this.repo.addEvent(
        em,
        new KnownIssueEvent(ref(issue), statusChanges ? 'status' : 'edited', from, issue.status, checked.note, ref(User, viewer.id!)),
      );
      this.audit.record(em, viewer, {
        action: isReopening(from, checked.status)
          ? AuditAction.KnownIssueReopen
          : statusChanges
            ? AuditAction.KnownIssueStatus
            : AuditAction.KnownIssueEdit,
        targetType: 'known-issue',
        targetId: issue.id,
        reason: checked.note,
        detail: { advisory: issue.advisory.id, from, to: issue.status },
      });
      const labels = platformLabels(issue.advisory.getEntity());
      if (statusChanges)
        await this.notifications.notifyKnownIssue(
          em,
          issue,
          issue.advisory.id,
          viewer.id!,
          { from, note: checked.note, by: viewer.username ?? '' },
          labels,
        );
      else if (rematched)
        await this.notifications.notifyNewlyMatched(
          em,
          issue,
          issue.advisory.id,
          viewer.id!,
          before,
          { note: checked.note, by: viewer.username ?? '' },
          labels,
        );
      await this.flushAndRecheck(em, issue.advisory.id);
      return issue;
    });
  }

  /** Moves an issue one place up or down among its advisory's issues. */
  async move(viewer: Viewer, id: number, direction: 'up' | 'down'): Promise<KnownIssue> {
    this.policy.ensure(viewer, Action.ManageKnownIssues);
    return this.transactions.run(async (em) => {
      const issue = await this.repo.find(em, id);
      if (!issue) throw new NotFoundException();
      const siblings = await this.repo.ofAdvisory(issue.advisory.id, em);
      const i = siblings.findIndex((s) => s.id === issue.id);
      const j = direction === 'up' ? i - 1 : i + 1;
      if (j < 0 || j >= siblings.length) return issue;
      [siblings[i], siblings[j]] = [siblings[j], siblings[i]];
      siblings.forEach((s, k) => (s.position = k + 1));
      this.audit.record(em, viewer, {
        action: AuditAction.KnownIssueReorder,
        targetType: 'known-issue',
        targetId: issue.id,
        detail: { advisory: issue.advisory.id, direction },
      });
      return issue;
    });
  }

  /** An advisory with its platforms, or null. */
  advisory(id: string): Promise<Advisory | null> {
    return this.repo.advisory(id);
  }

  /** An advisory's issues in their order, dismissed ones too (few: one read). */
  ofAdvisory(advisory: Advisory): Promise<KnownIssue[]> {
    return this.repo.ofAdvisory(advisory);
  }

  /** The issues a report is already evidence of. */
  issuesBackedBy(postId: number): Promise<Set<number>> {
    return this.repo.issuesBackedBy(postId);
  }

  /** One issue with its bulletin and the bulletin's platforms, or null. */
  issue(id: number): Promise<KnownIssue | null> {
    return this.repo.findWithAdvisory(id);
  }

  /** What the advisory's known-issues page shows: every issue, its history and evidence, and the viewer's reports to link. */
  async advisoryPage(advisory: Advisory, viewer: Viewer) {
    const em = this.em.fork();
    const all = await this.repo.ofAdvisory(advisory, em);
    const ids = all.map((i) => i.id);
    const events = await this.repo.events(ids, em);
    const evidence = await this.repo.evidence(ids, em);
    const reports = await this.reportsWithConfirmations(
      evidence.map((e) => e.post.id),
      advisory.platforms.getItems(),
    );
    const behind = await this.confirmationsBehind(ids);
    const cited = await loadBacklinks(this.reader, [], ids);
    const mine = viewer.isGuest ? [] : await this.repo.visibleReportsBy(viewer.id!, advisory);
    return { all, events, evidence, reports, behind, cited, mine };
  }

  /** A member adds their own field report as evidence; a moderator may add any visible report, and that is audited. */
  async addEvidence(viewer: Viewer, id: number, postId: number): Promise<void> {
    await this.transactions.run(async (em) => {
      const issue = await this.repo.find(em, id);
      if (!issue) throw new NotFoundException();
      const asModerator = this.policy.can(viewer, Action.ManageKnownIssues);
      await this.link(em, viewer, issue, postId, asModerator);
      if (asModerator)
        this.audit.record(em, viewer, {
          action: AuditAction.KnownIssueEvidenceAdd,
          targetType: 'known-issue',
          targetId: issue.id,
          detail: { advisory: issue.advisory.id, post: postId },
        });
    });
  }

  /** Unlinks a report, with the reason RemoveEvidenceForm checked (trimmed). */
  async removeEvidence(viewer: Viewer, id: number, postId: number, reason: string): Promise<void> {
    this.policy.ensure(viewer, Action.ManageKnownIssues);
    await this.transactions.run(async (em) => {
      if (!(await this.repo.removeEvidence(em, id, postId))) throw new NotFoundException();
      await this.repo.changeEvidenceCount(em, id, -1);
      // Evidence of no issue any more, it may belong to an emerging group again.
      await this.grouping.regroup(em, postId);
      // The advisory too, for the log's link to the issue and its advisory filter.
      const issue = await this.repo.find(em, id);
      this.audit.record(em, viewer, {
        action: AuditAction.KnownIssueEvidenceRemove,
        targetType: 'known-issue',
        targetId: id,
        reason,
        detail: { advisory: issue?.advisory.id ?? null, post: postId },
      });
    });
  }

  private async link(em: EntityManager, viewer: Viewer, issue: KnownIssue, postId: number, asModerator: boolean): Promise<void> {
    const post = await this.repo.reportPost(em, postId);
    if (!post || post.thread.getEntity().advisory.id !== issue.advisory.id || post.state !== 'visible')
      throw new FormInvalidException({ evidence: 'knownIssue.evidence.invalid' });
    if (!asModerator && !this.policy.can(viewer, Action.AddOwnEvidence, postSubject(post, post.thread.getEntity())))
      throw new FormInvalidException({ evidence: 'knownIssue.evidence.notYours' });
    try {
      await this.repo.addEvidence(em, new KnownIssueEvidence(ref(issue), ref(post), ref(User, viewer.id!)));
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw new FormInvalidException({ evidence: 'knownIssue.evidence.already' });
      throw err;
    }
    await this.repo.changeEvidenceCount(em, issue.id, 1);
    // Tied to a known issue, the report leaves its emerging group.
    await this.grouping.regroup(em, postId);
  }

  /** The summary heading a thread, a bulletin and the embed: open issues first, then resolved (dismissed ones only on the full page). */
  async summary(
    advisory: { id: string; references: AdvisoryReference[] },
    platforms: { key: string; label: string }[],
    options: { backlinks?: boolean; read?: Awaited<ReturnType<KnownIssuesService['summaryIssues']>> } = {},
  ) {
    // A page that has read them already (the bulletin page decides its verdicts from them) passes them in.
    const { issues, behind } = options.read ?? (await this.summaryIssues(advisory.id));
    const cited = options.backlinks
      ? await loadBacklinks(
          this.reader,
          [],
          issues.map((i) => i.id),
        )
      : NO_BACKLINKS;
    return summaryView(advisory, platforms, issues, behind, cited.issues);
  }

  /** The summary's issues and the confirmations behind each, before they are shaped (the thread page adds its backlinks). */
  async summaryIssues(advisoryId: string): Promise<{ issues: KnownIssueLike[]; behind: Map<number, number> }> {
    const issues = await this.repo.summary(advisoryId);
    return { issues, behind: await this.confirmationsBehind(issues.map((i) => i.id)) };
  }

  /**
   * Known issues of published bulletins in the given statuses, latest change first, a page at a time by keyset
   * (after = the last id shown), filtered in SQL: every match is found, however many issues the board has.
   */
  async acrossBoard(filter: AcrossBoardFilter, after: number | null) {
    return this.repo.acrossBoard(filter, after, ACROSS_BOARD_PAGE);
  }

  /** Files every known issue under its platforms and software words again (a database from before the environment match). */
  async indexTerms(em: EntityManager): Promise<number> {
    let n = 0;
    for (let after = 0; ;) {
      const issues = await this.repo.batchAfter(em, after, 500);
      if (!issues.length) return n;
      for (const issue of issues) {
        issue.softwareKey = softwareKey(issue.software);
        await this.repo.writeTerms(em, issue.id, issueTerms(issue.platforms, issue.softwareKey));
      }
      await em.flush();
      n += issues.length;
      after = issues[issues.length - 1].id;
    }
  }

  /** The platform keys the member runs (their environment). */
  environmentPlatforms(userId: number): Promise<string[]> {
    return this.notifications.environmentPlatforms(userId);
  }

  /** Whether the member has told their platforms or software. */
  hasEnvironment(userId: number): Promise<boolean> {
    return this.notifications.hasEnvironment(userId);
  }

  /** These issues with their bulletins, in the order given. */
  withAdvisories(ids: number[]): Promise<KnownIssue[]> {
    return this.repo.withAdvisories(ids);
  }

  confirmationsBehind(issueIds: number[]): Promise<Map<number, number>> {
    return this.repo.confirmationsBehind(issueIds);
  }

  /** Each evidence report's facts and its confirmations by platform, in two queries. */
  async reportsWithConfirmations(postIds: number[], platforms: AdvisoryPlatform[]) {
    const result = new Map<
      number,
      {
        outcomeKey: string;
        outcome: string;
        platform: string | null;
        hosts: number;
        confirmationCount: number;
        byPlatform: { label: string; count: number }[];
      }
    >();
    if (!postIds.length) return result;
    const em = this.em.fork();
    const reports = (await this.fieldReports.reportsOf(em, postIds)).values();
    const counts = await this.fieldReports.confirmationsByPlatform(em, postIds);
    const labels = new Map(platforms.map((p) => [p.key, p.label]));
    for (const r of reports) {
      result.set(r.post.id, {
        outcome: r.outcome,
        outcomeKey: `outcome.${r.outcome}`,
        platform: r.platform?.getEntity().label ?? r.platformOther,
        hosts: r.hosts,
        confirmationCount: r.confirmationCount,
        // No label: a platform the advisory does not list, named by the view in the reader's language.
        byPlatform: [...(counts.get(r.post.id) ?? [])].map(([key, count]) => ({ label: key ? (labels.get(key) ?? key) : '', count })),
      });
    }
    return result;
  }

  async reportOf(postId: number): Promise<{ post: Post; report: FieldReport } | null> {
    const em = this.em.fork();
    const post = await this.repo.reportPost(em, postId);
    const report = post ? ((await this.fieldReports.reportsOf(em, [post.id])).get(post.id) ?? null) : null;
    return post && report ? { post, report } : null;
  }
}

const platformLabels = (advisory: Advisory) => new Map(advisory.platforms.getItems().map((p) => [p.key, p.label]));

function apply(issue: KnownIssue, c: CheckedKnownIssue): void {
  issue.title = c.title;
  issue.symptom = c.symptom;
  issue.platforms = c.platforms;
  issue.software = c.software;
  issue.softwareKey = softwareKey(c.software);
  issue.workaround = c.workaround;
  issue.resolution = c.resolution;
  issue.references = c.references;
}
