"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Migration20261126052607 = void 0;
const migrations_1 = require("@mikro-orm/migrations");
class Migration20261126052607 extends migrations_1.Migration {
    async up() {
        this.addSql(`create table "audit_entries" ("id" serial primary key, "actor_id" int null, "actor_name" varchar(64) not null, "action" varchar(40) not null, "target_type" varchar(20) not null, "target_id" varchar(64) not null, "reason" text null, "detail" jsonb null, "created_at" timestamptz not null);`);
        this.addSql(`create index "audit_entries_action_idx" on "audit_entries" ("action", "id");`);
        this.addSql(`create index "audit_entries_actor_idx" on "audit_entries" ("actor_id", "id");`);
        this.addSql(`create table "sessions" ("sid" varchar(64) not null, "user_id" int null, "data" text not null, "expires_at" timestamptz not null, constraint "sessions_pkey" primary key ("sid"));`);
        this.addSql(`create index "sessions_user_id_index" on "sessions" ("user_id");`);
        this.addSql(`create index "sessions_expires_at_index" on "sessions" ("expires_at");`);
        this.addSql(`create table "users" ("id" serial primary key, "username" varchar(64) not null, "username_key" varchar(128) not null, "email" varchar(254) not null, "password_hash" varchar(255) not null, "role" varchar(12) not null default 'subscriber', "state" varchar(12) not null default 'active', "state_until" timestamptz null, "state_reason" text null, "post_count" int not null default 0, "created_at" timestamptz not null, "password_changed_at" timestamptz not null);`);
        this.addSql(`alter table "users" add constraint "users_username_key_unique" unique ("username_key");`);
        this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);
    }
    async down() {
        this.addSql(`drop table if exists "audit_entries" cascade;`);
        this.addSql(`drop table if exists "sessions" cascade;`);
        this.addSql(`drop table if exists "users" cascade;`);
    }
}
exports.Migration20261126052607 = Migration20261126052607;
//# sourceMappingURL=Migration20261126052607.js.map