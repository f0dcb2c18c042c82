import { Entity, ManyToOne, PrimaryKeyProp, Property, Ref } from '@mikro-orm/core';
import { Advisory } from '../advisories/advisory.entity';

/**
 * The verdicts last logged for an advisory's platforms (platform key → verdict; a platform missing is
 * "insufficient", the verdict of no evidence). Its row is the lock that orders the writes moving them, so
 * each change is logged once, from the verdict before it.
 */
@Entity({ tableName: 'verdict_states' })
export class VerdictState {
  [PrimaryKeyProp]?: 'advisory';

  @ManyToOne(() => Advisory, { ref: true, primary: true, deleteRule: 'cascade' })
  advisory!: Ref<Advisory>;

  @Property({ type: 'json' })
  verdicts: Record<string, string> = {};
}
