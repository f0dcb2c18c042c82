"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Migration20261126051141 = void 0;
const migrations_1 = require("@mikro-orm/migrations");
class Migration20261126051141 extends migrations_1.Migration {
    async up() {
        this.addSql(`create table "advisories" ("id" varchar(20) not null, "kb" jsonb not null, "title" varchar(300) not null, "official_title" varchar(300) null, "registered_on" date not null, "updated_on" date not null, "severity" smallint not null, "exploit_code_public" boolean null, "countermeasure" varchar(10) not null, "reboot_required" boolean null, "uninstallable" boolean null, "targets" jsonb not null, "vulnerability_id" varchar(100) null, "references" jsonb not null, "related_advisories" jsonb not null, "summary" text not null default '', "vulnerabilities" jsonb not null, "lab_tested_on" jsonb not null, "editor_notes" jsonb not null, "packages" jsonb not null, "status" text check ("status" in ('draft', 'published')) not null default 'draft', "published_at" timestamptz null, "created_at" timestamptz not null, "modified_at" timestamptz not null, constraint "advisories_pkey" primary key ("id"));`);
        this.addSql(`create index "advisories_listing_idx" on "advisories" ("status", "updated_on", "id");`);
        this.addSql(`create table "advisory_platforms" ("id" serial primary key, "advisory_id" varchar(20) not null, "key" varchar(40) not null, "label" varchar(200) not null, "product" varchar(200) not null, "position" smallint not null);`);
        this.addSql(`alter table "advisory_platforms" add constraint "advisory_platforms_key_unique" unique ("advisory_id", "key");`);
        this.addSql(`create table "threads" ("id" serial primary key, "advisory_id" varchar(20) not null, "locked" boolean not null default false, "post_count" int not null default 0, "last_posted_at" timestamptz null, "created_at" timestamptz not null);`);
        this.addSql(`alter table "threads" add constraint "threads_advisory_unique" unique ("advisory_id");`);
        this.addSql(`alter table "advisory_platforms" add constraint "advisory_platforms_advisory_id_foreign" foreign key ("advisory_id") references "advisories" ("id") on update cascade on delete cascade;`);
        this.addSql(`alter table "threads" add constraint "threads_advisory_id_foreign" foreign key ("advisory_id") references "advisories" ("id") on update cascade on delete cascade;`);
    }
    async down() {
        this.addSql(`alter table "advisory_platforms" drop constraint "advisory_platforms_advisory_id_foreign";`);
        this.addSql(`alter table "threads" drop constraint "threads_advisory_id_foreign";`);
        this.addSql(`drop table if exists "advisories" cascade;`);
        this.addSql(`drop table if exists "advisory_platforms" cascade;`);
        this.addSql(`drop table if exists "threads" cascade;`);
    }
}
exports.Migration20261126051141 = Migration20261126051141;
//# sourceMappingURL=Migration20261126051141.js.map