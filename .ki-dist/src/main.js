"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
require("reflect-metadata");
const core_1 = require("@nestjs/core");
const app_module_1 = require("./app.module");
const app_setup_1 = require("./app.setup");
const config_1 = require("./config/config");
const prepare_database_1 = require("./database/prepare-database");
async function bootstrap() {
    let config;
    try {
        config = (0, config_1.loadConfigFromEnv)();
    }
    catch (err) {
        if (err instanceof config_1.ConfigError) {
            process.stderr.write(`Configuration error: ${err.message}\n`);
            process.exit(1);
        }
        throw err;
    }
    const app = await core_1.NestFactory.create(app_module_1.AppModule.register(config), {
        ...app_setup_1.NEST_OPTIONS,
        logger: ['error', 'warn'],
    });
    (0, app_setup_1.configureApp)(app, config);
    app.enableShutdownHooks();
    const { demoLoaded } = await (0, prepare_database_1.prepareDatabase)(app);
    await app.listen(config.port, config.host);
    const where = config.database.engine === 'sqlite' ? `SQLite ${config.database.path}` : 'PostgreSQL';
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    if (demoLoaded)
        process.stdout.write('Demo bulletin MS04-044 loaded with its thread.\n');
    process.stdout.write(`HFR BBS会議室 is listening on http://localhost:${port} (${where})\n`);
}
bootstrap().catch((err) => {
    process.stderr.write(`Start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
});
//# sourceMappingURL=main.js.map