import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import request from 'supertest';
import { Role } from '../../src/policy/viewer';
import { Post } from '../../src/threads/post.entity';
import { Thread } from '../../src/threads/thread.entity';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createPosts } from '../factories/post.factory';
import { createUser } from '../factories/user.factory';
import { THREAD } from '../support/board';
import { generousLimits, rule } from '../support/limits';
import { member, submit } from '../support/members';
import { runCliProcess } from '../support/server-process';
import { checkSqliteFile } from '../support/sqlite-check';
import { createTestApp, createTestDatabase, ENGINE, TestApp, TestDatabase } from '../support/test-app';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe(
  'SQLite backup and restore (npm run cli -- backup FILE / restore FILE)',
  { skip: ENGINE !== 'sqlite' ? 'SQLite only; PostgreSQL uses pg_dump' : false },
  () => {
    let db: TestDatabase;
    let t: TestApp | null;
    let dir: string;
    let backupFile: string;
    let backupPosts: number;

    before(async () => {
      db = await createTestDatabase();
      dir = mkdtempSync(join(tmpdir(), 'hfr-backup-'));
      backupFile = join(dir, 'board-backup.sqlite');
      // The load posts for as long as the backup runs, which on a busy machine is longer than the posting limit allows.
      t = await createTestApp({ rateLimits: generousLimits({ postsPerUser: rule(100_000, 60) }) }, db);
      await createAdvisories(t.app, [referenceDocument()]);
      // A few MB of posts, so that the copy takes many steps and the board writes in between.
      const author = await createUser(t.app, { role: Role.Moderator });
      await createPosts(t.app, author, 300, (i) => ({ body: `投稿 ${i}\n\n${'ログの抜粋 '.repeat(300)}` }));
    });
    after(async () => {
      await t?.close();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('takes an online backup while members post and confirm: one consistent, checked state, with progress and a summary', async () => {
      const app = t!;
      const members = await Promise.all(Array.from({ length: 4 }, () => member(app)));
      let stop = false;
      let acknowledged = 0;
      const load = members.map(async (m, mi) => {
        for (let i = 0; !stop; i++) {
          const res = await submit(m, THREAD, { body: `負荷 ${mi}-${i}`, outcome: 'problem', platform: 'ws2003', hosts: '3' });
          assert.equal(res.status, 303);
          acknowledged++;
          const id = await app.em().findOne(Post, { bodySource: `負荷 ${(mi + 1) % 4}-${i}` });
          if (id) await submit(m, `/posts/${id.id}/confirm`, { platform: 'win2000-sp4' }).expect(303);
        }
      });
      while (acknowledged < 5) await new Promise((r) => setTimeout(r, 20));
      const postsBefore = await app.em().count(Post, {});
      const result = await runCliProcess(['backup', backupFile], db.env);
      const postsAfter = await app.em().count(Post, {});
      stop = true;
      await Promise.all(load);

      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^Backing up .+ to .+board-backup\.sqlite …$/m);
      assert.ok((result.stdout.match(/^ +\d+% +[\d,]+ of [\d,]+ pages/gm) ?? []).length >= 2, `progress lines:\n${result.stdout}`);
      assert.match(
        result.stdout,
        /^Backup complete: .+board-backup\.sqlite, [\d.]+ MB, integrity ok; 1 advisory, [\d,]+ posts, \d+ members; [\d.]+ s\.$/m,
      );
      assert.ok(postsAfter > postsBefore, 'the board kept writing during the backup');

      const check = checkSqliteFile(backupFile);
      assert.equal(check.integrity, 'ok');
      assert.deepEqual(check.counterProblems, [], 'the copy is one consistent state: every counter equals a recount');
      backupPosts = check.posts.length;
      assert.ok(backupPosts >= postsBefore && backupPosts <= postsAfter, `${backupPosts} posts, between ${postsBefore} and ${postsAfter}`);
      assert.equal(
        new Database(backupFile, { readonly: true }).pragma('journal_mode', { simple: true }),
        'delete',
        'a single self-contained file',
      );
      assert.ok(!existsSync(`${backupFile}-wal`));
    });

    it('never overwrites a file, and says why', async () => {
      const before = sha(backupFile);
      const again = await runCliProcess(['backup', backupFile], db.env);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /board-backup\.sqlite already exists/);
      assert.equal(sha(backupFile), before);
      const nowhere = await runCliProcess(['backup', join(dir, 'no', 'such', 'folder.sqlite')], db.env);
      assert.equal(nowhere.code, 1);
      assert.match(nowhere.stderr, /no such folder/);
      assert.equal((await runCliProcess(['backup'], db.env)).code, 2);
    });

    it('refuses a file that is not a sound board database, changing nothing', async () => {
      const target = db.env.SQLITE_PATH;
      const text = join(dir, 'notes.txt');
      writeFileSync(text, 'これはデータベースではない');
      const empty = join(dir, 'empty.sqlite');
      new Database(empty).exec('create table t (x)');
      const damaged = join(dir, 'damaged.sqlite');
      const bytes = readFileSync(backupFile);
      randomBytes(4096 * 40).copy(bytes, 4096 * 20);
      writeFileSync(damaged, bytes);
      // stat, not read: opening the live file here would drop this process's SQLite locks on it (POSIX locks are per process).
      const size = statSync(target).size;
      for (const [file, reason] of [
        [text, /notes\.txt: (cannot be opened|not a readable SQLite database)/],
        [empty, /empty\.sqlite: not a board database \(no mikro_orm_migrations, advisories, posts, users table\)/],
        [damaged, /damaged\.sqlite: (integrity_check failed|not a readable SQLite database)/],
        [join(dir, 'missing.sqlite'), /missing\.sqlite: no such file/],
      ] as const) {
        const r = await runCliProcess(['restore', file], db.env);
        assert.equal(r.code, 1, `${file}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, reason);
      }
      assert.equal(statSync(target).size, size);
      await request(t!.http).get('/healthz').expect(200);
    });

    it('refuses to restore while the board has the database open; once it is stopped, puts the backup in place and keeps the old file', async () => {
      const target = db.env.SQLITE_PATH;
      const live = await t!.em().count(Post, {});
      assert.ok(live > backupPosts, 'the live database has moved on since the backup');
      const refused = await runCliProcess(['restore', backupFile], db.env);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /is in use \(is the board running\?\): stop it first; nothing was changed/);
      assert.equal(await t!.em().count(Post, {}), live);

      await t!.close();
      t = null;
      const restored = await runCliProcess(['restore', backupFile], db.env);
      assert.equal(restored.code, 0, restored.stderr);
      assert.match(
        restored.stdout,
        new RegExp(`board-backup\\.sqlite: integrity ok; 1 advisory, ${backupPosts.toLocaleString('en')} posts, \\d+ members\\.`),
      );
      const kept = /kept as (\S+)\.$/m.exec(restored.stdout)?.[1];
      assert.ok(kept && existsSync(kept), restored.stdout);
      assert.equal(checkSqliteFile(kept).posts.length, live, 'the replaced database, whole, with everything written before the restore');

      t = await createTestApp({}, db);
      assert.equal(await t.em().count(Post, {}), backupPosts);
      const thread = await t.em().findOneOrFail(Thread, { advisory: 'MS04-044' });
      assert.equal(thread.postCount, backupPosts);
      await request(t.http).get(THREAD).expect(200);
      assert.equal(checkSqliteFile(target).integrity, 'ok');
    });
  },
);

describe('backup on PostgreSQL', () => {
  it('points to pg_dump and pg_restore instead', async () => {
    const env = { DATABASE_URL: 'postgres://127.0.0.1:1/not-used' };
    const backup = await runCliProcess(['backup', join(tmpdir(), 'x.dump')], env);
    assert.equal(backup.code, 2);
    assert.match(backup.stderr, /For PostgreSQL use pg_dump -Fc \(see "Backups" in the README\)/);
    const restore = await runCliProcess(['restore', join(tmpdir(), 'x.dump')], env);
    assert.equal(restore.code, 2);
    assert.match(restore.stderr, /pg_restore/);
  });
});
