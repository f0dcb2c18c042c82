import { Migration } from '@mikro-orm/migrations';

/** The status window and the board index's hold notice read published bulletins by publication time. */
export class Migration20261205012406 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index \`advisories_published_idx\` on \`advisories\` (\`status\`, \`published_at\`);`);
  }

}
