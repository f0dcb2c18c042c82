import { Migration } from '@mikro-orm/migrations';

export class Migration20261126085208 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`citations\` (\`id\` integer not null primary key autoincrement, \`advisory_id\` text not null, \`note_index\` integer not null, \`kind\` text not null, \`target_id\` integer not null, constraint \`citations_advisory_id_foreign\` foreign key(\`advisory_id\`) references \`advisories\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`citations_advisory_id_index\` on \`citations\` (\`advisory_id\`);`);
    this.addSql(`create index \`citations_target_idx\` on \`citations\` (\`kind\`, \`target_id\`);`);
    this.addSql(`create unique index \`citations_unique\` on \`citations\` (\`advisory_id\`, \`note_index\`, \`kind\`, \`target_id\`);`);
  }

}
