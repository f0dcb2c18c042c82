import { Migration } from '@mikro-orm/migrations';

/**
 * The curated index: known issues and bulletins again, with the same columns, tokens and rowids as search_fts,
 * so best match reads them without the whole doclist of a phrase that a million posts share. Filled by the
 * application once (CURATED_INDEX_MIGRATIONS): contentless search_fts keeps no tokens to copy.
 */
export class Migration20261205013000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create virtual table \`search_fts_curated\` using fts5(title, software, body, extra, content='', contentless_delete=1, tokenize="ascii tokenchars '_'");`);
  }

}
