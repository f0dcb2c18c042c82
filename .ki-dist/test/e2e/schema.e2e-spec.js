"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const test_app_1 = require("../support/test-app");
(0, node_test_1.describe)(`migrations on ${test_app_1.ENGINE}`, () => {
    (0, node_test_1.it)('leave no difference between the migrated schema and the entities', async () => {
        const t = await (0, test_app_1.createTestApp)();
        try {
            const pending = await t.orm.getMigrator().getPendingMigrations();
            strict_1.default.deepEqual(pending, []);
            const diff = await t.orm.schema.getUpdateSchemaSQL({ wrap: false });
            strict_1.default.equal(diff.trim(), '', `schema differs from the entities:\n${diff}`);
            strict_1.default.equal(await t.orm.getMigrator().checkMigrationNeeded(), false);
        }
        finally {
            await t.close();
        }
    });
});
//# sourceMappingURL=schema.e2e-spec.js.map