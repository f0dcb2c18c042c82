import {
  Body,
  Controller,
  createParamDecorator,
  ExecutionContext,
  Get,
  Param,
  Post,
  Query,
  Redirect,
  Render,
  Res,
  UploadedFile,
  UseFilters,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { UploadPost } from '../auth/upload-form';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { ShowFormAgain, typedText } from '../common/forms/show-form-again';
import { Locale } from '../common/i18n/i18n';
import { GUEST, Viewer } from '../policy/viewer';
import { AdvisoryFormPipe, ImportForm, UnpublishForm } from './dto/editor.forms';
import type { ParsedForm } from './advisory-form';
import { AdvisoryEditorService } from './advisory-editor.service';
import { AdvisoryEditorPageService, FormAnswer, UploadedJson } from './advisory-editor-page.service';
import { UPLOAD_LIMIT } from './advisory-editor.view-model';
import { UploadRefusedFilter } from './upload-refused.filter';
import { EditorFlash, SessionFlash } from './editor-request';
import { PageLocale } from '../common/decorators/page-locale.decorator';
import { advisoryPath, editorPath } from '../paths';

type UploadRequest = Request & { refusedUpload?: string };

/** Whether multer's file filter turned the uploaded file away for not being JSON. */
const NotJson = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<UploadRequest>().refusedUpload !== undefined,
);

/** Editors' screens: the listing, the form (new and edit), preview, publish/unpublish and the JSON upload. */
@Controller()
export class AdvisoryEditorController {
  constructor(
    private readonly pages: AdvisoryEditorPageService,
    private readonly editor: AdvisoryEditorService,
  ) {}

  @Get('editor')
  @Render('advisories/editor')
  listing(
    @Query('status') status: string | undefined,
    @Query('after') after: string | undefined,
    @CurrentViewer() viewer: Viewer,
    @EditorFlash() flash: SessionFlash,
    @PageLocale() locale: Locale,
  ) {
    return this.pages.listing(status, after, viewer, flash, locale);
  }

  @Get('advisories/new')
  @Render('advisories/form')
  newForm(@CurrentViewer() viewer: Viewer, @EditorFlash() flash: SessionFlash, @PageLocale() locale: Locale) {
    return this.pages.newForm(viewer, flash, locale);
  }

  @Post('advisories/new')
  async create(
    @Body(AdvisoryFormPipe) form: ParsedForm,
    @CurrentViewer() viewer: Viewer,
    @EditorFlash() flash: SessionFlash,
    @PageLocale() locale: Locale,
    @Res() res: Response,
  ) {
    await answer(res, flash, await this.pages.createSent(form, viewer, flash, locale));
  }

  @Get('advisories/import')
  @Render('advisories/import')
  importForm(@CurrentViewer() viewer: Viewer) {
    return this.pages.importForm(viewer);
  }

  @UploadPost('/advisories/import', 'file', {
    limits: { fileSize: UPLOAD_LIMIT, files: 1, fields: 8, fieldSize: UPLOAD_LIMIT, parts: 10 },
    fileFilter: (req: Request, file: { originalname: string; mimetype: string }, accept: (error: Error | null, ok: boolean) => void) => {
      const isJson = /\.json$/i.test(file.originalname) || /^(application|text)\/json$/.test(file.mimetype);
      if (!isJson) (req as UploadRequest).refusedUpload = file.originalname;
      accept(null, isJson);
    },
  })
  @UseFilters(UploadRefusedFilter)
  @Redirect('', 303)
  @ShowFormAgain((c: AdvisoryEditorController, { req, errors }) =>
    c.pages.importRefused(req.viewer ?? GUEST, typedText(req, 'json'), errors),
  )
  async importUpload(
    @UploadedFile() file: UploadedJson | undefined,
    @Body() form: ImportForm,
    @NotJson() notJson: boolean,
    @CurrentViewer() viewer: Viewer,
    @EditorFlash() flash: SessionFlash,
    @PageLocale() locale: Locale,
  ) {
    const publish = form.publish !== undefined;
    const docs = this.pages.importable(viewer, file, form.json, publish, notJson, locale);
    await flash.set(this.pages.imported(await this.editor.importDocuments(viewer, docs, publish), locale));
    return { url: editorPath() };
  }

  @Get('advisories/:id/edit')
  @Render('advisories/form')
  editForm(@Param('id') rawId: string, @CurrentViewer() viewer: Viewer, @EditorFlash() flash: SessionFlash, @PageLocale() locale: Locale) {
    return this.pages.editForm(rawId, viewer, flash, locale);
  }

  @Post('advisories/:id/edit')
  async update(
    @Param('id') rawId: string,
    @Body(AdvisoryFormPipe) form: ParsedForm,
    @CurrentViewer() viewer: Viewer,
    @EditorFlash() flash: SessionFlash,
    @PageLocale() locale: Locale,
    @Res() res: Response,
  ) {
    await answer(res, flash, await this.pages.updateSent(rawId, form, viewer, flash, locale));
  }

  @Get('advisories/:id/preview')
  @Render('advisories/show')
  preview(@Param('id') rawId: string, @CurrentViewer() viewer: Viewer, @EditorFlash() flash: SessionFlash, @PageLocale() locale: Locale) {
    return this.pages.preview(rawId, viewer, flash, locale);
  }

  @Post('advisories/:id/publish')
  @Redirect('', 303)
  async publish(@Param('id') rawId: string, @CurrentViewer() viewer: Viewer) {
    const { id } = await this.pages.editable(rawId, viewer);
    await this.editor.publish(viewer, id);
    // The bulletin page itself confirms it: no draft notice, the thread open, "unpublish" in the toolbar.
    return { url: advisoryPath(id) };
  }

  @Get('advisories/:id/unpublish')
  async unpublishForm(@Param('id') rawId: string, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    const form = await this.pages.unpublishForm(rawId, viewer);
    return 'redirect' in form ? res.redirect(303, form.redirect) : res.render('advisories/unpublish', form.page);
  }

  @Post('advisories/:id/unpublish')
  @Redirect('', 303)
  @ShowFormAgain((c: AdvisoryEditorController, { req, errors }) =>
    c.pages.unpublishRefused(String(req.params.id), req.viewer ?? GUEST, typedText(req, 'reason'), errors),
  )
  async unpublish(
    @Param('id') rawId: string,
    @Body() form: UnpublishForm,
    @CurrentViewer() viewer: Viewer,
    @EditorFlash() flash: SessionFlash,
  ) {
    await this.editor.unpublish(viewer, (await this.pages.editable(rawId, viewer)).id, form.reason);
    await flash.set({ key: 'editor.flash.unpublished' });
    return { url: editorPath() };
  }
}

/** The form again at once (200, not the 201 Nest gives a POST), or, once saved, the notice stored and on to the next page. */
async function answer(res: Response, flash: SessionFlash, sent: FormAnswer): Promise<void> {
  if ('again' in sent) return void res.status(200).render('advisories/form', sent.again);
  await flash.set(sent.flash);
  res.redirect(303, sent.url);
}
