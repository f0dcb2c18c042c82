import { Migration } from '@mikro-orm/migrations';

export class Migration20261204233000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`member_environments\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`email\` text not null default 'off', \`updated_at\` datetime not null, constraint \`member_environments_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`member_environments_user_id_index\` on \`member_environments\` (\`user_id\`);`);
    this.addSql(`create unique index \`member_environments_user_unique\` on \`member_environments\` (\`user_id\`);`);

    this.addSql(`create table \`mail_match_items\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`known_issue_id\` integer not null, \`actor_id\` integer null, \`payload\` json not null, \`created_at\` datetime not null, constraint \`mail_match_items_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, constraint \`mail_match_items_known_issue_id_foreign\` foreign key(\`known_issue_id\`) references \`known_issues\`(\`id\`) on delete cascade on update cascade, constraint \`mail_match_items_actor_id_foreign\` foreign key(\`actor_id\`) references \`users\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`mail_match_items_user_id_index\` on \`mail_match_items\` (\`user_id\`);`);
    this.addSql(`create index \`mail_match_items_known_issue_id_index\` on \`mail_match_items\` (\`known_issue_id\`);`);
    this.addSql(`create index \`mail_match_items_actor_id_index\` on \`mail_match_items\` (\`actor_id\`);`);
    this.addSql(`create index \`mail_match_items_user_idx\` on \`mail_match_items\` (\`user_id\`, \`id\`);`);

    this.addSql(`create table \`known_issue_terms\` (\`id\` integer not null primary key autoincrement, \`known_issue_id\` integer not null, \`term\` text not null, constraint \`known_issue_terms_known_issue_id_foreign\` foreign key(\`known_issue_id\`) references \`known_issues\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`known_issue_terms_known_issue_id_index\` on \`known_issue_terms\` (\`known_issue_id\`);`);
    this.addSql(`create index \`known_issue_terms_term_idx\` on \`known_issue_terms\` (\`term\`, \`known_issue_id\`);`);
    this.addSql(`create unique index \`known_issue_terms_issue_term_unique\` on \`known_issue_terms\` (\`known_issue_id\`, \`term\`);`);

    this.addSql(`create table \`environment_entries\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`kind\` text not null, \`value\` text not null, \`term\` text not null, \`match_key\` text null, \`position\` integer not null, constraint \`environment_entries_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`environment_entries_user_id_index\` on \`environment_entries\` (\`user_id\`);`);
    this.addSql(`create index \`environment_entries_term_idx\` on \`environment_entries\` (\`term\`, \`user_id\`);`);
    this.addSql(`create unique index \`environment_entries_user_term_unique\` on \`environment_entries\` (\`user_id\`, \`kind\`, \`value\`);`);

    this.addSql(`alter table \`known_issues\` add column \`software_key\` text not null default '';`);
  }

}
