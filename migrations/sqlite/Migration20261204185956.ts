import { Migration } from '@mikro-orm/migrations';

/** Mailed single-use links (password reset, address confirmation); members from before count as confirmed. */
export class Migration20261204185956 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`account_tokens\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`purpose\` text not null, \`token_hash\` text not null, \`expires_at\` datetime not null, \`created_at\` datetime not null, constraint \`account_tokens_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`account_tokens_user_id_index\` on \`account_tokens\` (\`user_id\`);`);
    this.addSql(`create unique index \`account_tokens_token_hash_unique\` on \`account_tokens\` (\`token_hash\`);`);
    this.addSql(`create index \`account_tokens_user_purpose_index\` on \`account_tokens\` (\`user_id\`, \`purpose\`);`);

    this.addSql(`alter table \`users\` add column \`email_confirmed_at\` datetime null;`);
    this.addSql(`update \`users\` set \`email_confirmed_at\` = \`created_at\`;`);
  }

}
