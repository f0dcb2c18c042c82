import { Entity, Index, ManyToOne, PrimaryKey, Property, Ref, Unique } from '@mikro-orm/core';
import { Advisory } from '../advisories/advisory.entity';

/** What a citation names. */
export type CitationKind = 'post' | 'known-issue';

/**
 * A post or known issue cited in one of an advisory's editor notes, as found in the note's text when the
 * advisory was saved (replaced with every save). Read for the backlinks beside what is cited.
 * The target is a post or a known issue by kind: no foreign key, a target gone reads as unavailable.
 */
@Entity({ tableName: 'citations' })
@Unique({ name: 'citations_unique', properties: ['advisory', 'noteIndex', 'kind', 'targetId'] })
@Index({ name: 'citations_target_idx', properties: ['kind', 'targetId'] })
export class Citation {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Advisory, { ref: true, deleteRule: 'cascade' })
  advisory!: Ref<Advisory>;

  /** Position of the note in the advisory's editorNotes (0-based): its anchor is note-(index + 1). */
  @Property({ type: 'smallint' })
  noteIndex!: number;

  // A plain string rather than an enum column: the kinds may grow, and SQLite check constraints are misread by the schema diff.
  @Property({ type: 'string', length: 12 })
  kind!: CitationKind;

  @Property({ type: 'integer' })
  targetId!: number;
}
