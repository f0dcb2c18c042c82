import { Migration } from '@mikro-orm/migrations';

export class Migration20261204221354 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`verdict_changes\` (\`id\` integer not null primary key autoincrement, \`advisory_id\` text not null, \`platform_key\` text not null, \`verdict_before\` text not null, \`verdict_after\` text not null, \`reason_key\` text not null, \`reason_params\` json not null, \`changed_at\` datetime not null, constraint \`verdict_changes_advisory_id_foreign\` foreign key(\`advisory_id\`) references \`advisories\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`verdict_changes_advisory_id_index\` on \`verdict_changes\` (\`advisory_id\`);`);
    this.addSql(`create index \`verdict_changes_advisory_idx\` on \`verdict_changes\` (\`advisory_id\`, \`id\`);`);

    this.addSql(`create table \`verdict_states\` (\`advisory_id\` text not null, \`verdicts\` json not null, constraint \`verdict_states_advisory_id_foreign\` foreign key(\`advisory_id\`) references \`advisories\`(\`id\`) on delete cascade on update cascade, primary key (\`advisory_id\`));`);
    this.addSql(`create index \`verdict_states_advisory_id_index\` on \`verdict_states\` (\`advisory_id\`);`);

    this.addSql(`alter table \`platform_stats\` add column \`hosts\` integer not null default 0;`);

    // Reports written before hosts were counted: their platforms' sums, recounted once from the visible reports.
    this.addSql(`update \`platform_stats\` set \`hosts\` = coalesce((select sum(r.hosts) from field_reports r join posts p on p.id = r.post_id left join advisory_platforms ap on ap.id = r.platform_id where p.thread_id = platform_stats.thread_id and p.state = 'visible' and r.outcome = platform_stats.outcome and coalesce(ap.key, 'other') = platform_stats.platform_key), 0);`);
  }

}
