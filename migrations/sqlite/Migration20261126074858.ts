import { Migration } from '@mikro-orm/migrations';

export class Migration20261126074858 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`search_documents\` (\`id\` integer not null primary key autoincrement, \`kind\` text not null, \`source_id\` text not null, \`advisory_id\` text not null, \`indexed\` integer not null default true);`);
    this.addSql(`create index \`search_documents_advisory_idx\` on \`search_documents\` (\`advisory_id\`);`);
    this.addSql(`create unique index \`search_documents_source_unique\` on \`search_documents\` (\`kind\`, \`source_id\`);`);
  }

}
