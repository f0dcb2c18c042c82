import { Migration } from '@mikro-orm/migrations';

export class Migration20261126064354 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`users\` add column \`approved_posts\` integer not null default 0;`);
  }

}
