import { Migration } from '@mikro-orm/migrations';

/**
 * The page epoch moved by the advisories' columns the board index and /status show or order by
 * (page_advisories_update has the rest): a stored page of a window of advisories then sees every edit.
 */
export class Migration20261205012446 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create trigger \`page_advisories_listing\` after update of registered_on, updated_on, severity, countermeasure, published_at on \`advisories\` begin update page_epoch set epoch = epoch + 1; end;`);
  }

}
