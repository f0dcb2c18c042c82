import {
  ArgumentsHost,
  BadRequestException,
  Body,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  NotFoundException,
  Param,
  PayloadTooLargeException,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseFilters,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { basename } from 'node:path';
import { csrfToken } from '../auth/csrf';
import { UploadPost } from '../auth/upload-form';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { RefusedForm, ShowFormAgain, typedText } from '../common/forms/show-form-again';
import { NulByteException } from '../common/middleware/refuse-nul-bytes';
import { Locale, translate } from '../common/i18n/i18n';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { GUEST, Viewer } from '../policy/viewer';
import { ImportForm, UnpublishForm } from './dto/editor.forms';
import { AdvisoriesService } from './advisories.service';
import { AdvisoryEditorService, revisionOf } from './advisory-editor.service';
import { editorLinks, editorRow } from './advisory-editor.view-model';
import {
  AdvisoryFormState,
  documentFromState,
  fieldProblems,
  newFormState,
  parseForm,
  ParsedForm,
  stateFromDocument,
  withoutBlankRows,
} from './advisory-form';
import { errorMessages, errorSummary, fieldLabel, formSections } from './advisory-form.view';
import { normalizeAdvisoryId } from './advisory-format';
import { checkImport, ImportSource, problemSummaryLine } from './advisory-import';
import { Advisory, AdvisoryStatus } from './advisory.entity';
import { BulletinPageService } from './bulletin-page.service';
import { clip } from '../common/text/clip';
import { advisoryEditPath, advisoryPath, advisoryPreviewPath, advisoryUnpublishPath, editorPath, NEW_ADVISORY_PATH } from '../paths';

const PAGE_SIZE = 50;
/** The upload form's limits: one JSON file (or pasted text) of at most 1 MB. */
const UPLOAD_LIMIT = 1024 * 1024;
const PASTED = '(pasted JSON)';

interface UploadedJson {
  originalname: string;
  mimetype: string;
  buffer: Buffer;
}

interface Flash {
  key: string;
  lines?: string[];
}

/**
 * A one-time notice for the next page, kept in the session (a redirect follows every successful action).
 * Stored before the redirect: the browser follows it on the headers, which express-session sends before its own save.
 */
async function setFlash(req: Request, flash: Flash): Promise<void> {
  req.session.flash = JSON.stringify(flash);
  await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err as Error) : resolve())));
}

function takeFlash(req: Request, locale: Locale): { message: string; lines: string[] } | null {
  const raw = req.session?.flash;
  if (!raw) return null;
  delete req.session.flash;
  try {
    const f = JSON.parse(raw) as Flash;
    return { message: translate(locale, f.key), lines: f.lines ?? [] };
  } catch {
    return null;
  }
}

const localeOf = (res: Response): Locale => (res.locals.locale as Locale) ?? 'ja';

/** An upload refused by multer (too large, a second file, a broken body) or for a NUL comes back to the form, not to an error page. */
@Catch(PayloadTooLargeException, BadRequestException)
class UploadRefusedFilter implements ExceptionFilter {
  catch(exception: PayloadTooLargeException | BadRequestException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const tooLarge = exception instanceof PayloadTooLargeException;
    const nul = exception instanceof NulByteException;
    const status = tooLarge ? 413 : 400;
    if (!res.locals.canEditAdvisories)
      return void res.status(status).render('errors/error', {
        titleKey: `error.${status}.title`,
        messageKey: nul ? 'error.nul.message' : `error.${status}.message`,
        status,
      });
    // Pasted text comes back with each NUL shown as the replacement character, as a browser would show it.
    const body: unknown = req.body;
    const json = typeof body === 'object' && body !== null && 'json' in body ? body.json : undefined;
    const pasted = typeof json === 'string' ? json.replace(/\r\n?/g, '\n').replace(/\u0000/g, '\uFFFD') : '';
    res.status(status).render(
      'advisories/import',
      importView(req, {
        error: tooLarge ? 'editor.import.tooLarge' : nul ? 'error.nul.message' : 'editor.import.malformed',
        json: pasted,
      }),
    );
  }
}

function importView(req: Request, extra: { error?: string; lines?: string[]; json?: string; publish?: boolean } = {}) {
  return {
    titleKey: 'editor.import.title',
    csrfToken: csrfToken(req),
    json: extra.json ?? '',
    publish: extra.publish ?? false,
    error: extra.error ?? null,
    lines: extra.lines ?? [],
    summaryLine: extra.lines?.length ? problemSummaryLine(extra.lines.length) : null,
    hasErrors: !!(extra.error || extra.lines?.length),
    maxKb: UPLOAD_LIMIT / 1024,
  };
}

