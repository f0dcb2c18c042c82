import { EntityManager } from '@mikro-orm/core';
import { Injectable, NotFoundException } from '@nestjs/common';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { LIMITS } from '../common/limits';
import { clip } from '../common/text/clip';
import { AuditAction } from '../moderation/audit-actions';
import { AuditService } from '../moderation/audit.service';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { EmergingGroup } from './emerging-group.entity';
import { EmergingIssuesRepository, GroupReportRow } from './emerging-issues.repository';
import { MIN_MEMBERS, MIN_REPORTS } from './emerging-rules';
import { KnownIssue } from './known-issue.entity';
import { INITIAL_STATUSES } from './known-issue-lifecycle';
import { promotedTitle } from './known-issue-promotion';
import { KnownIssueInput, KnownIssuesService } from './known-issues.service';
import { WriteTransactions } from '../database/write-transactions';

/** Groups on the page at most: more than this would not be read before the oldest are dealt with. */
const SHOWN_GROUPS = 100;

/** The moderators' emerging issues: the groups shown, and promoting or dismissing one (each in one transaction, audited). */
@Injectable()
export class EmergingIssuesService {
  constructor(
    private readonly transactions: WriteTransactions,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly issues: KnownIssuesService,
    private readonly repo: EmergingIssuesRepository,
  ) {}

  /** The groups shown, latest report first, and their reports. */
  async shown() {
    const groups = await this.repo.shown(MIN_REPORTS, MIN_MEMBERS, SHOWN_GROUPS);
    const reports = await this.repo.reportsOf(groups.map((g) => Number(g.id)));
    return { groups, reports };
  }

  /** A group, or null. */
  group(id: number): Promise<EmergingGroup | null> {
    return this.repo.group(id);
  }

  /**
   * A known issue made of the group, every report of it as evidence, in one transaction: the issue's text is
   * suggested as a promoted report's is (known-issue-promotion.ts), the moderator's reason its first note.
   * A group promoted already answers with its issue (a second click).
   */
  async promote(viewer: Viewer, groupId: number, reason: string): Promise<KnownIssue> {
    this.policy.ensure(viewer, Action.ReviewEmergingIssues);
    this.policy.ensure(viewer, Action.ManageKnownIssues);
    return this.transactions.run(async (em) => {
      const group = await this.locked(em, groupId);
      if (group.state === 'promoted' && group.knownIssue) return group.knownIssue.load() as Promise<KnownIssue>;
      const reports = await this.repo.reportsOf([groupId], em);
      if (!reports.length) throw new FormInvalidException({ reason: 'emerging.empty.group' });
      const posts = reports.map((r) => Number(r.post_id)).sort((a, b) => a - b);
      // Marked first: the last report leaving the group (it becomes evidence) must not remove it.
      await this.repo.setState(em, groupId, 'promoted', null);
      const issue = await this.issues.insert(em, viewer, group.advisory.id, suggestion(reports, reason), posts, null, {
        fromPost: null,
        emergingGroup: groupId,
      });
      await this.repo.setState(em, groupId, 'promoted', issue.id);
      this.audit.record(em, viewer, {
        action: AuditAction.EmergingPromote,
        targetType: 'emerging-group',
        targetId: groupId,
        reason,
        detail: { advisory: group.advisory.id, knownIssue: issue.id, posts },
      });
      return issue;
    });
  }

  /** Hides the group until a new report joins it. */
  async dismiss(viewer: Viewer, groupId: number, reason: string): Promise<void> {
    this.policy.ensure(viewer, Action.ReviewEmergingIssues);
    await this.transactions.run(async (em) => {
      const group = await this.locked(em, groupId);
      if (group.state !== 'open') throw new FormInvalidException({ reason: 'emerging.notOpen' });
      await this.repo.setState(em, groupId, 'dismissed', null);
      this.audit.record(em, viewer, {
        action: AuditAction.EmergingDismiss,
        targetType: 'emerging-group',
        targetId: groupId,
        reason,
        detail: { advisory: group.advisory.id, posts: await this.repo.postsOf(em, groupId) },
      });
    });
  }

  /** The group held for this transaction (reports cannot join or leave meanwhile), else 404; its advisory's grouping first, as writers take them. */
  private async locked(em: EntityManager, groupId: number): Promise<EmergingGroup> {
    const advisoryId = await this.repo.advisoryOfGroup(em, groupId);
    if (advisoryId) await this.repo.lockAdvisory(em, advisoryId);
    const group = advisoryId && (await this.repo.lock(em, groupId)) ? await this.repo.group(groupId, em) : null;
    if (!group) throw new NotFoundException();
    return group;
  }
}

/** The most frequent value (the first one met on a tie), or null. */
function mostFrequent(values: (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | null = null;
  for (const [v, n] of counts) if (best === null || n > counts.get(best)!) best = v;
  return best;
}

/**
 * The new issue's fields from the group's reports: the earliest report's text (the first to say it), the
 * software most of them name, every platform of the advisory they were on, investigated from now.
 */
function suggestion(reports: GroupReportRow[], reason: string): KnownIssueInput {
  const first = [...reports].sort((a, b) => Number(a.post_id) - Number(b.post_id))[0];
  const software = clip(mostFrequent(reports.map((r) => r.software.trim())) ?? '', LIMITS.knownIssueSoftware);
  const platform = mostFrequent(reports.map((r) => r.platform_key));
  const label = reports.find((r) => r.platform_key === platform)?.platform_label ?? '';
  const title = promotedTitle({ software, platformKey: platform, platformLabel: label, text: first.symptom });
  return {
    title: title || clip(first.symptom, LIMITS.knownIssueTitle),
    symptom: clip(first.symptom, LIMITS.knownIssueText),
    platforms: [...new Set(reports.flatMap((r) => (r.platform_key ? [r.platform_key] : [])))],
    software,
    status: INITIAL_STATUSES[0],
    note: reason,
  };
}
