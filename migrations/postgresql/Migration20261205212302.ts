import { Migration } from '@mikro-orm/migrations';

/**
 * A post is written first and numbered last in its transaction (PostsRepository.number), so that posters in one
 * thread queue on its row only for the end of each other's transaction: the thread number pair is checked at
 * commit, and the page-cache revision triggers of a post and its field report (which update the thread's row, so
 * took its lock at the insert) run at commit too, in the same transaction.
 */
export class Migration20261205212302 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "posts" drop constraint "posts_thread_number_unique";`);

    this.addSql(`alter table "posts" add constraint "posts_thread_number_unique" unique ("thread_id", "number") deferrable initially deferred;`);
    for (const table of ['posts', 'field_reports']) {
      this.addSql(`drop trigger "page_${table}_touch" on "${table}";`);
      this.addSql(`create constraint trigger "page_${table}_touch" after insert or update or delete on "${table}" deferrable initially deferred for each row execute function "page_${table}_touch"();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['posts', 'field_reports']) {
      this.addSql(`drop trigger "page_${table}_touch" on "${table}";`);
      this.addSql(`create trigger "page_${table}_touch" after insert or update or delete on "${table}" for each row execute function "page_${table}_touch"();`);
    }
    this.addSql(`alter table "posts" drop constraint "posts_thread_number_unique";`);

    this.addSql(`alter table "posts" add constraint "posts_thread_number_unique" unique ("thread_id", "number");`);
  }

}
