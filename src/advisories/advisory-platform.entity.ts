import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Advisory } from './advisory.entity';

/** One keyed platform of an advisory (e.g. win2000-sp4): what field reports and known issues refer to. */
@Entity({ tableName: 'advisory_platforms' })
@Unique({ name: 'advisory_platforms_key_unique', properties: ['advisory', 'key'] })
export class AdvisoryPlatform {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Advisory, { deleteRule: 'cascade' })
  advisory: Advisory;

  @Property({ type: 'string', length: 40 })
  key: string;

  @Property({ type: 'string', length: 200 })
  label: string;

  @Property({ type: 'string', length: 200 })
  product: string;

  @Property({ type: 'smallint' })
  position: number;

  constructor(advisory: Advisory, key: string, label: string, product: string, position: number) {
    this.advisory = advisory;
    this.key = key;
    this.label = label;
    this.product = product;
    this.position = position;
  }
}
