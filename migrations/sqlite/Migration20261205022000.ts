import { Migration } from '@mikro-orm/migrations';

/**
 * The bulletin page is a cached page too (the advisory's thread revision validates it): it shows every column of
 * its advisory, which related bulletins are published, and the state of the posts and the titles of the known issues its editor notes cite, wherever they are.
 */
export class Migration20261205022000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create trigger \`page_advisories_bulletin\` after update on \`advisories\` begin update threads set revision = revision + 1 where advisory_id = new.id; end;`);
    // A bulletin links its related bulletins that are published: one imported as published, or removed, changes it.
    for (const op of ['insert', 'delete']) {
      this.addSql(`create trigger \`page_advisories_${op}\` after ${op} on \`advisories\` begin update page_epoch set epoch = epoch + 1; end;`);
    }
    const citing = (kind: string, row: 'new' | 'old') =>
      `update threads set revision = revision + 1 where advisory_id in (select advisory_id from citations where kind = '${kind}' and target_id = ${row}.id);`;
    this.addSql(`create trigger \`page_posts_cited_update\` after update of state on \`posts\` begin ${citing('post', 'new')} end;`);
    this.addSql(`create trigger \`page_posts_cited_delete\` after delete on \`posts\` begin ${citing('post', 'old')} end;`);
    this.addSql(`create trigger \`page_known_issues_cited_update\` after update of title on \`known_issues\` begin ${citing('known-issue', 'new')} end;`);
    this.addSql(`create trigger \`page_known_issues_cited_delete\` after delete on \`known_issues\` begin ${citing('known-issue', 'old')} end;`);
  }

}
