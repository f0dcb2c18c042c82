import { DateTimeType, Entity, ManyToOne, PrimaryKey, Property, Ref, Unique } from '@mikro-orm/core';
import { Watch } from '../notifications/watch.entity';
import { Post } from '../threads/post.entity';

/**
 * A field report waiting for a watch's next daily digest: written when the report becomes public
 * (so a held report counts from its approval), removed in the transaction that writes the digest mail.
 */
@Entity({ tableName: 'mail_digest_items' })
@Unique({ name: 'mail_digest_items_watch_post_unique', properties: ['watch', 'post'] })
export class DigestItem {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Watch, { ref: true, deleteRule: 'cascade' })
  watch!: Ref<Watch>;

  @ManyToOne(() => Post, { ref: true, deleteRule: 'cascade' })
  post!: Ref<Post>;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();
}
