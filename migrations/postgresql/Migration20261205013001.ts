import { Migration } from '@mikro-orm/migrations';

/** The known issues' and bulletins' tokens already indexed. Exported for the test that checks the refilled index. */
export const BACKFILL_CURATED = `insert into "search_fts_curated" ("id", "tsv") select f."id", f."tsv" from "search_fts" f
  join "search_documents" d on d."id" = f."id" where d."kind" in ('known-issue', 'advisory');`;

/**
 * The curated index: the tsvectors of known issues and bulletins again, with the same ids as search_fts, so best
 * match reads them without the posting list of a phrase that a million posts share; filled from search_fts.
 */
export class Migration20261205013001 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "search_fts_curated" ("id" int primary key references "search_documents" ("id") on delete cascade, "tsv" tsvector not null);`);
    this.addSql(`create index "search_fts_curated_tsv_idx" on "search_fts_curated" using gin ("tsv");`);
    this.addSql(BACKFILL_CURATED);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "search_fts_curated";`);
  }

}
