import { Body, Controller, Get, NotFoundException, Param, Post as HttpPost, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AdvisoryPlatform } from '../advisories/advisory-platform.entity';
import { Advisory } from '../advisories/advisory.entity';
import { normalizeAdvisoryId } from '../advisories/advisory-format';
import { csrfToken } from '../auth/csrf';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { Public } from '../common/decorators/public.decorator';
import { refusalPage, RefusedForm, sentFields, ShowFormAgain, typedText } from '../common/forms/show-form-again';
import { keyForForm } from '../common/forms/idempotency';
import { LIMITS } from '../common/limits';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { GUEST, Viewer } from '../policy/viewer';
import { EvidenceForm, KnownIssueForm, MoveForm, RemoveEvidenceForm } from './dto/known-issue.forms';
import { KNOWN_ISSUE_STATUSES, KnownIssue, OPEN_STATUSES } from './known-issue.entity';
import { KnownIssueInput, KnownIssuesService } from './known-issues.service';
import { issueView } from './known-issue.view-model';
import { feedLinks } from '../feeds/feed-links';
import { RowIdParam } from '../common/decorators/row-id-param.decorator';
import { pathRowId, rowId } from '../common/http/row-id';
import { clip } from '../common/text/clip';
import {
  advisoryPath,
  allKnownIssuesPath,
  knownIssueEditPath,
  knownIssuePath,
  knownIssuesPath,
  newKnownIssuePath,
  postPath,
  threadPath,
} from '../paths';

const TEXT_FIELDS = ['title', 'symptom', 'software', 'workaround', 'resolution', 'references', 'status', 'note', 'idempotencyKey'];

/** The form's fields as typed, to show it again. */
function formValues(req: Request): KnownIssueInput & { from?: string } {
  const typed = (k: string) => typedText(req, k) || undefined;
  const platforms = sentFields(req).platforms;
  const from = rowId(typed('from'));
  return {
    ...Object.fromEntries(TEXT_FIELDS.map((k) => [k, typed(k)])),
    platforms: Array.isArray(platforms) ? platforms.filter((p): p is string => typeof p === 'string') : typed('platforms'),
    from: from ? String(from) : undefined,
  };
}

@Controller()
export class KnownIssuesController {
  constructor(
    private readonly issues: KnownIssuesService,
    private readonly policy: PolicyService,
  ) {}

  /** The advisory's known issues with each one's history and evidence. */
  @Public()
  @Get('advisories/:id/known-issues')
  async forAdvisory(@Param('id') rawId: string, @CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response) {
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
    res.render('known-issues/advisory', {
      title: `${advisory.id} — ${advisory.title}`,
      advisory: { id: advisory.id, title: advisory.title, url: advisoryPath(advisory.id), threadUrl: threadPath(advisory.id) },
      open: all.filter((i) => i.isOpen).map(view),
      closed: all.filter((i) => !i.isOpen).map(view),
      canManage,
      newUrl: canManage ? newKnownIssuePath(advisory.id) : null,
      feeds: feedLinks.advisoryKnownIssues(advisory.id, advisory.isPublished),
    });
  }

  @Get('advisories/:id/known-issues/new')
  async newForm(
    @Param('id') rawId: string,
    @Query('from') from: string | undefined,
    @CurrentViewer() viewer: Viewer,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    this.policy.ensure(viewer, Action.ManageKnownIssues);
    const advisory = await this.advisory(rawId, viewer);
    const values: KnownIssueInput & { from?: string } = { status: 'investigating' };
    // Promoting a field report pre-fills platform, software and symptom from it.
    const fromId = rowId(from);
    if (fromId) {
      const found = await this.issues.reportOf(fromId);
      if (!found || found.post.thread.getEntity().advisory.id !== advisory.id) throw new NotFoundException();
      values.from = String(fromId);
      values.platforms = found.report.platform ? [found.report.platform.getEntity().key] : [];
      values.software = found.report.software;
      values.symptom = found.post.bodySource;
      values.title = found.report.software ? `${found.report.software}: ` : '';
    }
    res.render('known-issues/form', this.formView(advisory, req, values, {}, null));
  }

  @HttpPost('advisories/:id/known-issues')
  @ShowFormAgain((c: KnownIssuesController, refused) => c.createRefused(refused))
  async create(@Param('id') rawId: string, @Body() form: KnownIssueForm, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    this.policy.ensure(viewer, Action.ManageKnownIssues);
    const advisory = await this.advisory(rawId, viewer);
    const issue = await this.issues.create(viewer, advisory.id, form, rowId(form.from));
    res.redirect(303, knownIssuePath(advisory.id, issue.id));
  }

  async createRefused({ req, res, errors }: RefusedForm): Promise<void> {
    const viewer = req.viewer ?? GUEST;
    this.policy.ensure(viewer, Action.ManageKnownIssues);
    const advisory = await this.advisory(String(req.params.id), viewer);
    res.status(422).render('known-issues/form', this.formView(advisory, req, formValues(req), errors, null));
  }

  @Get('known-issues/:kid/edit')
  async editForm(@RowIdParam('kid') kid: number, @CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response) {
    this.policy.ensure(viewer, Action.ManageKnownIssues);
    const issue = await this.load(kid);
    const advisory = issue.advisory.getEntity();
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
    res.render('known-issues/form', this.formView(advisory, req, values, {}, issue));
  }

  @HttpPost('known-issues/:kid/edit')
  @ShowFormAgain((c: KnownIssuesController, refused) => c.editRefused(refused))
  async edit(@RowIdParam('kid') kid: number, @Body() form: KnownIssueForm, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    this.policy.ensure(viewer, Action.ManageKnownIssues);
    const issue = await this.load(kid);
    await this.issues.update(viewer, kid, form);
    res.redirect(303, knownIssuePath(issue.advisory.id, kid));
  }

