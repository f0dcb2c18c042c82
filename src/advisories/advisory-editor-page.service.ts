import { Injectable, NotFoundException } from '@nestjs/common';
import { basename } from 'node:path';
import { FieldErrors, FormInvalidException } from '../common/forms/form-invalid.exception';
import { FormPage, FormPageException } from '../common/forms/show-form-again';
import { boardDay, Locale, translate } from '../common/i18n/i18n';
import { clip } from '../common/text/clip';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { AdvisoriesService, ImportOutcome } from './advisories.service';
import { AdvisoryEditorService, revisionOf, SaveResult } from './advisory-editor.service';
import { editorLinks, editorRow, importPage } from './advisory-editor.view-model';
import {
  AdvisoryFormState,
  documentFromState,
  fieldProblems,
  newFormState,
  ParsedForm,
  stateFromDocument,
  withoutBlankRows,
} from './advisory-form';
import { errorMessages, errorSummary, fieldLabel, formSections } from './advisory-form.view';
import { AdvisoryDocument, normalizeAdvisoryId } from './advisory-format';
import { checkImport, ImportSource, problemLine } from './advisory-import';
import { Advisory, AdvisoryStatus } from './advisory.entity';
import { BulletinPageService } from './bulletin-page.service';
import { Flash, SessionFlash } from './editor-request';
import { advisoryEditPath, advisoryPath, advisoryPreviewPath, advisoryUnpublishPath, editorPath, NEW_ADVISORY_PATH } from '../paths';

const PAGE_SIZE = 50;

export interface UploadedJson {
  originalname: string;
  mimetype: string;
  buffer: Buffer;
}

/** What the advisory form answers when sent: the form again at once (200), or, saved, where to go and the notice to show there. */
export type FormAnswer = { again: object } | { url: string; flash: Flash };

/**
 * The editors' pages: the listing, the advisory form (new and edit) and its round trips, the preview, the unpublish
 * form and the JSON upload. Every one is for editors only (403), of an advisory that exists (404).
 */
@Injectable()
export class AdvisoryEditorPageService {
  constructor(
    private readonly editor: AdvisoryEditorService,
    private readonly advisories: AdvisoriesService,
    private readonly bulletinPages: BulletinPageService,
    private readonly policy: PolicyService,
  ) {}

  async listing(rawStatus: string | undefined, after: string | undefined, viewer: Viewer, flash: SessionFlash, locale: Locale) {
    this.policy.ensure(viewer, Action.EditAdvisory);
    const filter = rawStatus === 'draft' ? AdvisoryStatus.Draft : rawStatus === 'published' ? AdvisoryStatus.Published : null;
    const m = typeof after === 'string' ? /^(\d{4}-\d{2}-\d{2})~([A-Z0-9-]{1,20})$/.exec(after) : null;
    const { items, next, lastActions } = await this.editor.list(viewer, filter, m ? { updatedOn: m[1], id: m[2] } : null, PAGE_SIZE);
    return {
      titleKey: 'editor.title',
      flash: flash.take(locale),
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
    };
  }

  newForm(viewer: Viewer, flash: SessionFlash, locale: Locale) {
    this.policy.ensure(viewer, Action.EditAdvisory);
    const today = boardDay(new Date());
    return this.form(newFormState(today), {}, null, null, flash, locale);
  }

  /** The new form sent: again at once (a row added, refreshed), refused (422), or saved as a draft. */
  async createSent(parsed: ParsedForm, viewer: Viewer, flash: SessionFlash, locale: Locale): Promise<FormAnswer> {
    this.policy.ensure(viewer, Action.EditAdvisory);
    const again = this.again(parsed, null, flash, locale);
    if (again) return again;
    const state = withoutBlankRows(parsed.state);
    const result = await this.saved(() => this.editor.create(viewer, documentFromState(state)), state, null, null, flash, locale);
    return {
      url: parsed.command.kind === 'preview' ? advisoryPreviewPath(result.id) : advisoryEditPath(result.id),
      flash: { key: 'editor.flash.created' },
    };
  }

