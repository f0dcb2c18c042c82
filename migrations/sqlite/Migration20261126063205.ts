import { Migration } from '@mikro-orm/migrations';

export class Migration20261126063205 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`platform_stats\` (\`id\` integer not null primary key autoincrement, \`thread_id\` integer not null, \`platform_key\` text not null, \`outcome\` text not null, \`reports\` integer not null default 0, \`confirmations\` integer not null default 0, constraint \`platform_stats_thread_id_foreign\` foreign key(\`thread_id\`) references \`threads\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`platform_stats_thread_id_index\` on \`platform_stats\` (\`thread_id\`);`);
    this.addSql(`create unique index \`platform_stats_thread_platform_outcome_unique\` on \`platform_stats\` (\`thread_id\`, \`platform_key\`, \`outcome\`);`);

    this.addSql(`create table \`posts\` (\`id\` integer not null primary key autoincrement, \`thread_id\` integer not null, \`number\` integer not null, \`author_id\` integer not null, \`body_source\` text not null, \`body_html\` text not null, \`is_report\` integer not null default false, \`state\` text not null default 'visible', \`state_reason\` text null, \`reply_to_id\` integer null, \`edited_at\` datetime null, \`revision_count\` integer not null default 0, \`created_at\` datetime not null, constraint \`posts_thread_id_foreign\` foreign key(\`thread_id\`) references \`threads\`(\`id\`) on delete cascade on update cascade, constraint \`posts_author_id_foreign\` foreign key(\`author_id\`) references \`users\`(\`id\`) on update cascade, constraint \`posts_reply_to_id_foreign\` foreign key(\`reply_to_id\`) references \`posts\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`posts_thread_id_index\` on \`posts\` (\`thread_id\`);`);
    this.addSql(`create index \`posts_author_id_index\` on \`posts\` (\`author_id\`);`);
    this.addSql(`create index \`posts_reply_to_id_index\` on \`posts\` (\`reply_to_id\`);`);
    this.addSql(`create index \`posts_author_idx\` on \`posts\` (\`author_id\`, \`id\`);`);
    this.addSql(`create unique index \`posts_thread_number_unique\` on \`posts\` (\`thread_id\`, \`number\`);`);

    this.addSql(`create table \`post_revisions\` (\`id\` integer not null primary key autoincrement, \`post_id\` integer not null, \`revision\` integer not null, \`body_source\` text not null, \`editor_id\` integer not null, \`created_at\` datetime not null, constraint \`post_revisions_post_id_foreign\` foreign key(\`post_id\`) references \`posts\`(\`id\`) on delete cascade on update cascade, constraint \`post_revisions_editor_id_foreign\` foreign key(\`editor_id\`) references \`users\`(\`id\`) on update cascade);`);
    this.addSql(`create index \`post_revisions_post_id_index\` on \`post_revisions\` (\`post_id\`);`);
    this.addSql(`create index \`post_revisions_editor_id_index\` on \`post_revisions\` (\`editor_id\`);`);
    this.addSql(`create unique index \`post_revisions_post_revision_unique\` on \`post_revisions\` (\`post_id\`, \`revision\`);`);

    this.addSql(`create table \`field_reports\` (\`post_id\` integer not null, \`platform_id\` integer null, \`platform_other\` text null, \`outcome\` text not null, \`hosts\` integer not null, \`software\` text not null, \`confirmation_count\` integer not null default 0, constraint \`field_reports_post_id_foreign\` foreign key(\`post_id\`) references \`posts\`(\`id\`) on delete cascade on update cascade, constraint \`field_reports_platform_id_foreign\` foreign key(\`platform_id\`) references \`advisory_platforms\`(\`id\`) on delete set null on update cascade, primary key (\`post_id\`));`);
    this.addSql(`create index \`field_reports_platform_id_index\` on \`field_reports\` (\`platform_id\`);`);

    this.addSql(`create table \`known_issues\` (\`id\` integer not null primary key autoincrement, \`advisory_id\` text not null, \`title\` text not null, \`symptom\` text not null, \`platforms\` json not null, \`software\` text not null default '', \`workaround\` text not null default '', \`resolution\` text not null default '', \`references\` json not null, \`status\` text not null default 'investigating', \`position\` integer not null default 0, \`evidence_count\` integer not null default 0, \`created_by_id\` integer not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`known_issues_advisory_id_foreign\` foreign key(\`advisory_id\`) references \`advisories\`(\`id\`) on delete cascade on update cascade, constraint \`known_issues_created_by_id_foreign\` foreign key(\`created_by_id\`) references \`users\`(\`id\`) on update cascade);`);
    this.addSql(`create index \`known_issues_advisory_id_index\` on \`known_issues\` (\`advisory_id\`);`);
    this.addSql(`create index \`known_issues_created_by_id_index\` on \`known_issues\` (\`created_by_id\`);`);
    this.addSql(`create index \`known_issues_status_idx\` on \`known_issues\` (\`status\`, \`updated_at\`);`);
    this.addSql(`create index \`known_issues_advisory_idx\` on \`known_issues\` (\`advisory_id\`, \`position\`);`);

    this.addSql(`create table \`notifications\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`kind\` text not null, \`post_id\` integer null, \`known_issue_id\` integer null, \`actor_id\` integer null, \`read_at\` datetime null, \`created_at\` datetime not null, constraint \`notifications_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, constraint \`notifications_post_id_foreign\` foreign key(\`post_id\`) references \`posts\`(\`id\`) on delete cascade on update cascade, constraint \`notifications_known_issue_id_foreign\` foreign key(\`known_issue_id\`) references \`known_issues\`(\`id\`) on delete cascade on update cascade, constraint \`notifications_actor_id_foreign\` foreign key(\`actor_id\`) references \`users\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`notifications_user_id_index\` on \`notifications\` (\`user_id\`);`);
    this.addSql(`create index \`notifications_post_id_index\` on \`notifications\` (\`post_id\`);`);
    this.addSql(`create index \`notifications_known_issue_id_index\` on \`notifications\` (\`known_issue_id\`);`);
    this.addSql(`create index \`notifications_actor_id_index\` on \`notifications\` (\`actor_id\`);`);
    this.addSql(`create index \`notifications_user_idx\` on \`notifications\` (\`user_id\`, \`id\`);`);

    this.addSql(`create table \`known_issue_evidence\` (\`id\` integer not null primary key autoincrement, \`known_issue_id\` integer not null, \`post_id\` integer not null, \`added_by_id\` integer not null, \`created_at\` datetime not null, constraint \`known_issue_evidence_known_issue_id_foreign\` foreign key(\`known_issue_id\`) references \`known_issues\`(\`id\`) on delete cascade on update cascade, constraint \`known_issue_evidence_post_id_foreign\` foreign key(\`post_id\`) references \`posts\`(\`id\`) on delete cascade on update cascade, constraint \`known_issue_evidence_added_by_id_foreign\` foreign key(\`added_by_id\`) references \`users\`(\`id\`) on update cascade);`);
    this.addSql(`create index \`known_issue_evidence_known_issue_id_index\` on \`known_issue_evidence\` (\`known_issue_id\`);`);
    this.addSql(`create index \`known_issue_evidence_post_id_index\` on \`known_issue_evidence\` (\`post_id\`);`);
    this.addSql(`create index \`known_issue_evidence_added_by_id_index\` on \`known_issue_evidence\` (\`added_by_id\`);`);
    this.addSql(`create unique index \`known_issue_evidence_unique\` on \`known_issue_evidence\` (\`known_issue_id\`, \`post_id\`);`);

    this.addSql(`create table \`known_issue_events\` (\`id\` integer not null primary key autoincrement, \`known_issue_id\` integer not null, \`kind\` text not null, \`from_status\` text null, \`to_status\` text not null, \`note\` text not null, \`actor_id\` integer not null, \`created_at\` datetime not null, constraint \`known_issue_events_known_issue_id_foreign\` foreign key(\`known_issue_id\`) references \`known_issues\`(\`id\`) on delete cascade on update cascade, constraint \`known_issue_events_actor_id_foreign\` foreign key(\`actor_id\`) references \`users\`(\`id\`) on update cascade);`);
    this.addSql(`create index \`known_issue_events_known_issue_id_index\` on \`known_issue_events\` (\`known_issue_id\`);`);
    this.addSql(`create index \`known_issue_events_actor_id_index\` on \`known_issue_events\` (\`actor_id\`);`);
    this.addSql(`create index \`known_issue_events_issue_idx\` on \`known_issue_events\` (\`known_issue_id\`, \`id\`);`);

    this.addSql(`create table \`confirmations\` (\`id\` integer not null primary key autoincrement, \`report_id\` integer not null, \`user_id\` integer not null, \`platform_id\` integer null, \`platform_other\` text null, \`created_at\` datetime not null, constraint \`confirmations_report_id_foreign\` foreign key(\`report_id\`) references \`field_reports\`(\`post_id\`) on delete cascade on update cascade, constraint \`confirmations_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on update cascade, constraint \`confirmations_platform_id_foreign\` foreign key(\`platform_id\`) references \`advisory_platforms\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`confirmations_report_id_index\` on \`confirmations\` (\`report_id\`);`);
    this.addSql(`create index \`confirmations_platform_id_index\` on \`confirmations\` (\`platform_id\`);`);
    this.addSql(`create index \`confirmations_user_idx\` on \`confirmations\` (\`user_id\`);`);
    this.addSql(`create unique index \`confirmations_report_user_unique\` on \`confirmations\` (\`report_id\`, \`user_id\`);`);

    this.addSql(`create table \`watches\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`advisory_id\` text not null, \`created_at\` datetime not null, constraint \`watches_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, constraint \`watches_advisory_id_foreign\` foreign key(\`advisory_id\`) references \`advisories\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`watches_user_id_index\` on \`watches\` (\`user_id\`);`);
    this.addSql(`create index \`watches_advisory_id_index\` on \`watches\` (\`advisory_id\`);`);
    this.addSql(`create unique index \`watches_user_advisory_unique\` on \`watches\` (\`user_id\`, \`advisory_id\`);`);

    this.addSql(`alter table \`threads\` add column \`report_count\` integer not null default 0;`);
    this.addSql(`alter table \`threads\` add column \`problem_count\` integer not null default 0;`);

    this.addSql(`alter table \`users\` add column \`unread_notifications\` integer not null default 0;`);
  }

}
