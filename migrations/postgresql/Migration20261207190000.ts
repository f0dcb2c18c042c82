import { Migration } from '@mikro-orm/migrations';

/**
 * A post's thread and author keys are checked at commit. Checked at the insert, each took a share lock on the thread's
 * row (and the author's) early in its transaction, so every poster's update of the thread's counters met other posters'
 * share locks and made a multixact of them all: GetMultiXactIdMembers was ≈ 23% of PostgreSQL's CPU under the write load.
 */
export class Migration20261207190000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "posts" alter constraint "posts_thread_id_foreign" deferrable initially deferred;`);
    this.addSql(`alter table "posts" alter constraint "posts_author_id_foreign" deferrable initially deferred;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "posts" alter constraint "posts_thread_id_foreign" not deferrable;`);
    this.addSql(`alter table "posts" alter constraint "posts_author_id_foreign" not deferrable;`);
  }

}
