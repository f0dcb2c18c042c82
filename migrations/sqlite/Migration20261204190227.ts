import { Migration } from '@mikro-orm/migrations';

export class Migration20261204190227 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`post_revisions\` add column \`report_platform_id\` integer null constraint \`post_revisions_report_platform_id_foreign\` references \`advisory_platforms\` (\`id\`) on update cascade on delete set null;`);
    this.addSql(`alter table \`post_revisions\` add column \`report_platform_other\` text null;`);
    this.addSql(`alter table \`post_revisions\` add column \`report_outcome\` text null;`);
    this.addSql(`alter table \`post_revisions\` add column \`report_hosts\` integer null;`);
    this.addSql(`alter table \`post_revisions\` add column \`report_software\` text null;`);
    this.addSql(`create index \`post_revisions_report_platform_id_index\` on \`post_revisions\` (\`report_platform_id\`);`);
  }

}
