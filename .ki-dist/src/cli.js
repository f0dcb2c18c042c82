"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.runCli = runCli;
require("reflect-metadata");
const core_1 = require("@nestjs/core");
const node_fs_1 = require("node:fs");
const advisories_service_1 = require("./advisories/advisories.service");
const advisory_import_1 = require("./advisories/advisory-import");
const app_module_1 = require("./app.module");
const config_1 = require("./config/config");
const prepare_database_1 = require("./database/prepare-database");
const form_invalid_exception_1 = require("./common/forms/form-invalid.exception");
const i18n_1 = require("./common/i18n/i18n");
const viewer_1 = require("./policy/viewer");
const users_service_1 = require("./users/users.service");
const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  users:create --username U --password P --email E --role subscriber|moderator|editor|admin
      Create a member (the first admin, say). The same rules as the registration form apply.

  advisories:import FILE.json [FILE.json …] [--publish]
      Validate every file first; on any problem print each one with its JSON path and write nothing.
      A file holds one advisory object or an array of them. Re-importing an id updates it.
      --publish publishes the advisories (and creates their threads).
`;
const stdio = { log: (s) => process.stdout.write(s + '\n'), error: (s) => process.stderr.write(s + '\n') };
async function runCli(argv, out = stdio, configured) {
    const [command, ...args] = argv;
    if (!command || command === 'help' || command === '--help') {
        out.log(USAGE);
        return command ? 0 : 2;
    }
    if (command === 'users:create')
        return createUser(args, out, configured);
    if (command !== 'advisories:import') {
        out.error(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
    const publish = args.includes('--publish');
    const unknownFlags = args.filter((a) => a.startsWith('--') && a !== '--publish');
    const files = args.filter((a) => !a.startsWith('--'));
    if (unknownFlags.length || files.length === 0) {
        out.error(unknownFlags.length ? `Unknown option ${unknownFlags.join(', ')}.` : 'Name at least one JSON file to import.');
        return 2;
    }
    const docs = [];
    let problemCount = 0;
    for (const file of files) {
        let text;
        try {
            text = (0, node_fs_1.readFileSync)(file, 'utf8');
        }
        catch (err) {
            out.error(`${file}: cannot be read (${err.code ?? err.message})`);
            problemCount++;
            continue;
        }
        const parsed = (0, advisory_import_1.parseAdvisoryFile)(text);
        for (const p of parsed.problems)
            out.error(`${file}: ${p.path}: ${p.message}`);
        problemCount += parsed.problems.length;
        docs.push(...parsed.docs);
    }
    for (const id of (0, advisory_import_1.duplicateIds)(docs)) {
        out.error(`${id}: appears more than once in this import`);
        problemCount++;
    }
    if (problemCount) {
        out.error(`\n${problemCount} problem${problemCount > 1 ? 's' : ''} found; nothing was imported.`);
        return 1;
    }
    const started = Date.now();
    const app = await openApp(out, configured);
    if (!app)
        return 1;
    try {
        const outcomes = await app.get(advisories_service_1.AdvisoriesService).importDocuments(docs, { publish });
        outcomes.forEach((o, i) => {
            out.log(`[${i + 1}/${outcomes.length}] ${o.id}: ${o.created ? 'created' : 'updated'}, ${o.published ? 'published' : 'draft'}`);
        });
        const created = outcomes.filter((o) => o.created).length;
        const published = outcomes.filter((o) => o.published).length;
        out.log(`Imported ${outcomes.length} advisor${outcomes.length === 1 ? 'y' : 'ies'} (${created} created, ${outcomes.length - created} updated, ${published} published) in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
        return 0;
    }
    finally {
        await app.close();
    }
}
async function openApp(out, configured) {
    let config;
    try {
        config = configured ?? (0, config_1.loadConfigFromEnv)();
    }
    catch (err) {
        if (err instanceof config_1.ConfigError) {
            out.error(`Configuration error: ${err.message}`);
            return null;
        }
        throw err;
    }
    const app = await core_1.NestFactory.createApplicationContext(app_module_1.AppModule.register({ ...config, demoData: false }), { logger: ['error', 'warn'] });
    await (0, prepare_database_1.prepareDatabase)(app);
    return app;
}
const USER_FLAGS = ['--username', '--password', '--email', '--role'];
async function createUser(args, out, configured) {
    const flags = {};
    for (let i = 0; i < args.length; i += 2) {
        if (!USER_FLAGS.includes(args[i]) || args[i + 1] === undefined) {
            out.error(`Unexpected "${args[i]}". ${USAGE.split('\n').find((l) => l.includes('users:create')).trim()}`);
            return 2;
        }
        flags[args[i].slice(2)] = args[i + 1];
    }
    const missing = USER_FLAGS.filter((f) => !flags[f.slice(2)]);
    if (missing.length) {
        out.error(`Missing ${missing.join(', ')}.`);
        return 2;
    }
    if (!Object.values(viewer_1.Role).includes(flags.role)) {
        out.error(`--role must be one of ${Object.values(viewer_1.Role).join(', ')}.`);
        return 2;
    }
    const app = await openApp(out, configured);
    if (!app)
        return 1;
    try {
        const user = await app.get(users_service_1.UsersService).create({ username: flags.username, email: flags.email, password: flags.password, role: flags.role }, 'cli');
        out.log(`Created ${user.role} "${user.username}" (id ${user.id}).`);
        return 0;
    }
    catch (err) {
        if (!(err instanceof form_invalid_exception_1.FormInvalidException))
            throw err;
        for (const [field, key] of Object.entries(err.errors))
            out.error(`--${field}: ${(0, i18n_1.translate)('en', key)}`);
        return 1;
    }
    finally {
        await app.close();
    }
}
if (require.main === module) {
    runCli(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
        process.stderr.write(`Failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
    });
}
//# sourceMappingURL=cli.js.map