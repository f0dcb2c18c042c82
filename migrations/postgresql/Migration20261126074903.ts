import { Migration } from '@mikro-orm/migrations';

export class Migration20261126074903 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "search_documents" ("id" serial primary key, "kind" varchar(16) not null, "source_id" varchar(20) not null, "advisory_id" varchar(20) not null, "indexed" boolean not null default true);`);
    this.addSql(`create index "search_documents_advisory_idx" on "search_documents" ("advisory_id");`);
    this.addSql(`alter table "search_documents" add constraint "search_documents_source_unique" unique ("kind", "source_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "search_documents" cascade;`);
  }

}
