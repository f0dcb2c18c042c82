import { Migration } from '@mikro-orm/migrations';

/**
 * Only a new post's or field report's revision touch waits for commit: their updates and deletes touch the thread
 * at once again, as before Migration20261205212302, so that edits and moderation keep taking the thread's row before
 * the report's row (the order a confirmation takes them in).
 */
export class Migration20261205220000 extends Migration {

  override async up(): Promise<void> {
    for (const table of ['posts', 'field_reports']) {
      this.addSql(`drop trigger "page_${table}_touch" on "${table}";`);
      this.addSql(`create trigger "page_${table}_touch" after update or delete on "${table}" for each row execute function "page_${table}_touch"();`);
      this.addSql(`create constraint trigger "page_${table}_insert" after insert on "${table}" deferrable initially deferred for each row execute function "page_${table}_touch"();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['posts', 'field_reports']) {
      this.addSql(`drop trigger "page_${table}_insert" on "${table}";`);
      this.addSql(`drop trigger "page_${table}_touch" on "${table}";`);
      this.addSql(`create constraint trigger "page_${table}_touch" after insert or update or delete on "${table}" deferrable initially deferred for each row execute function "page_${table}_touch"();`);
    }
  }

}
