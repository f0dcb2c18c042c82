import { EntityManager } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { CitationsService } from '../citations/citations.service';
import { AuditAction } from '../moderation/audit-actions';
import { AuditService } from '../moderation/audit.service';
import { Viewer } from '../policy/viewer';
import { SearchIndexService } from '../search/search-index.service';
import { ThreadsRepository } from '../threads/threads.repository';
import { AdvisoriesRepository, ListingCursor } from './advisories.repository';
import { AdvisoryDocument, FormatProblem, validateAdvisory } from './advisory-format';
import { AdvisoryPlatform } from './advisory-platform.entity';
import { Advisory, AdvisoryStatus } from './advisory.entity';
import type { Thread } from '../threads/thread.entity';
import { WriteTransactions } from '../database/write-transactions';

export interface ImportOutcome {
  id: string;
  created: boolean;
  published: boolean;
  /** Published by this import (it was a draft, or new). */
  publishedNow: boolean;
  /** Citations in editor notes naming no post or known issue: kept as text, not linked. */
  warnings: FormatProblem[];
}

export type { ListingCursor };

/** Who imported, for the audit log: a signed-in editor (upload form) or the command line. */
export type ImportActor = Viewer | 'cli';

@Injectable()
export class AdvisoriesService {
  constructor(
    private readonly em: EntityManager,
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
    private readonly search: SearchIndexService,
    private readonly citations: CitationsService,
    private readonly repository: AdvisoriesRepository,
    private readonly threads: ThreadsRepository,
  ) {}

  /**
   * Writes already-validated documents in one transaction: all of them or none.
   * An existing id is updated in place (platform rows keep their ids, so reports stay attached).
   * With an actor, each advisory written (and each one published) is recorded in the audit log.
   */
  async importDocuments(docs: AdvisoryDocument[], options: { publish: boolean; actor?: ImportActor }): Promise<ImportOutcome[]> {
    return this.transactions.run(async (em) => {
      const outcomes: ImportOutcome[] = [];
      for (const doc of docs) {
        const { outcome } = await this.write(em, doc, options.publish);
        if (options.actor) {
          const via = options.actor === 'cli' ? 'cli' : 'upload';
          this.audit.record(em, options.actor, {
            action: AuditAction.AdvisoryImport,
            targetType: 'advisory',
            targetId: outcome.id,
            detail: { advisory: outcome.id, created: outcome.created, published: outcome.published, via },
          });
          if (outcome.publishedNow)
            this.audit.record(em, options.actor, {
              action: AuditAction.AdvisoryPublish,
              targetType: 'advisory',
              targetId: outcome.id,
              detail: { advisory: outcome.id, via },
            });
        }
        outcomes.push(outcome);
      }
      return outcomes;
    });
  }

  /**
   * Writes one validated document inside the caller's transaction; `before` is the stored version, if any.
   * Every save path comes here, so the notes' citations are replaced with the advisory, in the same transaction.
   */
  async write(
    em: EntityManager,
    doc: AdvisoryDocument,
    publish: boolean,
  ): Promise<{ advisory: Advisory; outcome: ImportOutcome; before: AdvisoryDocument | null }> {
    let advisory: Advisory | null = await this.repository.withPlatforms(em, doc.id);
    const before = advisory ? this.toDocument(advisory) : null;
    if (!advisory) {
      advisory = new Advisory(doc.id, doc.title, doc.registeredOn, doc.updatedOn, doc.severity, doc.countermeasure);
      this.repository.add(em, advisory);
    }
    const a: Advisory = advisory;
    applyDocument(a, doc);
    for (const gone of syncPlatforms(a, doc)) this.repository.removePlatform(em, gone);
    const publishedNow = publish && !a.isPublished;
    if (publishedNow) a.status = AdvisoryStatus.Published;
    if (a.isPublished) await this.ensurePublished(em, a);
    else await this.search.syncAdvisory(em, a);
    const warnings = await this.citations.replace(em, a.id, doc.editorNotes);
    return { advisory: a, before, outcome: { id: a.id, created: !before, published: a.isPublished, publishedNow, warnings } };
  }

