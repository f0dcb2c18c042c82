import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { AdvisoriesService } from './advisories/advisories.service';
import { checkImport, ImportSource, problemLine, problemSummaryLine } from './advisories/advisory-import';
import { AppModule } from './app.module';
import { APP_CONFIG, AppConfig, ConfigError, loadConfigFromEnv } from './config/config';
import { prepareDatabase } from './prepare-database';
import { FormInvalidException } from './common/forms/form-invalid.exception';
import { BackupError, backupSqlite, restoreSqlite } from './database/sqlite-backup';
import { translate } from './common/i18n/i18n';
import { MailSender } from './mail/mail.sender';
import { MailService } from './mail/mail.service';
import { Role } from './policy/viewer';
import { SearchIndexService } from './search/search-index.service';
import { UsersService } from './users/users.service';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  users:create --username U --email E --role subscriber|moderator|editor|admin [--password P]
      Create a member (the first admin, say). The same rules as the registration form apply.
      Without --password it is asked for (not shown, twice) or read from the first line of piped input,
      so it stays out of the shell history and npm's echo of the command.

  advisories:import FILE.json [FILE.json …] [--publish]
      Validate every file first; on any problem print each one with its JSON path and write nothing.
      A file holds one advisory object or an array of them. Re-importing an id updates it.
      --publish publishes the advisories (and creates their threads).

  search:reindex
      Rebuild the search index from the posts, known issues and bulletins (in one transaction:
      searches keep answering from the old index until it is done).

  mail:digest
      Write the daily digest of new field reports for every watch with email on, then deliver the
      outbox once (when SMTP_URL is set). Running it again sends nothing already digested. For cron.
  backup FILE
      SQLite: an online backup of the database into FILE (a new file) while the board keeps running,
      with progress and a summary; the copy is checked with integrity_check. PostgreSQL: use pg_dump.

  restore FILE
      SQLite: checks FILE (integrity, a board database) and puts it in place of the database. Refused
      while the board (or anything) has the database open: stop it first. The replaced database is kept
      beside it as <file>.before-restore-<time>. PostgreSQL: use pg_restore.
`;

type Out = { log: (s: string) => void; error: (s: string) => void };
const stdio: Out = { log: (s) => process.stdout.write(s + '\n'), error: (s) => process.stderr.write(s + '\n') };

/** Where users:create gets a password left off the command line. */
export type PasswordSource = () => Promise<string>;

/** Runs one admin command; returns the process exit code. */
export async function runCli(
  argv: string[],
  out: Out = stdio,
  configured?: AppConfig,
  password: PasswordSource = readPassword,
): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') {
    out.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'users:create') return createUser(args, out, configured, password);
  if (command === 'search:reindex') return reindexSearch(args, out, configured);
  if (command === 'mail:digest') return mailDigest(args, out, configured);
  if (command === 'backup' || command === 'restore') return backupOrRestore(command, args, out, configured);
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
  const { docs, problems } = checkImport(
    files.map((file): ImportSource => {
      try {
        return { name: file, text: readFileSync(file, 'utf8') };
      } catch (err) {
        return { name: file, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
      }
    }),
  );
  for (const problem of problems) out.error(problemLine(problem));
  if (problems.length) {
    out.error(`\n${problemSummaryLine(problems.length)}`);
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
    out.log(
      `Imported ${outcomes.length} advisor${outcomes.length === 1 ? 'y' : 'ies'} (${created} created, ${outcomes.length - created} updated, ${published} published) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
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
  // No background mail timers in a command: it would start them before the migrations and exit under them.
  const app = await NestFactory.createApplicationContext(
    AppModule.register({ ...config, demoData: false, mail: { ...config.mail, sendIntervalSeconds: 0, digestHour: null } }),
    { logger: ['error', 'warn'] },
  );
  await prepareDatabase(app);
  return app;
}

