import { Migration } from '@mikro-orm/migrations';

export class Migration20261126081738 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`posts\` add column \`idempotency_key\` text null;`);
    this.addSql(`create unique index \`posts_idempotency_key_unique\` on \`posts\` (\`idempotency_key\`);`);

    this.addSql(`alter table \`known_issues\` add column \`idempotency_key\` text null;`);
    this.addSql(`create unique index \`known_issues_idempotency_key_unique\` on \`known_issues\` (\`idempotency_key\`);`);
  }

}
