import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { GracefulShutdown } from '../../src/common/shutdown/graceful-shutdown';
import { GuestPageCache } from '../../src/page-cache/guest-page-cache';
import { Role } from '../../src/policy/viewer';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createPosts } from '../factories/post.factory';
import { createUser } from '../factories/user.factory';
import { THREAD } from '../support/board';
import { memoryDestination } from '../support/request-log';
import { startServer } from '../support/server-process';
import { createTestApp, createTestDatabase, TestApp, TestDatabase } from '../support/test-app';

interface Line {
  time: string;
  level: string;
  msg: string;
  id: string;
  method: string;
  path: string;
  status: number;
  ms: number;
  ip: string;
}

const FIELDS = ['id', 'ip', 'level', 'method', 'ms', 'msg', 'path', 'status', 'time'];

/** The lines written for the responses carrying these request ids ('finish' may come a turn after the client has its answer). */
async function linesFor(lines: string[], ids: string[]): Promise<Line[]> {
  const parsed = () => lines.map((l) => JSON.parse(l) as Line).filter((l) => ids.includes(l.id));
  for (let i = 0; i < 100 && parsed().length < ids.length; i++) await new Promise((r) => setTimeout(r, 10));
  return parsed();
}

describe('request log (LOG_REQUESTS)', () => {
  let db: TestDatabase;
  let t: TestApp;
  const log = memoryDestination();

  before(async () => {
    db = await createTestDatabase();
    t = await createTestApp({ logRequests: true }, db, log);
    await createAdvisories(t.app, [referenceDocument()]);
    await createPosts(t.app, await createUser(t.app, { role: Role.Moderator }), 3);
  });
  after(async () => {
    await t?.close();
    await db?.drop();
  });

  it('logs a guest page rendered, then answered by the page cache before Express, once each with the same fields', async () => {
    const stats = () => t.app.get(GuestPageCache).stats;
    const { hits, misses, waited } = stats();
    const rendered = await request(t.http).get(THREAD).expect(200);
    const cached = await request(t.http).get(THREAD).expect(200);
    const notModified = await request(t.http).get(THREAD).set('If-None-Match', String(cached.headers.etag)).expect(304);
    assert.deepEqual(stats(), { hits: hits + 2, misses: misses + 1, waited }, 'one render, then two answers from the cache');

    const ids = [rendered, cached, notModified].map((r) => String(r.headers['x-request-id']));
    assert.equal(new Set(ids).size, 3);
    const lines = await linesFor(log.lines, ids);
    assert.equal(lines.length, 3, 'one line per request');
    for (const [i, line] of lines.entries()) {
      assert.deepEqual(Object.keys(line).sort(), FIELDS);
      assert.equal(line.id, ids[i]);
      assert.deepEqual([line.level, line.msg, line.method, line.path], ['info', 'request', 'GET', THREAD]);
      assert.match(line.ip, /127\.0\.0\.1/);
      assert.equal(typeof line.ms, 'number');
    }
    assert.deepEqual(
      lines.map((l) => l.status),
      [200, 200, 304],
    );
  });

  it("logs each request's client as Express works it out behind a trusted proxy, X-Forwarded-For by X-Forwarded-For", async () => {
    const proxied = memoryDestination();
    const behind = await createTestApp({ logRequests: true, trustProxy: 'loopback' }, db, proxied);
    try {
      const long = `${Array.from({ length: 40 }, (_, i) => `198.51.100.${i}`).join(', ')}, 127.0.0.1`;
      const chains = ['203.0.113.5', '192.0.2.7, 127.0.0.1', '203.0.113.5', '', long, '203.0.113.6'];
      const ids: string[] = [];
      for (const chain of chains) {
        const res = await request(behind.http)
          .get('/healthz')
          .set(chain ? { 'X-Forwarded-For': chain } : {});
        ids.push(String(res.headers['x-request-id']));
      }
      const lines = await linesFor(proxied.lines, ids);
      assert.deepEqual(
        lines.map((l) => l.ip),
        ['203.0.113.5', '192.0.2.7', '203.0.113.5', lines[3].ip, '198.51.100.39', '203.0.113.6'],
      );
      assert.match(lines[3].ip, /127\.0\.0\.1/, 'no header: the socket');
    } finally {
      await behind.close();
    }
  });

  it('logs a page not found at info and a server error (503 while draining) at error', async () => {
    const missing = await request(t.http).get('/advisories/MS99-999/thread').expect(404);
    t.app.get(GracefulShutdown).beginDraining();
    const draining = await request(t.http).get('/healthz').expect(503);
    const [notFound, error] = await linesFor(
      log.lines,
      [missing, draining].map((r) => String(r.headers['x-request-id'])),
    );
    assert.deepEqual([notFound.status, notFound.level, notFound.path], [404, 'info', '/advisories/MS99-999/thread']);
    assert.deepEqual([error.status, error.level, error.path], [503, 'error', '/healthz']);
  });
});

describe('request log of the running server (npm start, LOG_REQUESTS on by default)', () => {
  let db: TestDatabase;

  before(async () => {
    db = await createTestDatabase();
    const t = await createTestApp({}, db);
    try {
      await createAdvisories(t.app, [referenceDocument()]);
    } finally {
      await t.close();
    }
  });
  after(async () => await db?.drop());

  it('writes JSON lines on stdout, and the last request before SIGTERM is not lost', async () => {
    // NODE_ENV=development takes the default (on); the test environment turns it off.
    const server = await startServer({ ...db.env, NODE_ENV: 'development', LOG_REQUESTS: '' });
    const ids: string[] = [];
    for (const path of [THREAD, THREAD, '/healthz'])
      ids.push(String((await request(server.url).get(path).expect(200)).headers['x-request-id']));
    // Lines are held in memory (4 KB or a second): these three are still there when the signal comes.
    const { code } = await server.stop('SIGTERM');
    assert.equal(code, 0);
    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Line);
    assert.deepEqual(
      lines.map((l) => [l.id, l.path, l.status]),
      ids.map((id, i) => [id, [THREAD, THREAD, '/healthz'][i], 200]),
    );
    for (const line of lines) assert.deepEqual(Object.keys(line).sort(), FIELDS);
  });
});
