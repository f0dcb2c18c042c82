"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Migration20261126064355 = void 0;
const migrations_1 = require("@mikro-orm/migrations");
class Migration20261126064355 extends migrations_1.Migration {
    async up() {
        this.addSql(`alter table "users" add column "approved_posts" int not null default 0;`);
    }
    async down() {
        this.addSql(`alter table "users" drop column "approved_posts";`);
    }
}
exports.Migration20261126064355 = Migration20261126064355;
//# sourceMappingURL=Migration20261126064355.js.map