  async editRefused({ req, res, errors }: RefusedForm): Promise<void> {
    this.policy.ensure(req.viewer ?? GUEST, Action.ManageKnownIssues);
    const issue = await this.load(pathRowId(req.params.kid));
    res.status(422).render('known-issues/form', this.formView(issue.advisory.getEntity(), req, formValues(req), errors, issue));
  }

  @HttpPost('known-issues/:kid/move')
  @ShowFormAgain((c: KnownIssuesController, refused) => c.evidenceRefused(refused, true))
  async move(@RowIdParam('kid') kid: number, @Body() form: MoveForm, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    const issue = await this.issues.move(viewer, kid, form.direction);
    res.redirect(303, knownIssuePath(issue.advisory.id, kid));
  }

  /** "This happened to me too": link one's own field report (moderators: any report of the advisory). */
  @HttpPost('known-issues/:kid/evidence')
  @ShowFormAgain((c: KnownIssuesController, refused) => c.evidenceRefused(refused))
  async addEvidence(@RowIdParam('kid') kid: number, @Body() form: EvidenceForm, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    const issue = await this.load(kid);
    await this.issues.addEvidence(viewer, kid, rowId(form.post)!);
    res.redirect(303, knownIssuePath(issue.advisory.id, kid));
  }

  @HttpPost('known-issues/:kid/evidence/:postId/remove')
  @ShowFormAgain((c: KnownIssuesController, refused) => c.evidenceRefused(refused))
  async removeEvidence(
    @RowIdParam('kid') kid: number,
    @RowIdParam('postId') postId: number,
    @Body() form: RemoveEvidenceForm,
    @CurrentViewer() viewer: Viewer,
    @Res() res: Response,
  ) {
    const issue = await this.load(kid);
    await this.issues.removeEvidence(viewer, kid, postId, form.reason);
    res.redirect(303, knownIssuePath(issue.advisory.id, kid));
  }

  /** An issue's small forms (evidence, order) refused: 404 for no such issue, 403 for who may not reorder, then why. */
  async evidenceRefused({ req, res, errors }: RefusedForm, managing = false): Promise<void> {
    if (managing) this.policy.ensure(req.viewer ?? GUEST, Action.ManageKnownIssues);
    await this.load(pathRowId(req.params.kid));
    refusalPage(res, managing ? 'form.refused' : 'knownIssue.evidence.refused', errors);
  }

  /** Open known issues across all advisories, filterable by status, platform and software; 100 a page, latest change first. */
  @Public()
  @Get('known-issues')
  async all(
    @Query('status') status: unknown,
    @Query('platform') platform: unknown,
    @Query('software') software: unknown,
    @Query('after') after: unknown,
    @Res() res: Response,
  ) {
    const statuses = typeof status === 'string' && (OPEN_STATUSES as readonly string[]).includes(status) ? [status] : [...OPEN_STATUSES];
    const softwareText = typeof software === 'string' ? clip(software.normalize('NFKC').trim(), LIMITS.knownIssueSoftwareFilter) : '';
    const platformKey = typeof platform === 'string' ? clip(platform, LIMITS.platformKey) : '';
    const found = await this.issues.acrossBoard(
      { statuses, platform: platformKey, software: softwareText },
      typeof after === 'string' ? rowId(after) : null,
    );
    const shown = await this.issues.withAdvisories(found.ids);
    const behind = await this.issues.confirmationsBehind(found.ids);
    const chosen = { status: statuses.length === 1 ? statuses[0] : '', platform: platformKey, software: softwareText };
    res.render('known-issues/index', {
      titleKey: 'knownIssues.title',
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
    });
  }

  private formView(
    advisory: Advisory,
    req: Request,
    values: KnownIssueInput & { from?: string },
    errors: Record<string, string>,
    issue: KnownIssue | null,
  ) {
    const chosen = new Set(Array.isArray(values.platforms) ? values.platforms : values.platforms ? [values.platforms] : []);
    return {
      titleKey: issue ? 'knownIssue.edit.title' : 'knownIssue.new.title',
      csrfToken: csrfToken(req),
      advisory: { id: advisory.id, title: advisory.title, url: knownIssuesPath(advisory.id) },
      action: issue ? knownIssueEditPath(issue.id) : knownIssuesPath(advisory.id),
      isEdit: issue !== null,
      // A new issue's form carries a one-time key, so that sending it twice pins one issue.
      values: issue ? values : { ...values, idempotencyKey: keyForForm(values.idempotencyKey, errors) },
      platforms: advisory.platforms.getItems().map((p: AdvisoryPlatform) => ({ value: p.key, label: p.label, checked: chosen.has(p.key) })),
      statuses: KNOWN_ISSUE_STATUSES.map((s) => ({
        value: s,
        key: `knownIssue.status.${s}`,
        selected: s === (values.status || 'investigating'),
      })),
      errors,
      hasErrors: Object.keys(errors).length > 0,
    };
  }

  private async advisory(rawId: string, viewer: Viewer): Promise<Advisory> {
    const id = normalizeAdvisoryId(rawId);
    const advisory = id ? await this.issues.advisory(id) : null;
    if (!advisory || !this.policy.can(viewer, Action.ViewAdvisory, advisory)) throw new NotFoundException();
    return advisory;
  }

  private async load(id: number): Promise<KnownIssue> {
    const issue = await this.issues.issue(id);
    if (!issue) throw new NotFoundException();
    return issue;
  }
}
