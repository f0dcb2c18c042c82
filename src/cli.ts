import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { AdvisoriesService } from './advisories/advisories.service';
import { checkImport, ImportSource, problemSummaryLine } from './advisories/advisory-import';
import { AppModule } from './app.module';
import { AppConfig, ConfigError, loadConfigFromEnv } from './config/config';
import { prepareDatabase } from './database/prepare-database';
import { FormInvalidException } from './common/forms/form-invalid.exception';
import { translate } from './common/i18n/i18n';
import { Role } from './policy/viewer';
import { UsersService } from './users/users.service';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  users:create --username U --password P --email E --role subscriber|moderator|editor|admin
      Create a member (the first admin, say). The same rules as the registration form apply.

  advisories:import FILE.json [FILE.json …] [--publish]
      Validate every file first; on any problem print each one with its JSON path and write nothing.
      A file holds one advisory object or an array of them. Re-importing an id updates it.
      --publish publishes the advisories (and creates their threads).
`;

type Out = { log: (s: string) => void; error: (s: string) => void };
const stdio: Out = { log: (s) => process.stdout.write(s + '\n'), error: (s) => process.stderr.write(s + '\n') };

/** Runs one admin command; returns the process exit code. */
export async function runCli(argv: string[], out: Out = stdio, configured?: AppConfig): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') {
    out.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'users:create') return createUser(args, out, configured);
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

  // Validate everything before touching the database.
  const { docs, lines } = checkImport(files.map((file): ImportSource => {
    try {
      return { name: file, text: readFileSync(file, 'utf8') };
    } catch (err) {
      return { name: file, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
    }
  }));
  for (const line of lines) out.error(line);
  if (lines.length) {
    out.error(`\n${problemSummaryLine(lines.length)}`);
    return 1;
  }

  const started = Date.now();
  const app = await openApp(out, configured);
  if (!app) return 1;
  try {
    const outcomes = await app.get(AdvisoriesService).importDocuments(docs, { publish, actor: 'cli' });
    outcomes.forEach((o, i) => {
      out.log(`[${i + 1}/${outcomes.length}] ${o.id}: ${o.created ? 'created' : 'updated'}, ${o.published ? 'published' : 'draft'}`);
      // Not an error: the advisory is imported, the address kept as text.
      for (const w of o.warnings) out.error(`warning: ${o.id}: ${w.path}: ${w.message}; kept as text, not linked`);
    });
    const created = outcomes.filter((o) => o.created).length;
    const published = outcomes.filter((o) => o.published).length;
    out.log(`Imported ${outcomes.length} advisor${outcomes.length === 1 ? 'y' : 'ies'} (${created} created, ${outcomes.length - created} updated, ${published} published) in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return 0;
  } finally {
    await app.close();
  }
}

/** The application without HTTP, on the configured database, migrated; null after printing why not. */
async function openApp(out: Out, configured?: AppConfig): Promise<INestApplicationContext | null> {
  let config: AppConfig;
  try {
    config = configured ?? loadConfigFromEnv();
  } catch (err) {
    if (err instanceof ConfigError) {
      out.error(`Configuration error: ${err.message}`);
      return null;
    }
    throw err;
  }
  const app = await NestFactory.createApplicationContext(AppModule.register({ ...config, demoData: false }), { logger: ['error', 'warn'] });
  await prepareDatabase(app);
  return app;
}

const USER_FLAGS = ['--username', '--password', '--email', '--role'];

async function createUser(args: string[], out: Out, configured?: AppConfig): Promise<number> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    if (!USER_FLAGS.includes(args[i]) || args[i + 1] === undefined) {
      out.error(`Unexpected "${args[i]}". ${USAGE.split('\n').find((l) => l.includes('users:create'))!.trim()}`);
      return 2;
    }
    flags[args[i].slice(2)] = args[i + 1];
  }
  const missing = USER_FLAGS.filter((f) => !flags[f.slice(2)]);
  if (missing.length) {
    out.error(`Missing ${missing.join(', ')}.`);
    return 2;
  }
  if (!(Object.values(Role) as string[]).includes(flags.role)) {
    out.error(`--role must be one of ${Object.values(Role).join(', ')}.`);
    return 2;
  }
  const app = await openApp(out, configured);
  if (!app) return 1;
  try {
    const user = await app.get(UsersService).create({ username: flags.username, email: flags.email, password: flags.password, role: flags.role as Role }, 'cli');
    out.log(`Created ${user.role} "${user.username}" (id ${user.id}).`);
    return 0;
  } catch (err) {
    if (!(err instanceof FormInvalidException)) throw err;
    for (const [field, key] of Object.entries(err.errors)) out.error(`--${field}: ${translate('en', key)}`);
    return 1;
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`Failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
