import { Collection, DateTimeType, Entity, Enum, Index, OneToMany, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { AdvisoryReference, Countermeasure, EditorNote, PackageDoc, Severity, Target, Vulnerability } from './advisory-format';
import { AdvisoryPlatform } from './advisory-platform.entity';

export enum AdvisoryStatus {
  Draft = 'draft',
  Published = 'published',
}

/**
 * A bulletin. Platforms are rows (field reports, known issues and statistics point at them);
 * the rest of the bulletin is a document edited and imported as a whole, kept in JSON columns.
 */
@Entity({ tableName: 'advisories' })
@Index({ name: 'advisories_listing_idx', properties: ['status', 'updatedOn', 'id'] })
// The status window and the index's hold notice: published bulletins since a moment.
@Index({ name: 'advisories_published_idx', properties: ['status', 'publishedAt'] })
export class Advisory {
  [OptionalProps]?: 'status' | 'publishedAt' | 'createdAt' | 'modifiedAt';

  @PrimaryKey({ type: 'string', length: 20 })
  id: string;

  @Property({ type: 'json' })
  kb: string[] = [];

  @Property({ type: 'string', length: 300 })
  title: string;

  @Property({ type: 'string', length: 300, nullable: true })
  officialTitle?: string | null;

  @Property({ type: 'date' })
  registeredOn: string;

  @Property({ type: 'date' })
  updatedOn: string;

  @Property({ type: 'smallint' })
  severity: Severity;

  @Property({ type: 'boolean', nullable: true })
  exploitCodePublic: boolean | null = null;

  @Property({ type: 'string', length: 10 })
  countermeasure: Countermeasure;

  @Property({ type: 'boolean', nullable: true })
  rebootRequired: boolean | null = null;

  @Property({ type: 'boolean', nullable: true })
  uninstallable: boolean | null = null;

  @Property({ type: 'json' })
  targets: Target[] = [];

  @Property({ type: 'string', length: 100, nullable: true })
  vulnerabilityId?: string | null;

  @Property({ type: 'json' })
  references: AdvisoryReference[] = [];

  @Property({ type: 'json' })
  relatedAdvisories: string[] = [];

  @Property({ type: 'text' })
  summary = '';

  @Property({ type: 'json' })
  vulnerabilities: Vulnerability[] = [];

  @OneToMany(() => AdvisoryPlatform, (p) => p.advisory, { orderBy: { position: 'asc' }, orphanRemoval: true })
  platforms = new Collection<AdvisoryPlatform>(this);

  @Property({ type: 'json' })
  labTestedOn: string[] = [];

  @Property({ type: 'json' })
  editorNotes: EditorNote[] = [];

  @Property({ type: 'json' })
  packages: PackageDoc[] = [];

  @Enum({ items: () => AdvisoryStatus, length: 10 })
  status: AdvisoryStatus = AdvisoryStatus.Draft;

  @Property({ type: DateTimeType, nullable: true })
  publishedAt: Date | null = null;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  /** When the row last changed (updatedOn is the bulletin's own date). */
  @Property({ type: DateTimeType, onUpdate: () => new Date() })
  modifiedAt: Date = new Date();

  constructor(id: string, title: string, registeredOn: string, updatedOn: string, severity: Severity, countermeasure: Countermeasure) {
    this.id = id;
    this.title = title;
    this.registeredOn = registeredOn;
    this.updatedOn = updatedOn;
    this.severity = severity;
    this.countermeasure = countermeasure;
  }

  get isPublished(): boolean {
    return this.status === AdvisoryStatus.Published;
  }
}
