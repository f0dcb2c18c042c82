import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

type Out = { log: (s: string) => void; error: (s: string) => void };

/** Pages copied per step: small enough to let writers in between, large enough to finish under load. */
const PAGES_PER_STEP = 256;
/** A backup restarted this often by concurrent writes copies the rest in one step (one consistent read). */
const MAX_RESTARTS = 3;

export class BackupError extends Error {}

export interface DatabaseSummary {
  integrity: string;
  advisories: number;
  posts: number;
  members: number;
  migrations: number;
}

/** Opens a file as a board database and checks it: integrity, and that it is one (migrations, posts, users). */
export function inspectDatabase(path: string): DatabaseSummary {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new BackupError(`${path}: cannot be opened (${(err as Error).message})`);
  }
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    if (integrity !== 'ok') throw new BackupError(`${path}: integrity_check failed: ${integrity}`);
    const tables = new Set(
      (db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map((r) => r.name),
    );
    const missing = ['mikro_orm_migrations', 'advisories', 'posts', 'users'].filter((t) => !tables.has(t));
    if (missing.length) throw new BackupError(`${path}: not a board database (no ${missing.join(', ')} table)`);
    const count = (table: string) => Number((db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n);
    return {
      integrity,
      advisories: count('advisories'),
      posts: count('posts'),
      members: count('users'),
      migrations: count('mikro_orm_migrations'),
    };
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${path}: not a readable SQLite database (${(err as Error).message})`);
  } finally {
    db.close();
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
const describe = (s: DatabaseSummary) =>
  `${plural(s.advisories, 'advisory', 'advisories')}, ${plural(s.posts, 'post')}, ${plural(s.members, 'member')}`;
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * An online backup of the live SQLite database with SQLite's backup API: the board keeps running and
 * writing; the copy is one consistent state. Written beside the target and renamed into place, checked.
 */
export async function backupSqlite(source: string, target: string, out: Out): Promise<DatabaseSummary> {
  const dest = resolve(target);
  if (!existsSync(source)) throw new BackupError(`${source}: no database there (is SQLITE_PATH right?)`);
  if (existsSync(dest)) throw new BackupError(`${target} already exists: choose another name, or delete it first`);
  if (!existsSync(dirname(dest))) throw new BackupError(`${dirname(dest)}: no such folder`);
  const partial = join(dirname(dest), `.${basename(dest)}.partial-${process.pid}`);
  const started = Date.now();
  out.log(`Backing up ${source} to ${target} …`);
  const db = new Database(source, { fileMustExist: true, timeout: 5000 });
  let restarts = 0;
  let lastRemaining = Infinity;
  let lastShown = -1;
  try {
    const result = await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        // Pages written by the board during the copy make SQLite start it again.
        if (remainingPages > lastRemaining) restarts++;
        lastRemaining = remainingPages;
        const percent = Math.floor(((totalPages - remainingPages) / totalPages) * 100);
        if (percent >= lastShown + 10) {
          lastShown = percent;
          out.log(
            `  ${String(percent).padStart(3)}%  ${(totalPages - remainingPages).toLocaleString('en')} of ${totalPages.toLocaleString('en')} pages`,
          );
        }
        return restarts >= MAX_RESTARTS ? 0x7fffffff : PAGES_PER_STEP;
      },
    });
    out.log(
      `  100%  ${result.totalPages.toLocaleString('en')} of ${result.totalPages.toLocaleString('en')} pages${restarts ? ` (restarted ${plural(restarts, 'time')} by writes)` : ''}`,
    );
    // The copy stands alone: one file, no -wal beside it.
    const copy = new Database(partial);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    const summary = inspectDatabase(partial);
    fsyncFile(partial);
    renameSync(partial, dest);
    fsyncFile(dirname(dest));
    out.log(
      `Backup complete: ${target}, ${megabytes(statSync(dest).size)}, integrity ok; ${describe(summary)}; ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    return summary;
  } catch (err) {
    rmSync(partial, { force: true });
    throw err instanceof BackupError ? err : new BackupError(`backup failed: ${(err as Error).message}`);
  } finally {
    db.close();
  }
}

/**
 * Puts a backup in place of the database: checks the backup, refuses while anything (the board) has
 * the database open, keeps the database it replaces beside it, and swaps the files by renaming.
 */
export function restoreSqlite(backup: string, target: string, out: Out): { summary: DatabaseSummary; previous: string | null } {
  if (!existsSync(backup)) throw new BackupError(`${backup}: no such file`);
  const summary = inspectDatabase(backup);
  out.log(`${backup}: integrity ok; ${describe(summary)}.`);
  if (existsSync(target)) ensureNotInUse(target);
  const staged = join(dirname(target), `.${basename(target)}.restoring-${process.pid}`);
  try {
    copyFileSync(backup, staged);
    fsyncFile(staged);
    inspectDatabase(staged);
  } catch (err) {
    rmSync(staged, { force: true });
    throw err instanceof BackupError ? err : new BackupError(`cannot copy ${backup} next to ${target}: ${(err as Error).message}`);
  }
  let previous: string | null = null;
  if (existsSync(target)) {
    previous = `${target}.before-restore-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-')}`;
    renameSync(target, previous);
  }
  // The old database's write-ahead log and index must not be applied to the restored file.
  rmSync(`${target}-wal`, { force: true });
  rmSync(`${target}-shm`, { force: true });
  renameSync(staged, target);
  fsyncFile(dirname(target));
  out.log(`Restored into ${target}.${previous ? ` The database it replaced is kept as ${previous}.` : ''}`);
  out.log('Start the board: it applies any migrations newer than the backup.');
  return { summary, previous };
}

/** Nobody else may have the database open: an exclusive lock is refused while the board (or any process) uses it. */
function ensureNotInUse(path: string): void {
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { fileMustExist: true, timeout: 0 });
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    // Everything in the old log goes into the file that is kept.
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
      throw new BackupError(`${path} is in use (is the board running?): stop it first; nothing was changed`);
    throw new BackupError(`${path}: cannot be opened (${(err as Error).message}); nothing was changed`);
  } finally {
    db?.close();
  }
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
