"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ormOptions = ormOptions;
const better_sqlite_1 = require("@mikro-orm/better-sqlite");
const migrations_1 = require("@mikro-orm/migrations");
const postgresql_1 = require("@mikro-orm/postgresql");
const node_path_1 = require("node:path");
const entities_1 = require("../entities");
function ormOptions(config, forCli = false) {
    const engine = config.database.engine;
    const migrations = {
        tableName: 'mikro_orm_migrations',
        path: (0, node_path_1.join)(config.rootDir, 'dist', 'migrations', engine),
        pathTs: (0, node_path_1.join)(config.rootDir, 'migrations', engine),
        glob: '!(*.d).{js,ts}',
        emit: 'ts',
        snapshot: forCli,
        snapshotName: '.snapshot',
        transactional: true,
        allOrNothing: true,
        silent: config.env === 'test',
    };
    const common = {
        entities: entities_1.ENTITIES,
        extensions: [migrations_1.Migrator],
        migrations,
        preferTs: false,
        forceUtcTimezone: true,
        ignoreUndefinedInQuery: true,
        debug: false,
        allowGlobalContext: false,
    };
    if (config.database.engine === 'postgresql') {
        return { ...common, driver: postgresql_1.PostgreSqlDriver, clientUrl: config.database.url, pool: { min: 0, max: 10 } };
    }
    return {
        ...common,
        driver: better_sqlite_1.BetterSqliteDriver,
        dbName: config.database.path,
        pool: {
            afterCreate: (conn, done) => {
                conn.pragma('journal_mode = WAL');
                conn.pragma('foreign_keys = ON');
                conn.pragma('busy_timeout = 5000');
                conn.pragma('synchronous = NORMAL');
                done(null, conn);
            },
        },
    };
}
//# sourceMappingURL=mikro-orm.config.js.map