async function reindexSearch(args: string[], out: Out, configured?: AppConfig): Promise<number> {
  if (args.length) {
    out.error(`search:reindex takes no arguments (got ${args.join(' ')}).`);
    return 2;
  }
  const app = await openApp(out, configured);
  if (!app) return 1;
  const started = Date.now();
  let shown = 0;
  try {
    const summary = await app.get(SearchIndexService).reindex((step, done, total) => {
      // A line per step, and for posts about every 5 % (or at the end).
      if (step !== 'posts') return out.log(`${step}: ${done}`);
      const pct = total ? Math.floor((done / total) * 100) : 100;
      if (pct >= shown + 5 || done === total) {
        shown = pct;
        out.log(`posts: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${pct}%)`);
      }
    });
    const indexed = summary.advisories + summary.knownIssues + summary.posts;
    out.log(
      `Indexed ${indexed.toLocaleString('en-US')} documents (${summary.advisories} advisories, ${summary.knownIssues} known issues, ${summary.posts.toLocaleString('en-US')} posts; ` +
        `${summary.skipped.toLocaleString('en-US')} not searchable: drafts, hidden, held or deleted) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    return 0;
  } finally {
    await app.close();
  }
}

const USER_FLAGS = ['--username', '--password', '--email', '--role'];

async function createUser(args: string[], out: Out, configured: AppConfig | undefined, password: PasswordSource): Promise<number> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    if (!USER_FLAGS.includes(args[i]) || args[i + 1] === undefined) {
      out.error(
        `Unexpected "${args[i]}". ${USAGE.split('\n')
          .find((l) => l.includes('users:create'))!
          .trim()}`,
      );
      return 2;
    }
    flags[args[i].slice(2)] = args[i + 1];
  }
  const missing = USER_FLAGS.filter((f) => f !== '--password' && !flags[f.slice(2)]);
  if (missing.length) {
    out.error(`Missing ${missing.join(', ')}.`);
    return 2;
  }
  if (!(Object.values(Role) as string[]).includes(flags.role)) {
    out.error(`--role must be one of ${Object.values(Role).join(', ')}.`);
    return 2;
  }
  if (flags.password === undefined) {
    try {
      flags.password = await password();
    } catch (err) {
      out.error(err instanceof Error ? err.message : String(err));
      return 2;
    }
  }
  const app = await openApp(out, configured);
  if (!app) return 1;
  try {
    const user = await app
      .get(UsersService)
      .create({ username: flags.username, email: flags.email, password: flags.password, role: flags.role as Role }, 'cli');
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

async function mailDigest(args: string[], out: Out, configured?: AppConfig): Promise<number> {
  if (args.length) {
    out.error(`mail:digest takes no options (got ${args.join(' ')}).`);
    return 2;
  }
  const app = await openApp(out, configured);
  if (!app) return 1;
  try {
    const digest = await app.get(MailService).runDigest();
    out.log(
      `Digest: ${digest.mails} mail${digest.mails === 1 ? '' : 's'} written (${digest.reports} report${digest.reports === 1 ? '' : 's'}).`,
    );
    if (!app.get<AppConfig>(APP_CONFIG).mail.smtpUrl) {
      out.log('SMTP_URL is not set: the mails stay in the outbox (/admin/outbox).');
      return 0;
    }
    const sent = await app.get(MailSender).deliverDue();
    out.log(`Outbox: ${sent.sent} sent, ${sent.retrying} to retry, ${sent.failed} failed.`);
    return 0;
  } finally {
    await app.close();
  }
}

async function backupOrRestore(command: 'backup' | 'restore', args: string[], out: Out, configured?: AppConfig): Promise<number> {
  if (args.length !== 1 || args[0].startsWith('--')) {
    out.error(`Usage: npm run cli -- ${command} FILE`);
    return 2;
  }
  let config: AppConfig;
  try {
    config = configured ?? loadConfigFromEnv();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    out.error(`Configuration error: ${err.message}`);
    return 1;
  }
  if (config.database.engine !== 'sqlite' || config.database.path === ':memory:') {
    out.error(
      `${command} works on the embedded SQLite database. For PostgreSQL use ${command === 'backup' ? 'pg_dump -Fc' : 'pg_restore'} (see "Backups" in the README).`,
    );
    return 2;
  }
  try {
    if (command === 'backup') await backupSqlite(config.database.path, args[0], out);
    else restoreSqlite(args[0], config.database.path, out);
    return 0;
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    out.error(`${command === 'backup' ? 'Backup' : 'Restore'} failed: ${err.message}`);
    return 1;
  }
}

/** A prompt that shows nothing typed (asked twice), or the first line of piped input. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) {
      text += String(chunk);
      if (text.includes('\n')) break;
    }
    const line = text.split(/\r?\n/)[0];
    if (!line) throw new Error('No --password, and no password on the first line of the input.');
    return line;
  }
  const ask = async (prompt: string) => {
    process.stderr.write(prompt);
    // Echo goes to a stream that drops it: what is typed is never shown.
    const rl = createInterface({ input: process.stdin, output: new Writable({ write: (_chunk, _enc, done) => done() }), terminal: true });
    const answer = await new Promise<string>((resolve) => rl.question('', resolve));
    rl.close();
    process.stderr.write('\n');
    return answer;
  };
  const first = await ask('Password (not shown): ');
  if (first !== (await ask('The same password again: '))) throw new Error('The two passwords differ; nothing was created.');
  return first;
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