/** Editors' screens: the listing, the form (new and edit), preview, publish/unpublish and the JSON upload. */
@Controller()
export class AdvisoryEditorController {
  constructor(
    private readonly editor: AdvisoryEditorService,
    private readonly advisories: AdvisoriesService,
    private readonly bulletinPages: BulletinPageService,
    private readonly policy: PolicyService,
  ) {}

  @Get('editor')
  async listing(
    @Query('status') status: string | undefined,
    @Query('after') after: string | undefined,
    @CurrentViewer() viewer: Viewer,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    this.policy.ensure(viewer, Action.EditAdvisory);
    const filter = status === 'draft' ? AdvisoryStatus.Draft : status === 'published' ? AdvisoryStatus.Published : null;
    const m = typeof after === 'string' ? /^(\d{4}-\d{2}-\d{2})~([A-Z0-9-]{1,20})$/.exec(after) : null;
    const { items, next, lastActions } = await this.editor.list(viewer, filter, m ? { updatedOn: m[1], id: m[2] } : null, PAGE_SIZE);
    res.render('advisories/editor', {
      titleKey: 'editor.title',
      csrfToken: csrfToken(req),
      flash: takeFlash(req, localeOf(res)),
      advisories: items.map((a) => editorRow(a, lastActions.get(a.id), viewer, this.policy)),
      filters: [
        { key: 'editor.filter.all', url: editorPath(), current: filter === null },
        { key: 'editor.filter.draft', url: editorPath({ status: AdvisoryStatus.Draft }), current: filter === AdvisoryStatus.Draft },
        {
          key: 'editor.filter.published',
          url: editorPath({ status: AdvisoryStatus.Published }),
          current: filter === AdvisoryStatus.Published,
        },
      ],
      nextUrl: next ? editorPath({ status: filter, after: `${next.updatedOn}~${next.id}` }) : null,
    });
  }

  @Get('advisories/new')
  newForm(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response) {
    this.policy.ensure(viewer, Action.EditAdvisory);
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
    res.render('advisories/form', this.formView(req, res, newFormState(today), {}, null, null));
  }

  @Post('advisories/new')
  async create(@Body() body: Record<string, unknown>, @CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response) {
    this.policy.ensure(viewer, Action.EditAdvisory);
    const parsed = parseForm(body);
    if (this.rerendered(parsed, req, res, null)) return;
    const state = withoutBlankRows(parsed.state);
    try {
      const result = await this.editor.create(viewer, documentFromState(state));
      if (!result.ok) return this.invalid(req, res, state, errorMessages(fieldProblems(result.problems), localeOf(res)), null, null);
      await setFlash(req, { key: 'editor.flash.created' });
      res.redirect(303, parsed.command.kind === 'preview' ? advisoryPreviewPath(result.advisory.id) : advisoryEditPath(result.advisory.id));
    } catch (err) {
      if (!(err instanceof FormInvalidException)) throw err;
      this.invalid(req, res, state, this.translated(err, res), null, null);
    }
  }

  @Get('advisories/import')
  importForm(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response) {
    this.policy.ensure(viewer, Action.EditAdvisory);
    res.render('advisories/import', importView(req));
  }

  @UploadPost('/advisories/import', 'file', {
    limits: { fileSize: UPLOAD_LIMIT, files: 1, fields: 8, fieldSize: UPLOAD_LIMIT, parts: 10 },
    fileFilter: (req: Request, file: { originalname: string; mimetype: string }, accept: (error: Error | null, ok: boolean) => void) => {
      const isJson = /\.json$/i.test(file.originalname) || /^(application|text)\/json$/.test(file.mimetype);
      if (!isJson) (req as Request & { refusedUpload?: string }).refusedUpload = file.originalname;
      accept(null, isJson);
    },
  })
  @UseFilters(UploadRefusedFilter)
  @ShowFormAgain((c: AdvisoryEditorController, refused) => c.importRefused(refused))
  async importUpload(
    @UploadedFile() file: UploadedJson | undefined,
    @Body() form: ImportForm,
    @CurrentViewer() viewer: Viewer,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    this.policy.ensure(viewer, Action.EditAdvisory);
    const pasted = (form.json ?? '').replace(/\r\n?/g, '\n');
    const publish = form.publish !== undefined;
    const again = (status: number, extra: { error?: string; lines?: string[] }) =>
      res.status(status).render('advisories/import', importView(req, { ...extra, json: pasted, publish }));
    if ((req as Request & { refusedUpload?: string }).refusedUpload !== undefined) return again(422, { error: 'editor.import.notJson' });
    if (file && pasted.trim()) return again(422, { error: 'editor.import.both' });
    if (!file && !pasted.trim()) return again(422, { error: 'editor.import.nothing' });
    const source: ImportSource = file
      ? { name: displayName(file.originalname), text: file.buffer.toString('utf8') }
      : { name: PASTED, text: pasted };
    const { docs, lines } = checkImport([source]);
    if (lines.length) return again(422, { lines });
    const outcomes = await this.editor.importDocuments(viewer, docs, publish);
    const locale = localeOf(res);
    await setFlash(req, {
      key: 'editor.flash.imported',
      lines: outcomes.flatMap((o) => [
        `${o.id}: ${translate(locale, o.created ? 'editor.import.created' : 'editor.import.updated')} · ${translate(locale, o.published ? 'editor.status.published' : 'editor.status.draft')}`,
        // Imported all the same: the address stays in the note as text, without a link.
        ...fieldProblems(o.warnings).map((p) =>
          translate(locale, 'editor.import.citationWarning', {
            id: o.id,
            field: fieldLabel(p.field, locale),
            message: translate(locale, p.key, p.params),
          }),
        ),
      ]),
    });
    res.redirect(303, editorPath());
  }

