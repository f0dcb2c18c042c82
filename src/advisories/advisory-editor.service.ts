import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { Injectable, NotFoundException } from '@nestjs/common';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { AuditEntry } from '../moderation/audit-entry.entity';
import { AuditAction } from '../moderation/audit-actions';
import { AuditService } from '../moderation/audit.service';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { AdvisoriesService, ImportOutcome } from './advisories.service';
import { AdvisoryDocument, FormatProblem, TOP_LEVEL_KEYS, validateAdvisory } from './advisory-format';
import { Advisory, AdvisoryStatus } from './advisory.entity';
import { AdvisoriesRepository } from './advisories.repository';
import { WriteTransactions } from '../database/write-transactions';

export type SaveResult = { ok: true; advisory: Advisory } | { ok: false; problems: FormatProblem[] };

export interface EditorListing {
  items: Advisory[];
  next: { updatedOn: string; id: string } | null;
  lastActions: Map<string, AuditEntry>;
}

/** A version marker of the stored row, so that a form saved over someone else's newer save is refused. */
export const revisionOf = (a: Advisory) => String(a.modifiedAt.getTime());

/** Thrown inside the save's transaction so that nothing of a form citing what does not exist is written. */
class CitationsRefused extends Error {
  constructor(readonly problems: FormatProblem[]) {
    super('the editor notes cite posts or known issues that do not exist');
  }
}

/** The advisory actions recorded in the audit log; the listing shows the latest of them per advisory. */
const EDITOR_ACTIONS = [
  AuditAction.AdvisoryCreate,
  AuditAction.AdvisoryEdit,
  AuditAction.AdvisoryImport,
  AuditAction.AdvisoryPublish,
  AuditAction.AdvisoryUnpublish,
] as const;

/** Editors' writes to advisories: every one checked by the policy and written with its audit entry. */
@Injectable()
export class AdvisoryEditorService {
  constructor(
    private readonly em: EntityManager,
    private readonly transactions: WriteTransactions,
    private readonly advisories: AdvisoriesService,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly repository: AdvisoriesRepository,
  ) {}

  /**
   * Creates a draft from the form's document. The id must be new: an existing one is never
   * overwritten from the "new" form (the import is the way to replace a bulletin wholesale).
   */
  async create(viewer: Viewer, input: unknown): Promise<SaveResult> {
    this.policy.ensure(viewer, Action.EditAdvisory);
    const { doc, problems } = validateAdvisory(input);
    if (!doc) return { ok: false, problems };
    try {
      const advisory = await this.transactions.run(async (em) => {
        if (await this.repository.exists(em, doc.id)) throw new FormInvalidException({ id: 'editor.problem.idTaken' });
        const { advisory, outcome } = await this.advisories.write(em, doc, false);
        if (outcome.warnings.length) throw new CitationsRefused(outcome.warnings);
        this.audit.record(em, viewer, {
          action: AuditAction.AdvisoryCreate,
          targetType: 'advisory',
          targetId: doc.id,
          detail: { advisory: doc.id },
        });
        return advisory;
      });
      return { ok: true, advisory };
    } catch (err) {
      if (err instanceof CitationsRefused) return { ok: false, problems: err.problems };
      // Two editors creating the same id at once: the second is told, as if it had been there first.
      if (err instanceof UniqueConstraintViolationException) throw new FormInvalidException({ id: 'editor.problem.idTaken' });
      throw err;
    }
  }

