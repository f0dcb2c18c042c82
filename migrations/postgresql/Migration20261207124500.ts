import { Migration } from '@mikro-orm/migrations';

/** The search indexes' GIN indexes. */
const INDEXES = ['search_fts_tsv_idx', 'search_fts_curated_tsv_idx'];

/**
 * A GIN index gathers new entries in a pending list that every search reads whole, until it reaches
 * gin_pending_list_limit (4 MB by default) or a vacuum: on a board posted to all day, ≈ 2 ms more for each search's
 * count. 128 KB keeps that read small; the post that fills the list moves it into the index (≈ 16 pages).
 */
export class Migration20261207124500 extends Migration {

  override async up(): Promise<void> {
    for (const index of INDEXES) {
      this.addSql(`alter index "${index}" set (gin_pending_list_limit = 128);`);
      this.addSql(`select gin_clean_pending_list('${index}');`);
    }
  }

  override async down(): Promise<void> {
    for (const index of INDEXES) this.addSql(`alter index "${index}" reset (gin_pending_list_limit);`);
  }

}
