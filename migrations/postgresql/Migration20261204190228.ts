import { Migration } from '@mikro-orm/migrations';

export class Migration20261204190228 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "post_revisions" add column "report_platform_id" int null, add column "report_platform_other" varchar(100) null, add column "report_outcome" varchar(16) null, add column "report_hosts" int null, add column "report_software" varchar(200) null;`);
    this.addSql(`alter table "post_revisions" add constraint "post_revisions_report_platform_id_foreign" foreign key ("report_platform_id") references "advisory_platforms" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "post_revisions" drop constraint "post_revisions_report_platform_id_foreign";`);

    this.addSql(`alter table "post_revisions" drop column "report_platform_id", drop column "report_platform_other", drop column "report_outcome", drop column "report_hosts", drop column "report_software";`);
  }

}
