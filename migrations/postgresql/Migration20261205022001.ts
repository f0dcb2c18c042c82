import { Migration } from '@mikro-orm/migrations';

/**
 * The bulletin page is a cached page too (the advisory's thread revision validates it): it shows every column of
 * its advisory, which related bulletins are published, and the state of the posts and the titles of the known issues its editor notes cite, wherever they are.
 */
export class Migration20261205022001 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create function "page_advisories_bulletin"() returns trigger language plpgsql as $$
      begin
        update threads set revision = revision + 1 where advisory_id = new.id;
        return null;
      end $$;`);
    this.addSql(`create trigger "page_advisories_bulletin" after update on "advisories" for each row execute function "page_advisories_bulletin"();`);
    // A bulletin links its related bulletins that are published: one imported as published, or removed, changes it.
    this.addSql(`create trigger "page_advisories_insert_delete" after insert or delete on "advisories" for each row execute function "page_epoch_touch"();`);
    // The citing bulletins of a post or known issue; tg_argv[0] is the citation kind.
    this.addSql(`create function "page_cited_touch"() returns trigger language plpgsql as $$
      declare target int;
      begin
        if tg_op = 'DELETE' then target := old.id; else target := new.id; end if;
        update threads set revision = revision + 1 where advisory_id in
          (select advisory_id from citations where kind = tg_argv[0] and target_id = target);
        return null;
      end $$;`);
    this.addSql(`create trigger "page_posts_cited" after update of state or delete on "posts" for each row execute function "page_cited_touch"('post');`);
    this.addSql(`create trigger "page_known_issues_cited" after update of title or delete on "known_issues" for each row execute function "page_cited_touch"('known-issue');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "page_posts_cited" on "posts";`);
    this.addSql(`drop trigger "page_known_issues_cited" on "known_issues";`);
    this.addSql(`drop function "page_cited_touch"();`);
    this.addSql(`drop trigger "page_advisories_insert_delete" on "advisories";`);
    this.addSql(`drop trigger "page_advisories_bulletin" on "advisories";`);
    this.addSql(`drop function "page_advisories_bulletin"();`);
  }

}
