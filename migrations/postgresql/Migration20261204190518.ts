import { Migration } from '@mikro-orm/migrations';

export class Migration20261204190518 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "notifications" add column "payload" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "notifications" drop column "payload";`);
  }

}
