import { Migration } from '@mikro-orm/migrations';

export class Migration20261126085213 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "citations" ("id" serial primary key, "advisory_id" varchar(20) not null, "note_index" smallint not null, "kind" varchar(12) not null, "target_id" int not null);`);
    this.addSql(`create index "citations_target_idx" on "citations" ("kind", "target_id");`);
    this.addSql(`alter table "citations" add constraint "citations_unique" unique ("advisory_id", "note_index", "kind", "target_id");`);

    this.addSql(`alter table "citations" add constraint "citations_advisory_id_foreign" foreign key ("advisory_id") references "advisories" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "citations" cascade;`);
  }

}
