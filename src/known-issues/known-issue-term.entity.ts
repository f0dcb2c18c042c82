import { Entity, Index, ManyToOne, PrimaryKey, Property, Ref, Unique } from '@mikro-orm/core';
import { KnownIssue } from './known-issue.entity';

/** A known issue filed under one of its platforms or one word of its software, for members' environments to find it by. */
@Entity({ tableName: 'known_issue_terms' })
@Unique({ name: 'known_issue_terms_issue_term_unique', properties: ['knownIssue', 'term'] })
@Index({ name: 'known_issue_terms_term_idx', properties: ['term', 'knownIssue'] })
export class KnownIssueTerm {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => KnownIssue, { ref: true, deleteRule: 'cascade' })
  knownIssue: Ref<KnownIssue>;

  @Property({ type: 'text' })
  term: string;

  constructor(knownIssue: Ref<KnownIssue>, term: string) {
    this.knownIssue = knownIssue;
    this.term = term;
  }
}