  /**
   * Saves the form over an existing advisory, in place: its state stays, platform rows keep their ids.
   * Unlike an import, the form refuses a note citing a post or known issue that does not exist.
   */
  async update(viewer: Viewer, id: string, input: unknown, revision: string | null): Promise<SaveResult> {
    const { doc, problems } = validateAdvisory(input);
    return this.transactions
      .run(async (em): Promise<SaveResult> => {
        const current = await this.repository.withPlatforms(em, id);
        if (!current) throw new NotFoundException();
        this.policy.ensure(viewer, Action.EditAdvisory, current);
        if (!doc) return { ok: false, problems };
        if (doc.id !== id) throw new FormInvalidException({ id: 'editor.problem.idFixed' });
        if (revision !== null && revision !== revisionOf(current)) throw new FormInvalidException({ form: 'editor.problem.staleRevision' });
        const { advisory, before, outcome } = await this.advisories.write(em, doc, false);
        if (outcome.warnings.length) throw new CitationsRefused(outcome.warnings);
        const changed = before ? changedFields(before, doc) : [...TOP_LEVEL_KEYS];
        this.audit.record(em, viewer, {
          action: AuditAction.AdvisoryEdit,
          targetType: 'advisory',
          targetId: id,
          detail: { advisory: id, published: advisory.isPublished, changed },
        });
        return { ok: true, advisory };
      })
      .catch((err: unknown): SaveResult => {
        if (err instanceof CitationsRefused) return { ok: false, problems: err.problems };
        throw err;
      });
  }

  /** Imports validated documents (the upload form): all or nothing, each one in the audit log. */
  importDocuments(viewer: Viewer, docs: AdvisoryDocument[], publish: boolean): Promise<ImportOutcome[]> {
    this.policy.ensure(viewer, Action.EditAdvisory);
    return this.advisories.importDocuments(docs, { publish, actor: viewer });
  }

  /** Publishes a draft and opens its thread (or brings its old thread back). Publishing twice changes nothing. */
  async publish(viewer: Viewer, id: string): Promise<Advisory> {
    return this.transactions.run(async (em) => {
      const advisory = await this.load(em, viewer, id);
      if (advisory.isPublished) return advisory;
      this.policy.ensure(viewer, Action.PublishAdvisory, advisory);
      await this.advisories.ensurePublished(em, advisory);
      this.audit.record(em, viewer, {
        action: AuditAction.AdvisoryPublish,
        targetType: 'advisory',
        targetId: id,
        detail: { advisory: id },
      });
      return advisory;
    });
  }

  /**
   * Takes a bulletin back to draft, with the reason UnpublishForm checked (trimmed); its thread and posts
   * are kept, unseen, until it is published again.
   */
  async unpublish(viewer: Viewer, id: string, why: string): Promise<Advisory> {
    return this.transactions.run(async (em) => {
      const advisory = await this.load(em, viewer, id);
      if (!advisory.isPublished) return advisory;
      this.policy.ensure(viewer, Action.UnpublishAdvisory, advisory);
      await this.advisories.withdraw(em, advisory);
      this.audit.record(em, viewer, {
        action: AuditAction.AdvisoryUnpublish,
        targetType: 'advisory',
        targetId: id,
        reason: why,
        detail: { advisory: id },
      });
      return advisory;
    });
  }

  /** Every advisory, drafts included, newest bulletin date first, by keyset; with each one's latest editor action. */
  async list(
    viewer: Viewer,
    status: AdvisoryStatus | null,
    after: { updatedOn: string; id: string } | null,
    limit: number,
  ): Promise<EditorListing> {
    this.policy.ensure(viewer, Action.EditAdvisory);
    const em = this.em.fork();
    const { items, next } = await this.repository.listing(em, status, after, limit, true);
    return {
      items,
      next,
      lastActions: await this.audit.latest(
        em,
        EDITOR_ACTIONS,
        'advisory',
        items.map((a) => a.id),
      ),
    };
  }

  private async load(em: EntityManager, viewer: Viewer, id: string): Promise<Advisory> {
    this.policy.ensure(viewer, Action.EditAdvisory);
    const advisory = await this.repository.find(em, id);
    if (!advisory) throw new NotFoundException();
    return advisory;
  }
}

/** The top-level fields that differ, for the audit entry: what an edit touched. */
function changedFields(before: AdvisoryDocument, after: AdvisoryDocument): string[] {
  return TOP_LEVEL_KEYS.filter(
    (k) =>
      JSON.stringify((before as unknown as Record<string, unknown>)[k]) !==
      JSON.stringify((after as unknown as Record<string, unknown>)[k]),
  );
}
