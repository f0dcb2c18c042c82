import { Migration } from '@mikro-orm/migrations';

export class Migration20261126074406 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`mail_outbox\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer null, \`kind\` text not null, \`to_address\` text not null, \`subject\` text not null, \`body\` text not null, \`unsubscribe_url\` text null, \`message_id\` text not null, \`status\` text not null default 'pending', \`attempts\` integer not null default 0, \`next_attempt_at\` datetime not null, \`last_error\` text null, \`created_at\` datetime not null, \`sent_at\` datetime null, constraint \`mail_outbox_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`mail_outbox_user_id_index\` on \`mail_outbox\` (\`user_id\`);`);
    this.addSql(`create index \`mail_outbox_due_idx\` on \`mail_outbox\` (\`status\`, \`next_attempt_at\`);`);

    this.addSql(`create table \`mail_digest_items\` (\`id\` integer not null primary key autoincrement, \`watch_id\` integer not null, \`post_id\` integer not null, \`created_at\` datetime not null, constraint \`mail_digest_items_watch_id_foreign\` foreign key(\`watch_id\`) references \`watches\`(\`id\`) on delete cascade on update cascade, constraint \`mail_digest_items_post_id_foreign\` foreign key(\`post_id\`) references \`posts\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`mail_digest_items_watch_id_index\` on \`mail_digest_items\` (\`watch_id\`);`);
    this.addSql(`create index \`mail_digest_items_post_id_index\` on \`mail_digest_items\` (\`post_id\`);`);
    this.addSql(`create unique index \`mail_digest_items_watch_post_unique\` on \`mail_digest_items\` (\`watch_id\`, \`post_id\`);`);

    this.addSql(`alter table \`watches\` add column \`email_enabled\` integer not null default false;`);
  }

}
