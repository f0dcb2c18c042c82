"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Migration20261126051140 = void 0;
const migrations_1 = require("@mikro-orm/migrations");
class Migration20261126051140 extends migrations_1.Migration {
    async up() {
        this.addSql(`create table \`advisories\` (\`id\` text not null, \`kb\` json not null, \`title\` text not null, \`official_title\` text null, \`registered_on\` date not null, \`updated_on\` date not null, \`severity\` integer not null, \`exploit_code_public\` integer null, \`countermeasure\` text not null, \`reboot_required\` integer null, \`uninstallable\` integer null, \`targets\` json not null, \`vulnerability_id\` text null, \`references\` json not null, \`related_advisories\` json not null, \`summary\` text not null default '', \`vulnerabilities\` json not null, \`lab_tested_on\` json not null, \`editor_notes\` json not null, \`packages\` json not null, \`status\` text check (\`status\` in ('draft', 'published')) not null default 'draft', \`published_at\` datetime null, \`created_at\` datetime not null, \`modified_at\` datetime not null, primary key (\`id\`));`);
        this.addSql(`create index \`advisories_listing_idx\` on \`advisories\` (\`status\`, \`updated_on\`, \`id\`);`);
        this.addSql(`create table \`advisory_platforms\` (\`id\` integer not null primary key autoincrement, \`advisory_id\` text not null, \`key\` text not null, \`label\` text not null, \`product\` text not null, \`position\` integer not null, constraint \`advisory_platforms_advisory_id_foreign\` foreign key(\`advisory_id\`) references \`advisories\`(\`id\`) on delete cascade on update cascade);`);
        this.addSql(`create index \`advisory_platforms_advisory_id_index\` on \`advisory_platforms\` (\`advisory_id\`);`);
        this.addSql(`create unique index \`advisory_platforms_key_unique\` on \`advisory_platforms\` (\`advisory_id\`, \`key\`);`);
        this.addSql(`create table \`threads\` (\`id\` integer not null primary key autoincrement, \`advisory_id\` text not null, \`locked\` integer not null default false, \`post_count\` integer not null default 0, \`last_posted_at\` datetime null, \`created_at\` datetime not null, constraint \`threads_advisory_id_foreign\` foreign key(\`advisory_id\`) references \`advisories\`(\`id\`) on delete cascade on update cascade);`);
        this.addSql(`create unique index \`threads_advisory_unique\` on \`threads\` (\`advisory_id\`);`);
    }
}
exports.Migration20261126051140 = Migration20261126051140;
//# sourceMappingURL=Migration20261126051140.js.map