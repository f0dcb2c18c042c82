import { Entity, ManyToOne, OneToOne, OptionalProps, Property, Ref } from '@mikro-orm/core';
import { AdvisoryPlatform } from '../advisories/advisory-platform.entity';
import { Post } from '../threads/post.entity';

export const OUTCOMES = ['success', 'problem', 'install-failed', 'rolled-back'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The structure of a field report: what was installed where, and what happened. The symptom is the post body. */
@Entity({ tableName: 'field_reports' })
export class FieldReport {
  [OptionalProps]?: 'confirmationCount' | 'platformOther' | 'platform';

  @OneToOne(() => Post, { primary: true, owner: true, ref: true, deleteRule: 'cascade' })
  post!: Ref<Post>;

  /** One of the advisory's platforms, or null with platformOther for anything else. */
  @ManyToOne(() => AdvisoryPlatform, { ref: true, nullable: true })
  platform: Ref<AdvisoryPlatform> | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  platformOther: string | null = null;

  @Property({ type: 'string', length: 16 })
  outcome!: Outcome;

  @Property({ type: 'integer' })
  hosts!: number;

  @Property({ type: 'string', length: 200 })
  software!: string;

  /** Written with each confirmation and withdrawal, in the same transaction. */
  @Property({ type: 'integer' })
  confirmationCount = 0;
}
