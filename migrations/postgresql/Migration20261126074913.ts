import { Migration } from '@mikro-orm/migrations';

/**
 * The full-text index (raw SQL: MikroORM skips search_fts in its schema diff): our own tokens as a
 * tsvector, built by the application (no text search configuration involved), with a GIN index.
 */
export class Migration20261126074913 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "search_fts" ("id" int primary key references "search_documents" ("id") on delete cascade, "tsv" tsvector not null);`);
    this.addSql(`create index "search_fts_tsv_idx" on "search_fts" using gin ("tsv");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "search_fts";`);
  }

}
