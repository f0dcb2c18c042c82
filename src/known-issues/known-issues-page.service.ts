import { Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { AdvisoryPlatform } from '../advisories/advisory-platform.entity';
import { Advisory } from '../advisories/advisory.entity';
import { normalizeAdvisoryId } from '../advisories/advisory-format';
import { FieldErrors } from '../common/forms/form-invalid.exception';
import { FormPage, refusal } from '../common/forms/show-form-again';
import { keyForForm } from '../common/forms/idempotency';
import { rowId } from '../common/http/row-id';
import { LIMITS } from '../common/limits';
import { clip } from '../common/text/clip';
import { feedLinks } from '../feeds/feed-links';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { KnownIssue, OPEN_STATUSES } from './known-issue.entity';
import { canReopen, INITIAL_STATUSES, isReopening, nextStatuses, REOPEN } from './known-issue-lifecycle';
import { alikeIssues, promotedTitle, PromotedReport, reportText } from './known-issue-promotion';
import { KnownIssueInput, KnownIssuesService } from './known-issues.service';
import { issueView } from './known-issue.view-model';
import {
  advisoryPath,
  allKnownIssuesPath,
  ENVIRONMENT_PATH,
  knownIssueEditPath,
  knownIssueEvidencePath,
  knownIssuesPath,
  newKnownIssuePath,
  postPath,
  threadPath,
} from '../paths';

/** The known-issue form's fields; `from` names the field report a new issue is promoted from. */
export type KnownIssueFormValues = KnownIssueInput & { from?: string };

/** The known-issue pages: an advisory's issues, the board-wide list, the new and edit forms; and the issue or advisory a write may name. */
@Injectable()
export class KnownIssuesPageService {
  constructor(
    private readonly issues: KnownIssuesService,
    private readonly policy: PolicyService,
  ) {}

  /** The advisory's known issues with each one's history and evidence. */
  async forAdvisory(rawId: string, viewer: Viewer) {
    const advisory = await this.advisory(rawId, viewer);
    const { all, events, evidence, reports, behind, cited, mine } = await this.issues.advisoryPage(advisory, viewer);
    const canManage = this.policy.can(viewer, Action.ManageKnownIssues);
    const linked = new Set(evidence.map((e) => `${e.knownIssue.id}:${e.post.id}`));
    const view = (i: KnownIssue) => ({
      ...issueView(i, advisory, advisory.platforms.getItems(), behind.get(i.id) ?? 0),
      canManage,
      citedBy: cited.issues.get(i.id) ?? [],
      myReports: mine.filter((p) => !linked.has(`${i.id}:${p.id}`)).map((p) => ({ id: p.id, number: p.number })),
      history: events
        .filter((e) => e.knownIssue.id === i.id)
        .map((e) => ({
          kind: e.kind,
          statusKey: `knownIssue.status.${e.toStatus}`,
          status: e.toStatus,
          fromKey: e.fromStatus ? `knownIssue.status.${e.fromStatus}` : null,
          reopened: isReopening(e.fromStatus, e.toStatus),
          note: e.note,
          actor: e.actor.getEntity().username,
          at: e.createdAt,
        })),
      evidence: evidence
        .filter((e) => e.knownIssue.id === i.id)
        .map((e) => ({
          postId: e.post.id,
          number: e.post.getEntity().number,
          url: postPath(advisory.id, e.post.getEntity().number),
          author: e.post.getEntity().author.getEntity().username,
          ...(reports.get(e.post.id) ?? {}),
        })),
    });
    return {
      title: `${advisory.id} — ${advisory.title}`,
      advisory: { id: advisory.id, title: advisory.title, url: advisoryPath(advisory.id), threadUrl: threadPath(advisory.id) },
      open: all.filter((i) => i.isOpen).map(view),
      closed: all.filter((i) => !i.isOpen).map(view),
      canManage,
      newUrl: canManage ? newKnownIssuePath(advisory.id) : null,
      feeds: feedLinks.advisoryKnownIssues(advisory.id, advisory.isPublished),
    };
  }

  /**
   * The new-issue form. Promoting a field report (from) suggests title, symptom, platform and software from it,
   * and lists the advisory's issues that look like the same problem, to attach the report to instead.
   */
  async newForm(rawId: string, from: string | undefined, viewer: Viewer) {
    const advisory = await this.creatable(rawId, viewer);
    const fromId = rowId(from);
    if (!fromId) return this.formView(advisory, { status: INITIAL_STATUSES[0] }, {}, null);
    const report = await this.promoted(advisory, fromId);
    if (!report) throw new NotFoundException();
    const values: KnownIssueFormValues = {
      from: String(fromId),
      status: INITIAL_STATUSES[0],
      title: promotedTitle(report),
      symptom: clip(report.text, LIMITS.knownIssueText),
      platforms: report.platformKey ? [report.platformKey] : [],
      software: clip(report.software, LIMITS.knownIssueSoftware),
    };
    return { ...this.formView(advisory, values, {}, null), alike: await this.alike(advisory, report, fromId) };
  }

  /** The field report being promoted, as the suggestions read it; null unless it is a report of this advisory. */
  private async promoted(advisory: Advisory, postId: number): Promise<PromotedReport | null> {
    const found = await this.issues.reportOf(postId);
    if (!found || found.post.thread.getEntity().advisory.id !== advisory.id) return null;
    const platformKey = found.report.platform?.getEntity().key ?? null;
    return {
      software: found.report.software,
      platformKey,
      platformLabel: advisory.platforms.getItems().find((p) => p.key === platformKey)?.label ?? found.report.platformOther ?? '',
      text: reportText(found.post.bodyHtml),
    };
  }

  /** The advisory's issues that look like the promoted report's problem, each with why and whether it is linked already. */
  private async alike(advisory: Advisory, report: PromotedReport, postId: number) {
    const found = alikeIssues(report, await this.issues.ofAdvisory(advisory));
    if (!found.length) return [];
    const linked = await this.issues.issuesBackedBy(postId);
    const labels = advisory.platforms.getItems();
    return found.map((a) => ({
      ...issueView(a.issue, advisory, labels, 0),
      sameSoftware: a.sameSoftware,
      samePlatform: a.samePlatform,
      sharedWords: a.sharedWords,
      linked: linked.has(a.issue.id),
      evidenceUrl: knownIssueEvidencePath(a.issue.id),
      post: postId,
    }));
  }

  async createRefused(rawId: string, viewer: Viewer, values: KnownIssueFormValues, errors: FieldErrors): Promise<FormPage> {
    const advisory = await this.creatable(rawId, viewer);
    const fromId = rowId(values.from);
    // The look-alikes stay above the form shown again; a report that is not this advisory's has none (its error says why).
    const report = fromId ? await this.promoted(advisory, fromId) : null;
    const alike = report && fromId ? await this.alike(advisory, report, fromId) : [];
    return { view: 'known-issues/form', model: { ...this.formView(advisory, values, errors, null), alike } };
  }

  async editForm(kid: number, viewer: Viewer) {
    const issue = await this.editable(kid, viewer);
    const values: KnownIssueInput = {
      title: issue.title,
      symptom: issue.symptom,
      platforms: issue.platforms,
      software: issue.software,
      workaround: issue.workaround,
      resolution: issue.resolution,
      references: issue.references.join('\n'),
      status: issue.status,
    };
    return this.formView(issue.advisory.getEntity(), values, {}, issue);
  }

  async editRefused(kid: number, viewer: Viewer, values: KnownIssueFormValues, errors: FieldErrors): Promise<FormPage> {
    const issue = await this.editable(kid, viewer);
    return { view: 'known-issues/form', model: this.formView(issue.advisory.getEntity(), values, errors, issue) };
  }

  /** An issue's small forms (evidence, order) refused: 404 for no such issue, 403 for who may not reorder, then why. */
  async evidenceRefused(kid: number, viewer: Viewer, errors: FieldErrors, managing = false): Promise<FormPage> {
    if (managing) this.policy.ensure(viewer, Action.ManageKnownIssues);
    await this.issue(kid);
    return refusal(managing ? 'form.refused' : 'knownIssue.evidence.refused', errors);
  }

  /**
   * Open known issues across all advisories, filterable by status, platform and software, and (mine=1) by the viewer's
   * environment: a guest is asked to sign in, a member without one to set it up; 100 a page, latest change first.
   */
  async all(status: unknown, platform: unknown, software: unknown, after: unknown, mine: unknown, viewer: Viewer) {
    const onlyMine = mine === '1';
    if (onlyMine && viewer.isGuest) throw new UnauthorizedException();
    const environmentMissing = onlyMine && !(await this.issues.hasEnvironment(viewer.id!));
    const statuses = typeof status === 'string' && (OPEN_STATUSES as readonly string[]).includes(status) ? [status] : [...OPEN_STATUSES];
    const softwareText = typeof software === 'string' ? clip(software.normalize('NFKC').trim(), LIMITS.knownIssueSoftwareFilter) : '';
    const platformKey = typeof platform === 'string' ? clip(platform, LIMITS.platformKey) : '';
    const found = environmentMissing
      ? { ids: [], count: 0, next: null, platformKeys: [] }
      : await this.issues.acrossBoard(
          { statuses, platform: platformKey, software: softwareText, environmentOf: onlyMine ? viewer.id! : null },
          typeof after === 'string' ? rowId(after) : null,
        );
    const shown = await this.issues.withAdvisories(found.ids);
    const behind = await this.issues.confirmationsBehind(found.ids);
    const chosen = {
      status: statuses.length === 1 ? statuses[0] : '',
      platform: platformKey,
      software: softwareText,
      mine: onlyMine ? '1' : '',
    };
    return {
      titleKey: onlyMine ? 'knownIssues.mine.title' : 'knownIssues.title',
      mine: onlyMine,
      canFilterMine: !viewer.isGuest,
      environmentMissing,
      environmentUrl: ENVIRONMENT_PATH,
      issues: shown.map((i) => ({
        ...issueView(i, i.advisory.getEntity(), i.advisory.getEntity().platforms.getItems(), behind.get(i.id) ?? 0),
        advisory: { id: i.advisory.id, url: advisoryPath(i.advisory.id) },
      })),
      filters: {
        statuses: OPEN_STATUSES.map((s) => ({ value: s, key: `knownIssue.status.${s}`, selected: s === chosen.status })),
        platforms: [...new Set([...found.platformKeys, ...(platformKey ? [platformKey] : [])])].map((k) => ({
          value: k,
          selected: k === platformKey,
        })),
        software: softwareText,
      },
      count: found.count,
      nextUrl: found.next ? allKnownIssuesPath({ ...chosen, after: found.next }) : null,
      feeds: feedLinks.knownIssues(),
    };
  }

  /** The advisory a new issue is filed under: 403 for who may not manage issues, then 404 for no such advisory. */
  async creatable(rawId: string, viewer: Viewer): Promise<Advisory> {
    this.policy.ensure(viewer, Action.ManageKnownIssues);
    return this.advisory(rawId, viewer);
  }

  /** An issue to edit: 403 for who may not manage issues, then 404 for no such issue. */
  async editable(kid: number, viewer: Viewer): Promise<KnownIssue> {
    this.policy.ensure(viewer, Action.ManageKnownIssues);
    return this.issue(kid);
  }

  /** The issue the address names, else 404. */
  async issue(id: number): Promise<KnownIssue> {
    const issue = await this.issues.issue(id);
    if (!issue) throw new NotFoundException();
    return issue;
  }

  private async advisory(rawId: string, viewer: Viewer): Promise<Advisory> {
    const id = normalizeAdvisoryId(rawId);
    const advisory = id ? await this.issues.advisory(id) : null;
    if (!advisory || !this.policy.can(viewer, Action.ViewAdvisory, advisory)) throw new NotFoundException();
    return advisory;
  }

  /** The status select: a new issue's initial statuses, or an issue's current one and those the lifecycle allows next (reopen for a closed one). */
  private statusChoices(issue: KnownIssue | null, chosen: string | undefined) {
    const values: string[] = issue
      ? [issue.status, ...nextStatuses(issue.status), ...(canReopen(issue.status) ? [REOPEN] : [])]
      : [...INITIAL_STATUSES];
    const selected = chosen && values.includes(chosen) ? chosen : values[0];
    return values.map((s) => ({
      value: s,
      key: s === REOPEN ? 'knownIssue.reopen' : `knownIssue.status.${s}`,
      current: s === issue?.status,
      selected: s === selected,
    }));
  }

  private formView(advisory: Advisory, values: KnownIssueFormValues, errors: FieldErrors, issue: KnownIssue | null) {
    const chosen = new Set(Array.isArray(values.platforms) ? values.platforms : values.platforms ? [values.platforms] : []);
    return {
      titleKey: issue ? 'knownIssue.edit.title' : 'knownIssue.new.title',
      advisory: { id: advisory.id, title: advisory.title, url: knownIssuesPath(advisory.id) },
      action: issue ? knownIssueEditPath(issue.id) : knownIssuesPath(advisory.id),
      isEdit: issue !== null,
      // A new issue's form carries a one-time key, so that sending it twice pins one issue.
      values: issue ? values : { ...values, idempotencyKey: keyForForm(values.idempotencyKey, errors) },
      platforms: advisory.platforms.getItems().map((p: AdvisoryPlatform) => ({ value: p.key, label: p.label, checked: chosen.has(p.key) })),
      statuses: this.statusChoices(issue, values.status),
      canReopen: issue !== null && canReopen(issue.status),
      errors,
      hasErrors: Object.keys(errors).length > 0,
    };
  }
}
