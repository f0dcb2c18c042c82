"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.prepareDatabase = prepareDatabase;
const core_1 = require("@mikro-orm/core");
const config_1 = require("../config/config");
const demo_data_1 = require("./demo-data");
async function prepareDatabase(app) {
    const orm = app.get(core_1.MikroORM);
    const config = app.get(config_1.APP_CONFIG);
    const migrator = orm.getMigrator();
    const fresh = (await migrator.getExecutedMigrations()).length === 0;
    const applied = (await migrator.up()).map((m) => m.name);
    let demoLoaded = false;
    if (fresh && config.demoData) {
        await (0, demo_data_1.loadDemoData)(app);
        demoLoaded = true;
    }
    return { applied, demoLoaded };
}
//# sourceMappingURL=prepare-database.js.map