import { DateTimeType, Entity, ManyToOne, PrimaryKey, Property, Ref, Unique } from '@mikro-orm/core';
import { Post } from '../threads/post.entity';
import { User } from '../users/user.entity';
import { KnownIssue } from './known-issue.entity';

/** A field report backing a known issue. */
@Entity({ tableName: 'known_issue_evidence' })
@Unique({ name: 'known_issue_evidence_unique', properties: ['knownIssue', 'post'] })
export class KnownIssueEvidence {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => KnownIssue, { ref: true, deleteRule: 'cascade' })
  knownIssue: Ref<KnownIssue>;

  @ManyToOne(() => Post, { ref: true, deleteRule: 'cascade' })
  post: Ref<Post>;

  @ManyToOne(() => User, { ref: true })
  addedBy: Ref<User>;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  constructor(knownIssue: Ref<KnownIssue>, post: Ref<Post>, addedBy: Ref<User>) {
    this.knownIssue = knownIssue;
    this.post = post;
    this.addedBy = addedBy;
  }
}
