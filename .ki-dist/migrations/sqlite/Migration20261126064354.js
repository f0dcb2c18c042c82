"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Migration20261126064354 = void 0;
const migrations_1 = require("@mikro-orm/migrations");
class Migration20261126064354 extends migrations_1.Migration {
    async up() {
        this.addSql(`alter table \`users\` add column \`approved_posts\` integer not null default 0;`);
    }
}
exports.Migration20261126064354 = Migration20261126064354;
//# sourceMappingURL=Migration20261126064354.js.map