"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Migration20261126052606 = void 0;
const migrations_1 = require("@mikro-orm/migrations");
class Migration20261126052606 extends migrations_1.Migration {
    async up() {
        this.addSql(`create table \`audit_entries\` (\`id\` integer not null primary key autoincrement, \`actor_id\` integer null, \`actor_name\` text not null, \`action\` text not null, \`target_type\` text not null, \`target_id\` text not null, \`reason\` text null, \`detail\` json null, \`created_at\` datetime not null);`);
        this.addSql(`create index \`audit_entries_action_idx\` on \`audit_entries\` (\`action\`, \`id\`);`);
        this.addSql(`create index \`audit_entries_actor_idx\` on \`audit_entries\` (\`actor_id\`, \`id\`);`);
        this.addSql(`create table \`sessions\` (\`sid\` text not null, \`user_id\` integer null, \`data\` text not null, \`expires_at\` datetime not null, primary key (\`sid\`));`);
        this.addSql(`create index \`sessions_user_id_index\` on \`sessions\` (\`user_id\`);`);
        this.addSql(`create index \`sessions_expires_at_index\` on \`sessions\` (\`expires_at\`);`);
        this.addSql(`create table \`users\` (\`id\` integer not null primary key autoincrement, \`username\` text not null, \`username_key\` text not null, \`email\` text not null, \`password_hash\` text not null, \`role\` text not null default 'subscriber', \`state\` text not null default 'active', \`state_until\` datetime null, \`state_reason\` text null, \`post_count\` integer not null default 0, \`created_at\` datetime not null, \`password_changed_at\` datetime not null);`);
        this.addSql(`create unique index \`users_username_key_unique\` on \`users\` (\`username_key\`);`);
        this.addSql(`create unique index \`users_email_unique\` on \`users\` (\`email\`);`);
    }
}
exports.Migration20261126052606 = Migration20261126052606;
//# sourceMappingURL=Migration20261126052606.js.map