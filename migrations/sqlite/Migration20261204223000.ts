import { Migration } from '@mikro-orm/migrations';

export class Migration20261204223000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`emerging_groups\` (\`id\` integer not null primary key autoincrement, \`advisory_id\` text not null, \`state\` text not null default 'open', \`reports\` integer not null default 0, \`members\` integer not null default 0, \`hosts\` integer not null default 0, \`first_seen\` datetime not null, \`last_seen\` datetime not null, \`known_issue_id\` integer null, \`created_at\` datetime not null, constraint \`emerging_groups_advisory_id_foreign\` foreign key(\`advisory_id\`) references \`advisories\`(\`id\`) on delete cascade on update cascade, constraint \`emerging_groups_known_issue_id_foreign\` foreign key(\`known_issue_id\`) references \`known_issues\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`emerging_groups_advisory_id_index\` on \`emerging_groups\` (\`advisory_id\`);`);
    this.addSql(`create index \`emerging_groups_known_issue_id_index\` on \`emerging_groups\` (\`known_issue_id\`);`);
    this.addSql(`create index \`emerging_groups_state_idx\` on \`emerging_groups\` (\`state\`, \`last_seen\`);`);

    this.addSql(`create table \`emerging_reports\` (\`post_id\` integer not null, \`group_id\` integer not null, \`advisory_id\` text not null, \`author_id\` integer not null, \`platform\` text not null, \`software\` text not null, \`hosts\` integer not null, \`symptom\` text not null, \`reported_at\` datetime not null, constraint \`emerging_reports_post_id_foreign\` foreign key(\`post_id\`) references \`posts\`(\`id\`) on delete cascade on update cascade, constraint \`emerging_reports_group_id_foreign\` foreign key(\`group_id\`) references \`emerging_groups\`(\`id\`) on delete cascade on update cascade, constraint \`emerging_reports_advisory_id_foreign\` foreign key(\`advisory_id\`) references \`advisories\`(\`id\`) on delete cascade on update cascade, constraint \`emerging_reports_author_id_foreign\` foreign key(\`author_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`post_id\`));`);
    this.addSql(`create index \`emerging_reports_group_id_index\` on \`emerging_reports\` (\`group_id\`);`);
    this.addSql(`create index \`emerging_reports_advisory_id_index\` on \`emerging_reports\` (\`advisory_id\`);`);
    this.addSql(`create index \`emerging_reports_author_id_index\` on \`emerging_reports\` (\`author_id\`);`);
    this.addSql(`create index \`emerging_reports_group_idx\` on \`emerging_reports\` (\`group_id\`, \`author_id\`);`);
    this.addSql(`create index \`emerging_reports_software_idx\` on \`emerging_reports\` (\`advisory_id\`, \`software\`, \`post_id\`);`);
    this.addSql(`create index \`emerging_reports_platform_idx\` on \`emerging_reports\` (\`advisory_id\`, \`platform\`, \`post_id\`);`);
  }

}