  @Get('advisories/:id/edit')
  async editForm(@Param('id') rawId: string, @CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response) {
    this.policy.ensure(viewer, Action.EditAdvisory);
    const advisory = await this.load(rawId, viewer);
    res.render(
      'advisories/form',
      this.formView(req, res, stateFromDocument(this.advisories.toDocument(advisory)), {}, advisory, revisionOf(advisory)),
    );
  }

  @Post('advisories/:id/edit')
  async update(
    @Param('id') rawId: string,
    @Body() body: Record<string, unknown>,
    @CurrentViewer() viewer: Viewer,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    this.policy.ensure(viewer, Action.EditAdvisory);
    const advisory = await this.load(rawId, viewer);
    const parsed = parseForm(body);
    // The id names the bulletin in every mailed address: it is fixed once the advisory exists.
    const typedId = parsed.state.id.trim().toUpperCase();
    parsed.state.id = advisory.id;
    if (this.rerendered(parsed, req, res, advisory)) return;
    const state = withoutBlankRows(parsed.state);
    if (parsed.hasId && typedId !== advisory.id)
      return this.invalid(req, res, state, { form: translate(localeOf(res), 'editor.problem.idFixed') }, advisory, parsed.revision);
    try {
      const result = await this.editor.update(viewer, advisory.id, documentFromState(state), parsed.revision);
      if (!result.ok)
        return this.invalid(req, res, state, errorMessages(fieldProblems(result.problems), localeOf(res)), advisory, parsed.revision);
      await setFlash(req, { key: result.advisory.isPublished ? 'editor.flash.savedPublished' : 'editor.flash.saved' });
      res.redirect(303, parsed.command.kind === 'preview' ? advisoryPreviewPath(advisory.id) : advisoryEditPath(advisory.id));
    } catch (err) {
      if (!(err instanceof FormInvalidException)) throw err;
      this.invalid(req, res, state, this.translated(err, res), advisory, parsed.revision);
    }
  }

  /** The bulletin page as guests will see it once published, from the saved draft. */
  @Get('advisories/:id/preview')
  async preview(@Param('id') rawId: string, @CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response) {
    this.policy.ensure(viewer, Action.EditAdvisory);
    const advisory = await this.load(rawId, viewer);
    res.render('advisories/show', {
      ...(await this.bulletinPages.build(advisory, viewer)),
      preview: { isDraft: !advisory.isPublished, flash: takeFlash(req, localeOf(res)) },
      editorLinks: editorLinks(advisory, viewer, this.policy),
    });
  }

  @Post('advisories/:id/publish')
  async publish(@Param('id') rawId: string, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    this.policy.ensure(viewer, Action.EditAdvisory);
    const advisory = await this.load(rawId, viewer);
    await this.editor.publish(viewer, advisory.id);
    // The bulletin page itself confirms it: no draft notice, the thread open, "unpublish" in the toolbar.
    res.redirect(303, advisoryPath(advisory.id));
  }

  @Get('advisories/:id/unpublish')
  async unpublishForm(@Param('id') rawId: string, @CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response) {
    this.policy.ensure(viewer, Action.EditAdvisory);
    const advisory = await this.load(rawId, viewer);
    if (!advisory.isPublished) return res.redirect(303, advisoryPreviewPath(advisory.id));
    res.render('advisories/unpublish', this.unpublishView(req, advisory, '', null));
  }

