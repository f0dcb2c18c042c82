import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { SearchKind } from './search-text';

/**
 * One searchable thing (a post, a known issue, a bulletin). Its id is the row id of its tokens in the
 * engine's full-text table `search_fts` (created by raw SQL in a migration of its own), and gives the
 * "newest" order. The row stays while the thing is hidden (indexed = false), so a restored post keeps its place.
 */
@Entity({ tableName: 'search_documents' })
@Unique({ name: 'search_documents_source_unique', properties: ['kind', 'sourceId'] })
@Index({ name: 'search_documents_advisory_idx', properties: ['advisoryId'] })
export class SearchDocument {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', length: 16 })
  kind!: SearchKind;

  /** The post or known-issue id, or the advisory id. */
  @Property({ type: 'string', length: 20 })
  sourceId!: string;

  @Property({ type: 'string', length: 20 })
  advisoryId!: string;

  /** Whether its tokens are in search_fts now (what a guest may see). */
  @Property({ type: 'boolean' })
  indexed: boolean = true;
}
