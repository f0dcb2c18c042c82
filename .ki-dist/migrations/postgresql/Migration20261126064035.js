"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Migration20261126064035 = void 0;
const migrations_1 = require("@mikro-orm/migrations");
class Migration20261126064035 extends migrations_1.Migration {
    async up() {
        this.addSql(`create table "flags" ("id" serial primary key, "post_id" int not null, "user_id" int not null, "reason" varchar(16) not null, "note" text null, "state" varchar(10) not null default 'open', "resolved_by_id" int null, "resolved_at" timestamptz null, "created_at" timestamptz not null);`);
        this.addSql(`create index "flags_state_idx" on "flags" ("state", "id");`);
        this.addSql(`alter table "flags" add constraint "flags_post_user_unique" unique ("post_id", "user_id");`);
        this.addSql(`alter table "flags" add constraint "flags_post_id_foreign" foreign key ("post_id") references "posts" ("id") on update cascade on delete cascade;`);
        this.addSql(`alter table "flags" add constraint "flags_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
        this.addSql(`alter table "flags" add constraint "flags_resolved_by_id_foreign" foreign key ("resolved_by_id") references "users" ("id") on update cascade on delete set null;`);
    }
    async down() {
        this.addSql(`drop table if exists "flags" cascade;`);
    }
}
exports.Migration20261126064035 = Migration20261126064035;
//# sourceMappingURL=Migration20261126064035.js.map