  /**
   * Puts a published advisory in order inside the caller's transaction: its publication time, and its
   * one thread (created on first publication; kept through an unpublish, so its posts come back).
   */
  async ensurePublished(em: EntityManager, a: Advisory): Promise<void> {
    a.status = AdvisoryStatus.Published;
    a.publishedAt ??= new Date();
    if (!(await this.threads.ofAdvisory(em, a))) this.threads.open(em, a);
    await this.search.syncAdvisory(em, a);
  }

  /** Back to draft inside the caller's transaction: the thread and posts stay, out of sight and out of search. */
  async withdraw(em: EntityManager, a: Advisory): Promise<void> {
    a.status = AdvisoryStatus.Draft;
    a.publishedAt = null;
    await this.search.syncAdvisory(em, a);
  }

  findById(id: string): Promise<Advisory | null> {
    return this.repository.withPlatforms(this.em.fork(), id);
  }

  /** Published advisories, newest-updated first, one page at a time by keyset (never OFFSET), each with its thread. */
  async listPublished(
    after: ListingCursor | null,
    limit: number,
  ): Promise<{ items: Advisory[]; next: ListingCursor | null; threads: Map<string, Thread> }> {
    const em = this.em.fork();
    const { items, next } = await this.repository.listing(em, AdvisoryStatus.Published, after, limit);
    return {
      items,
      next,
      threads: await this.threads.ofAdvisories(
        em,
        items.map((a) => a.id),
      ),
    };
  }

  /** The advisory as the import format, keys in the reference file's order: import → export is lossless. */
  toDocument(a: Advisory): AdvisoryDocument {
    const doc = this.rawDocument(a);
    // PostgreSQL's jsonb does not keep key order; passing through the validator restores it.
    return validateAdvisory(doc).doc ?? doc;
  }

  private rawDocument(a: Advisory): AdvisoryDocument {
    const doc: AdvisoryDocument = {
      id: a.id,
      kb: a.kb,
      title: a.title,
      ...(a.officialTitle ? { officialTitle: a.officialTitle } : {}),
      registeredOn: a.registeredOn,
      updatedOn: a.updatedOn,
      severity: a.severity,
      exploitCodePublic: a.exploitCodePublic,
      countermeasure: a.countermeasure,
      rebootRequired: a.rebootRequired,
      uninstallable: a.uninstallable,
      targets: a.targets,
      ...(a.vulnerabilityId ? { vulnerabilityId: a.vulnerabilityId } : {}),
      references: a.references,
      relatedAdvisories: a.relatedAdvisories,
      summary: a.summary,
      vulnerabilities: a.vulnerabilities,
      platforms: a.platforms.getItems().map((p) => ({ key: p.key, label: p.label, product: p.product })),
      labTestedOn: a.labTestedOn,
      editorNotes: a.editorNotes,
      packages: a.packages,
    };
    return doc;
  }
}

function applyDocument(a: Advisory, doc: AdvisoryDocument): void {
  a.kb = doc.kb;
  a.title = doc.title;
  a.officialTitle = doc.officialTitle ?? null;
  a.registeredOn = doc.registeredOn;
  a.updatedOn = doc.updatedOn;
  a.severity = doc.severity;
  a.exploitCodePublic = doc.exploitCodePublic;
  a.countermeasure = doc.countermeasure;
  a.rebootRequired = doc.rebootRequired;
  a.uninstallable = doc.uninstallable;
  a.targets = doc.targets;
  a.vulnerabilityId = doc.vulnerabilityId ?? null;
  a.references = doc.references;
  a.relatedAdvisories = doc.relatedAdvisories;
  a.summary = doc.summary;
  a.vulnerabilities = doc.vulnerabilities;
  a.labTestedOn = doc.labTestedOn;
  a.editorNotes = doc.editorNotes;
  a.packages = doc.packages;
}

/** Brings the advisory's platform rows in line with the document; returns the rows it no longer lists. */
function syncPlatforms(a: Advisory, doc: AdvisoryDocument): AdvisoryPlatform[] {
  const existing = new Map(a.platforms.getItems().map((p) => [p.key, p]));
  doc.platforms.forEach((p, position) => {
    const row = existing.get(p.key);
    if (row) {
      row.label = p.label;
      row.product = p.product;
      row.position = position;
      existing.delete(p.key);
    } else {
      a.platforms.add(new AdvisoryPlatform(a, p.key, p.label, p.product, position));
    }
  });
  for (const gone of existing.values()) a.platforms.remove(gone);
  return [...existing.values()];
}
