import { Migration } from '@mikro-orm/migrations';

/**
 * The full-text index (raw SQL: MikroORM has no FTS5 support, and skips search_fts* in its schema diff).
 * Contentless (only the tokens are stored; text comes from the rows); contentless_delete lets edits and
 * hides remove a row. The "ascii" tokenizer splits our pre-tokenized text on spaces ('_' kept for the
 * facet tokens); every non-ASCII character counts as a token character.
 */
export class Migration20261126074909 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create virtual table \`search_fts\` using fts5(title, software, body, extra, content='', contentless_delete=1, tokenize="ascii tokenchars '_'");`);
  }

}
