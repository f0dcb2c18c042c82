import { Body, Controller, Get, Param, Post as HttpPost, Query, Redirect, Render } from '@nestjs/common';
import type { Request } from 'express';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { Public } from '../common/decorators/public.decorator';
import { sentFields, ShowFormAgain, typedText } from '../common/forms/show-form-again';
import { GUEST, Viewer } from '../policy/viewer';
import { EvidenceForm, KnownIssueForm, MoveForm, RemoveEvidenceForm } from './dto/known-issue.forms';
import { KnownIssuesService } from './known-issues.service';
import { KnownIssueFormValues, KnownIssuesPageService } from './known-issues-page.service';
import { RowIdParam } from '../common/decorators/row-id-param.decorator';
import { pathRowId, rowId } from '../common/http/row-id';
import { knownIssuePath } from '../paths';

const TEXT_FIELDS = ['title', 'symptom', 'software', 'workaround', 'resolution', 'references', 'status', 'note', 'idempotencyKey'];

/** The form's fields as typed, to show it again. */
function formValues(req: Request): KnownIssueFormValues {
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
    private readonly pages: KnownIssuesPageService,
    private readonly issues: KnownIssuesService,
  ) {}

  @Public()
  @Get('advisories/:id/known-issues')
  @Render('known-issues/advisory')
  forAdvisory(@Param('id') rawId: string, @CurrentViewer() viewer: Viewer) {
    return this.pages.forAdvisory(rawId, viewer);
  }

  @Get('advisories/:id/known-issues/new')
  @Render('known-issues/form')
  newForm(@Param('id') rawId: string, @Query('from') from: string | undefined, @CurrentViewer() viewer: Viewer) {
    return this.pages.newForm(rawId, from, viewer);
  }

  @HttpPost('advisories/:id/known-issues')
  @Redirect('', 303)
  @ShowFormAgain((c: KnownIssuesController, { req, errors }) =>
    c.pages.createRefused(String(req.params.id), req.viewer ?? GUEST, formValues(req), errors),
  )
  async create(@Param('id') rawId: string, @Body() form: KnownIssueForm, @CurrentViewer() viewer: Viewer) {
    const advisory = await this.pages.creatable(rawId, viewer);
    return { url: knownIssuePath(advisory.id, (await this.issues.create(viewer, advisory.id, form, rowId(form.from))).id) };
  }

  @Get('known-issues/:kid/edit')
  @Render('known-issues/form')
  editForm(@RowIdParam('kid') kid: number, @CurrentViewer() viewer: Viewer) {
    return this.pages.editForm(kid, viewer);
  }

  @HttpPost('known-issues/:kid/edit')
  @Redirect('', 303)
  @ShowFormAgain((c: KnownIssuesController, { req, errors }) =>
    c.pages.editRefused(pathRowId(req.params.kid), req.viewer ?? GUEST, formValues(req), errors),
  )
  async edit(@RowIdParam('kid') kid: number, @Body() form: KnownIssueForm, @CurrentViewer() viewer: Viewer) {
    const issue = await this.pages.editable(kid, viewer);
    await this.issues.update(viewer, kid, form);
    return { url: knownIssuePath(issue.advisory.id, kid) };
  }

  @HttpPost('known-issues/:kid/move')
  @Redirect('', 303)
  @ShowFormAgain((c: KnownIssuesController, { req, errors }) =>
    c.pages.evidenceRefused(pathRowId(req.params.kid), req.viewer ?? GUEST, errors, true),
  )
  async move(@RowIdParam('kid') kid: number, @Body() form: MoveForm, @CurrentViewer() viewer: Viewer) {
    return { url: knownIssuePath((await this.issues.move(viewer, kid, form.direction)).advisory.id, kid) };
  }

  /** "This happened to me too": link one's own field report (moderators: any report of the advisory). */
  @HttpPost('known-issues/:kid/evidence')
  @Redirect('', 303)
  @ShowFormAgain((c: KnownIssuesController, { req, errors }) =>
    c.pages.evidenceRefused(pathRowId(req.params.kid), req.viewer ?? GUEST, errors),
  )
  async addEvidence(@RowIdParam('kid') kid: number, @Body() form: EvidenceForm, @CurrentViewer() viewer: Viewer) {
    const issue = await this.pages.issue(kid);
    await this.issues.addEvidence(viewer, kid, rowId(form.post)!);
    return { url: knownIssuePath(issue.advisory.id, kid) };
  }

  @HttpPost('known-issues/:kid/evidence/:postId/remove')
  @Redirect('', 303)
  @ShowFormAgain((c: KnownIssuesController, { req, errors }) =>
    c.pages.evidenceRefused(pathRowId(req.params.kid), req.viewer ?? GUEST, errors),
  )
  async removeEvidence(
    @RowIdParam('kid') kid: number,
    @RowIdParam('postId') postId: number,
    @Body() form: RemoveEvidenceForm,
    @CurrentViewer() viewer: Viewer,
  ) {
    const issue = await this.pages.issue(kid);
    await this.issues.removeEvidence(viewer, kid, postId, form.reason);
    return { url: knownIssuePath(issue.advisory.id, kid) };
  }

  @Public()
  @Get('known-issues')
  @Render('known-issues/index')
  all(
    @Query('status') status: unknown,
    @Query('platform') platform: unknown,
    @Query('software') software: unknown,
    @Query('after') after: unknown,
    @Query('mine') mine: unknown,
    @CurrentViewer() viewer: Viewer,
  ) {
    return this.pages.all(status, platform, software, after, mine, viewer);
  }
}