  @Post('advisories/:id/unpublish')
  @ShowFormAgain((c: AdvisoryEditorController, refused) => c.unpublishRefused(refused))
  async unpublish(
    @Param('id') rawId: string,
    @Body() form: UnpublishForm,
    @CurrentViewer() viewer: Viewer,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    this.policy.ensure(viewer, Action.EditAdvisory);
    const advisory = await this.load(rawId, viewer);
    await this.editor.unpublish(viewer, advisory.id, form.reason);
    await setFlash(req, { key: 'editor.flash.unpublished' });
    res.redirect(303, editorPath());
  }

  async unpublishRefused({ req, res, errors }: RefusedForm): Promise<void> {
    const viewer = req.viewer ?? GUEST;
    this.policy.ensure(viewer, Action.EditAdvisory);
    const advisory = await this.load(String(req.params.id), viewer);
    const view = this.unpublishView(req, advisory, typedText(req, 'reason'), null);
    res.status(422).render('advisories/unpublish', { ...view, errors, hasErrors: true });
  }

  /** The upload's text fields refused: the form again with the pasted text and why. */
  importRefused({ req, res, errors }: RefusedForm): void {
    this.policy.ensure(req.viewer ?? GUEST, Action.EditAdvisory);
    const json = typedText(req, 'json').replace(/\r\n?/g, '\n');
    res.status(422).render('advisories/import', importView(req, { error: Object.values(errors)[0] ?? 'editor.import.malformed', json }));
  }

  /** "Add a row", "refresh" and a form with stray fields come back at once, without saving. */
  private rerendered(parsed: ParsedForm, req: Request, res: Response, advisory: Advisory | null): boolean {
    if (parsed.unknown.length) {
      this.invalid(req, res, parsed.state, { form: translate(localeOf(res), 'form.unknownField') }, advisory, parsed.revision);
      return true;
    }
    if (parsed.command.kind === 'add' || parsed.command.kind === 'addFile' || parsed.command.kind === 'refresh') {
      res.status(200).render('advisories/form', this.formView(req, res, parsed.state, {}, advisory, parsed.revision));
      return true;
    }
    return false;
  }

  private invalid(
    req: Request,
    res: Response,
    state: AdvisoryFormState,
    errors: Record<string, string>,
    advisory: Advisory | null,
    revision: string | null,
  ): void {
    res.status(422).render('advisories/form', this.formView(req, res, state, errors, advisory, revision));
  }

  private translated(err: FormInvalidException, res: Response): Record<string, string> {
    return Object.fromEntries(Object.entries(err.errors).map(([field, key]) => [field, translate(localeOf(res), key)]));
  }

  private async load(rawId: string, viewer: Viewer): Promise<Advisory> {
    const id = normalizeAdvisoryId(rawId);
    const advisory = id ? await this.advisories.findById(id) : null;
    if (!advisory) throw new NotFoundException();
    this.policy.ensure(viewer, Action.EditAdvisory, advisory);
    return advisory;
  }

  private formView(
    req: Request,
    res: Response,
    state: AdvisoryFormState,
    errors: Record<string, string>,
    advisory: Advisory | null,
    revision: string | null,
  ) {
    const locale = localeOf(res);
    const summary = errorSummary(errors, locale);
    return {
      title: advisory ? translate(locale, 'editor.edit.title', { id: advisory.id }) : translate(locale, 'editor.new.title'),
      csrfToken: csrfToken(req),
      flash: takeFlash(req, locale),
      isEdit: advisory !== null,
      advisory: advisory
        ? {
            id: advisory.id,
            isPublished: advisory.isPublished,
            url: advisoryPath(advisory.id),
            previewUrl: advisoryPreviewPath(advisory.id),
          }
        : null,
      action: advisory ? advisoryEditPath(advisory.id) : NEW_ADVISORY_PATH,
      revision,
      sections: formSections(state, errors, locale, advisory !== null),
      hasErrors: Object.keys(errors).length > 0,
      formError: errors.form ?? null,
      errorSummary: summary,
    };
  }

  private unpublishView(req: Request, advisory: Advisory, reason: string, error: string | null) {
    return {
      titleKey: 'editor.unpublish.title',
      csrfToken: csrfToken(req),
      advisory: {
        id: advisory.id,
        title: advisory.title,
        url: advisoryPath(advisory.id),
        action: advisoryUnpublishPath(advisory.id),
      },
      values: { reason },
      errors: error ? { reason: error } : {},
      hasErrors: error !== null,
    };
  }
}

/** The uploaded file's own name, as the messages call it: no path, no control characters, not too long. */
function displayName(name: string): string {
  const clean = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '');
  return clip(clean, 100) || 'upload.json';
}