  async editForm(rawId: string, viewer: Viewer, flash: SessionFlash, locale: Locale) {
    const advisory = await this.editable(rawId, viewer);
    return this.form(stateFromDocument(this.advisories.toDocument(advisory)), {}, advisory, revisionOf(advisory), flash, locale);
  }

  /** The edit form sent: again at once (a row added, refreshed), refused (422), or saved over the advisory. */
  async updateSent(rawId: string, parsed: ParsedForm, viewer: Viewer, flash: SessionFlash, locale: Locale): Promise<FormAnswer> {
    const advisory = await this.editable(rawId, viewer);
    // The id names the bulletin in every mailed address: it is fixed once the advisory exists.
    const typedId = parsed.state.id.trim().toUpperCase();
    parsed.state.id = advisory.id;
    const again = this.again(parsed, advisory, flash, locale);
    if (again) return again;
    const state = withoutBlankRows(parsed.state);
    if (parsed.hasId && typedId !== advisory.id)
      throw this.refused(state, { form: translate(locale, 'editor.problem.idFixed') }, advisory, parsed.revision, flash, locale);
    const result = await this.saved(
      () => this.editor.update(viewer, advisory.id, documentFromState(state), parsed.revision),
      state,
      advisory,
      parsed.revision,
      flash,
      locale,
    );
    return {
      url: parsed.command.kind === 'preview' ? advisoryPreviewPath(advisory.id) : advisoryEditPath(advisory.id),
      flash: { key: result.isPublished ? 'editor.flash.savedPublished' : 'editor.flash.saved' },
    };
  }

  /** The bulletin page as guests will see it once published, from the saved draft. */
  async preview(rawId: string, viewer: Viewer, flash: SessionFlash, locale: Locale) {
    const advisory = await this.editable(rawId, viewer);
    return {
      ...(await this.bulletinPages.build(advisory, viewer)),
      preview: { isDraft: !advisory.isPublished, flash: flash.take(locale) },
      editorLinks: editorLinks(advisory, viewer, this.policy),
    };
  }

  /** The unpublish form; a draft has nothing to unpublish, and its preview is where to go instead. */
  async unpublishForm(rawId: string, viewer: Viewer): Promise<{ redirect: string } | { page: object }> {
    const advisory = await this.editable(rawId, viewer);
    if (!advisory.isPublished) return { redirect: advisoryPreviewPath(advisory.id) };
    return { page: this.unpublishing(advisory, '') };
  }

  /** The unpublish form again with the reason as typed and why. */
  async unpublishRefused(rawId: string, viewer: Viewer, reason: string, errors: FieldErrors): Promise<FormPage> {
    const advisory = await this.editable(rawId, viewer);
    return { view: 'advisories/unpublish', model: { ...this.unpublishing(advisory, reason), errors, hasErrors: true } };
  }

  importForm(viewer: Viewer) {
    this.policy.ensure(viewer, Action.EditAdvisory);
    return importPage();
  }

  /** The upload's text fields refused: the form again with the pasted text and why. */
  importRefused(viewer: Viewer, json: string, errors: FieldErrors): FormPage {
    this.policy.ensure(viewer, Action.EditAdvisory);
    return {
      view: 'advisories/import',
      model: importPage({ error: Object.values(errors)[0] ?? 'editor.import.malformed', json: json.replace(/\r\n?/g, '\n') }),
    };
  }

  /** The documents of an upload (a file or pasted text, not both), or the form again with why (422); nothing is written. */
  importable(
    viewer: Viewer,
    file: UploadedJson | undefined,
    json: string | undefined,
    publish: boolean,
    notJson: boolean,
    locale: Locale,
  ): AdvisoryDocument[] {
    this.policy.ensure(viewer, Action.EditAdvisory);
    const pasted = (json ?? '').replace(/\r\n?/g, '\n');
    const again = (extra: { error?: string; lines?: string[] }) =>
      new FormPageException({ view: 'advisories/import', model: importPage({ ...extra, json: pasted, publish }) });
    if (notJson) throw again({ error: 'editor.import.notJson' });
    if (file && pasted.trim()) throw again({ error: 'editor.import.both' });
    if (!file && !pasted.trim()) throw again({ error: 'editor.import.nothing' });
    const source: ImportSource = file
      ? { name: displayName(file.originalname), text: file.buffer.toString('utf8') }
      : { name: translate(locale, 'editor.import.pastedName'), text: pasted };
    const { docs, problems } = checkImport([source]);
    if (problems.length) throw again({ lines: problems.map((p) => problemLine(p, (f) => translate(locale, f.key, f.params))) });
    return docs;
  }

