import { DateTimeType, Entity, ManyToOne, PrimaryKey, Property, Ref, Unique } from '@mikro-orm/core';
import { Advisory } from '../advisories/advisory.entity';
import { User } from '../users/user.entity';

/** A member follows an advisory's thread: new field reports there reach their notifications (and, when chosen, their email). */
@Entity({ tableName: 'watches' })
@Unique({ name: 'watches_user_advisory_unique', properties: ['user', 'advisory'] })
export class Watch {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @ManyToOne(() => Advisory, { ref: true, deleteRule: 'cascade' })
  advisory!: Ref<Advisory>;

  /** The member also wants email: known issues at once, new field reports in a daily digest. */
  @Property({ type: 'boolean' })
  emailEnabled = false;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();
}
