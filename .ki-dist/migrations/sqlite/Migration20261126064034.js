"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Migration20261126064034 = void 0;
const migrations_1 = require("@mikro-orm/migrations");
class Migration20261126064034 extends migrations_1.Migration {
    async up() {
        this.addSql(`create table \`flags\` (\`id\` integer not null primary key autoincrement, \`post_id\` integer not null, \`user_id\` integer not null, \`reason\` text not null, \`note\` text null, \`state\` text not null default 'open', \`resolved_by_id\` integer null, \`resolved_at\` datetime null, \`created_at\` datetime not null, constraint \`flags_post_id_foreign\` foreign key(\`post_id\`) references \`posts\`(\`id\`) on delete cascade on update cascade, constraint \`flags_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, constraint \`flags_resolved_by_id_foreign\` foreign key(\`resolved_by_id\`) references \`users\`(\`id\`) on delete set null on update cascade);`);
        this.addSql(`create index \`flags_post_id_index\` on \`flags\` (\`post_id\`);`);
        this.addSql(`create index \`flags_user_id_index\` on \`flags\` (\`user_id\`);`);
        this.addSql(`create index \`flags_resolved_by_id_index\` on \`flags\` (\`resolved_by_id\`);`);
        this.addSql(`create index \`flags_state_idx\` on \`flags\` (\`state\`, \`id\`);`);
        this.addSql(`create unique index \`flags_post_user_unique\` on \`flags\` (\`post_id\`, \`user_id\`);`);
    }
}
exports.Migration20261126064034 = Migration20261126064034;
//# sourceMappingURL=Migration20261126064034.js.map