  /** The listing's notice after an import: each advisory written, and the citations kept as text. */
  imported(outcomes: ImportOutcome[], locale: Locale): Flash {
    return {
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
    };
  }

  /** An advisory the viewer may edit: 403 for anyone who is no editor, then 404 when it does not exist. */
  async editable(rawId: string, viewer: Viewer): Promise<Advisory> {
    this.policy.ensure(viewer, Action.EditAdvisory);
    const id = normalizeAdvisoryId(rawId);
    const advisory = id ? await this.advisories.findById(id) : null;
    if (!advisory) throw new NotFoundException();
    this.policy.ensure(viewer, Action.EditAdvisory, advisory);
    return advisory;
  }

  /** "Add a row", "refresh" and a form with stray fields come back at once, without saving. */
  private again(parsed: ParsedForm, advisory: Advisory | null, flash: SessionFlash, locale: Locale): FormAnswer | null {
    if (parsed.unknown.length)
      throw this.refused(parsed.state, { form: translate(locale, 'form.unknownField') }, advisory, parsed.revision, flash, locale);
    if (parsed.command.kind === 'add' || parsed.command.kind === 'addFile' || parsed.command.kind === 'refresh')
      return { again: this.form(parsed.state, {}, advisory, parsed.revision, flash, locale) };
    return null;
  }

  /** The advisory the save wrote, or the form again with the problems found (422). */
  private async saved(
    save: () => Promise<SaveResult>,
    state: AdvisoryFormState,
    advisory: Advisory | null,
    revision: string | null,
    flash: SessionFlash,
    locale: Locale,
  ): Promise<Advisory> {
    let result: SaveResult;
    try {
      result = await save();
    } catch (err) {
      if (!(err instanceof FormInvalidException)) throw err;
      const errors = Object.fromEntries(Object.entries(err.errors).map(([field, key]) => [field, translate(locale, key)]));
      throw this.refused(state, errors, advisory, revision, flash, locale);
    }
    if (!result.ok) throw this.refused(state, errorMessages(fieldProblems(result.problems), locale), advisory, revision, flash, locale);
    return result.advisory;
  }

  private refused(
    state: AdvisoryFormState,
    errors: Record<string, string>,
    advisory: Advisory | null,
    revision: string | null,
    flash: SessionFlash,
    locale: Locale,
  ): FormPageException {
    return new FormPageException({ view: 'advisories/form', model: this.form(state, errors, advisory, revision, flash, locale) });
  }

  private form(
    state: AdvisoryFormState,
    errors: Record<string, string>,
    advisory: Advisory | null,
    revision: string | null,
    flash: SessionFlash,
    locale: Locale,
  ) {
    return {
      title: advisory ? translate(locale, 'editor.edit.title', { id: advisory.id }) : translate(locale, 'editor.new.title'),
      flash: flash.take(locale),
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
      errorSummary: errorSummary(errors, locale),
    };
  }

  private unpublishing(advisory: Advisory, reason: string) {
    return {
      titleKey: 'editor.unpublish.title',
      advisory: {
        id: advisory.id,
        title: advisory.title,
        url: advisoryPath(advisory.id),
        action: advisoryUnpublishPath(advisory.id),
      },
      values: { reason },
      errors: {},
      hasErrors: false,
    };
  }
}

/** The uploaded file's own name, as the messages call it: no path, no control characters, not too long. */
function displayName(name: string): string {
  const clean = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '');
  return clip(clean, 100) || 'upload.json';
}
