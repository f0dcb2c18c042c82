import { DateTimeType, Entity, ManyToOne, PrimaryKey, Property, Ref, Unique } from '@mikro-orm/core';
import { AdvisoryPlatform } from '../advisories/advisory-platform.entity';
import { FieldReport, Outcome } from '../field-reports/field-report.entity';
import { User } from '../users/user.entity';
import { Post } from './post.entity';

/**
 * The text a post had before an edit (revision 1 is the original) and, for a field report, its fields
 * then: null for a post that is no report, and for revisions made before reports could be corrected.
 */
@Entity({ tableName: 'post_revisions' })
@Unique({ name: 'post_revisions_post_revision_unique', properties: ['post', 'revision'] })
export class PostRevision {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Post, { ref: true, deleteRule: 'cascade' })
  post: Ref<Post>;

  @Property({ type: 'integer' })
  revision: number;

  @Property({ type: 'text' })
  bodySource: string;

  /** Who replaced this text (the author, or a moderator). */
  @ManyToOne(() => User, { ref: true })
  editor: Ref<User>;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  @ManyToOne(() => AdvisoryPlatform, { ref: true, nullable: true })
  reportPlatform: Ref<AdvisoryPlatform> | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  reportPlatformOther: string | null = null;

  @Property({ type: 'string', length: 16, nullable: true })
  reportOutcome: Outcome | null = null;

  @Property({ type: 'integer', nullable: true })
  reportHosts: number | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  reportSoftware: string | null = null;

  constructor(post: Ref<Post>, revision: number, bodySource: string, editor: Ref<User>, report: FieldReport | null = null) {
    this.post = post;
    this.revision = revision;
    this.bodySource = bodySource;
    this.editor = editor;
    if (report) {
      this.reportPlatform = report.platform;
      this.reportPlatformOther = report.platformOther;
      this.reportOutcome = report.outcome;
      this.reportHosts = report.hosts;
      this.reportSoftware = report.software;
    }
  }
}
