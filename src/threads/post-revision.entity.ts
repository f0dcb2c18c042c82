import { DateTimeType, Entity, ManyToOne, PrimaryKey, Property, Ref, Unique } from '@mikro-orm/core';
import { User } from '../users/user.entity';
import { Post } from './post.entity';

/** The text a post had before an edit: revision 1 is the original. */
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

  constructor(post: Ref<Post>, revision: number, bodySource: string, editor: Ref<User>) {
    this.post = post;
    this.revision = revision;
    this.bodySource = bodySource;
    this.editor = editor;
  }
}
