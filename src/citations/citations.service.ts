import { EntityManager } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { EditorNote, formatProblem, FormatProblem } from '../advisories/advisory-format';
import { Advisory, AdvisoryStatus } from '../advisories/advisory.entity';
import { APP_CONFIG, AppConfig } from '../config/config';
import { rowBool, rowDate } from '../database/sql';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { PostState } from '../policy/rules/subjects';
import { Viewer } from '../policy/viewer';
import type { CitationKind } from './citation.entity';
import { citationsIn, splitCitations } from './citations';
import { BulletinCitationRow, CitationsRepository, StoredCitation } from './citations.repository';
import { knownIssuePath, postPath } from '../paths';

export type { StoredCitation } from './citations.repository';

/** One run of a note's paragraph as the bulletin page shows it: text, or a cited item (linked when the reader may see it). */
export type SegmentView =
  { text: string } | { cite: { url: string | null; labelKey: string; number?: number; advisoryId?: string; title?: string } };

const key = (c: StoredCitation) => `${c.noteIndex}:${c.kind}:${c.targetId}`;

/** Citations stored per advisory: enough for any real bulletin, and a bound on the lookups a save makes. */
export const MAX_CITATIONS = 200;

/** Citations from editor notes: found on every save of an advisory, shown as links on its page and as backlinks beside what they cite. */
@Injectable()
export class CitationsService {
  constructor(
    private readonly citations: CitationsRepository,
    private readonly policy: PolicyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get baseUrl(): string {
    return this.config.publicBaseUrl;
  }

  /**
   * Inside the caller's transaction: finds the citations in the notes, stores those whose post or known
   * issue exists in place of the advisory's previous ones, and returns a problem for each one that does not.
   */
  async replace(em: EntityManager, advisoryId: string, notes: EditorNote[]): Promise<FormatProblem[]> {
    const { resolved, problems } = await this.resolve(em, notes);
    await this.citations.replace(em, advisoryId, resolved);
    return problems;
  }

  private async resolve(em: EntityManager, notes: EditorNote[]): Promise<{ resolved: StoredCitation[]; problems: FormatProblem[] }> {
    const all = notes.flatMap((n, noteIndex) => citationsIn(n.body, this.baseUrl).map((cite) => ({ noteIndex, cite })));
    if (!all.length) return { resolved: [], problems: [] };
    const found = all.slice(0, MAX_CITATIONS);
    const over = [...new Set(all.slice(MAX_CITATIONS).map((f) => f.noteIndex))];
    const tooMany = over.map((i) => formatProblem(`editorNotes[${i}].body`, 'tooManyCitations', { max: MAX_CITATIONS }));
    const postIds = [...new Set(found.filter((f) => f.cite.kind === 'post').map((f) => f.cite.targetId))];
    const issueIds = [...new Set(found.filter((f) => f.cite.kind === 'known-issue').map((f) => f.cite.targetId))];
    const postExists = await this.citations.existingPosts(em, postIds);
    const issueAdvisory = await this.citations.issueAdvisories(em, issueIds);
    const resolved: StoredCitation[] = [];
    const problems: FormatProblem[] = [];
    for (const { noteIndex, cite } of found) {
      // A known issue is cited at its own advisory's address: the same number under another advisory is no such issue.
      const exists = cite.kind === 'post' ? postExists.has(cite.targetId) : issueAdvisory.get(cite.targetId) === cite.advisoryId;
      if (exists) resolved.push({ noteIndex, kind: cite.kind, targetId: cite.targetId });
      else problems.push(formatProblem(`editorNotes[${noteIndex}].body`, 'unknownCitation', { value: cite.raw }));
    }
    return { resolved, problems: [...problems, ...tooMany] };
  }

  /**
   * The notes' paragraphs split into text and cited items, for this reader: a cited item is a link with a
   * readable label when the reader may see it, plain text without its content when not; an address that
   * named nothing when saved stays the text it was.
   */
  async noteBodies(advisory: Advisory, viewer: Viewer, paragraphsOf: (body: string) => string[]): Promise<SegmentView[][][]> {
    const cites = advisory.editorNotes.some((n) => citationsIn(n.body, this.baseUrl).length);
    const rows = cites ? await this.citations.ofBulletin(advisory.id) : [];
    const stored = new Map(
      rows.map((r) => [key({ noteIndex: Number(r.note_index), kind: String(r.kind) as CitationKind, targetId: Number(r.target_id) }), r]),
    );
    return advisory.editorNotes.map((note, noteIndex) =>
      paragraphsOf(note.body).map((p) =>
        splitCitations(p, this.baseUrl).map((s): SegmentView => {
          if (!('cite' in s)) return s;
          const row = stored.get(key({ noteIndex, kind: s.cite.kind, targetId: s.cite.targetId }));
          if (!row) return { text: s.cite.raw };
          return { cite: s.cite.kind === 'post' ? this.postCite(row, viewer) : this.issueCite(row, viewer) };
        }),
      ),
    );
  }

  private postCite(row: BulletinCitationRow, viewer: Viewer) {
    if (row.post_number === null || row.post_number === undefined) return { url: null, labelKey: 'citation.post.unavailable' };
    const thread = { locked: rowBool(row.thread_locked), advisory: { isPublished: row.post_advisory_status === AdvisoryStatus.Published } };
    const subject = {
      authorId: Number(row.post_author),
      state: String(row.post_state) as PostState,
      createdAt: rowDate(row.post_created)!,
      thread,
    };
    const number = Number(row.post_number);
    const advisoryId = String(row.post_advisory);
    if (this.policy.can(viewer, Action.ViewPost, subject) && subject.state !== 'deleted')
      return { url: postPath(advisoryId, number), labelKey: 'citation.post', number, advisoryId };
    // Its number shows on the thread as a placeholder anyway; a draft's thread is not named at all.
    if (this.policy.can(viewer, Action.ViewThread, thread)) return { url: null, labelKey: 'citation.post.hidden', number, advisoryId };
    return { url: null, labelKey: 'citation.post.unavailable' };
  }

  private issueCite(row: BulletinCitationRow, viewer: Viewer) {
    if (typeof row.issue_advisory !== 'string') return { url: null, labelKey: 'citation.issue.unavailable' };
    const advisoryId = row.issue_advisory;
    if (!this.policy.can(viewer, Action.ViewAdvisory, { isPublished: row.issue_advisory_status === AdvisoryStatus.Published }))
      return { url: null, labelKey: 'citation.issue.unavailable' };
    return {
      url: knownIssuePath(advisoryId, Number(row.target_id)),
      labelKey: 'citation.issue',
      title: String(row.issue_title),
      advisoryId,
    };
  }
}
