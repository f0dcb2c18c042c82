import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Role } from '../../src/policy/viewer';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createPosts } from '../factories/post.factory';
import { createUser, TEST_PASSWORD } from '../factories/user.factory';
import { THREAD } from '../support/board';
import { startServer, ServerProcess } from '../support/server-process';
import { createTestApp, createTestDatabase, TestDatabase } from '../support/test-app';

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** One request on its own connection; rejects with the socket error (ECONNRESET …) if no response comes. */
function send(url: string, options: http.RequestOptions, body?: string | ((req: http.ClientRequest) => void)): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent: false, ...options }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text, headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (typeof body === 'function') body(req);
    else req.end(body);
  });
}

const cookieOf = (a: Answer) => String(a.headers['set-cookie']?.[0] ?? '').split(';')[0];

describe('graceful shutdown (SIGTERM)', () => {
  let db: TestDatabase;
  let server: ServerProcess;
  let username: string;

  before(async () => {
    db = await createTestDatabase();
    // A thread with 50 posts, so that each page load takes the server some real work.
    const t = await createTestApp({}, db);
    try {
      await createAdvisories(t.app, [referenceDocument()]);
      // A moderator, whom the posting limit does not slow down.
      const author = await createUser(t.app, { role: Role.Moderator });
      username = author.username;
      await createPosts(t.app, author, 50, (i) => ({ body: `**投稿 ${i}**\n\n- 項目 a\n- 項目 b\n\n\`\`\`\nqchain.exe\n\`\`\`` }));
    } finally {
      await t.close();
    }
    server = await startServer(db.env);
  });

  after(async () => {
    await server?.stop('SIGKILL');
    await db?.drop();
  });

  it('finishes every request in flight, closes idle keep-alive connections, turns /healthz 503, and exits 0 within 10 s', async () => {
    const url = server.url;
    // A form being sent slowly: the headers and half the body before SIGTERM, the rest after.
    const form = await send(`${url}/login`, { method: 'GET' });
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1];
    const body = new URLSearchParams({ _csrf: token, username, password: TEST_PASSWORD }).toString();
    let finishUpload!: () => void;
    const slowLogin = send(
      `${url}/login`,
      {
        method: 'POST',
        headers: { Cookie: cookieOf(form), 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
      },
      (req) => {
        req.write(body.slice(0, 10));
        finishUpload = () => req.end(body.slice(10));
      },
    );

    // Idle keep-alive connections: each has had its answer and waits for another request.
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 5 });
    const idleClosed: Promise<void>[] = [];
    await Promise.all(
      Array.from(
        { length: 5 },
        () =>
          new Promise<void>((resolve, reject) => {
            http
              .get(`${url}/healthz`, { agent: keepAlive }, (res) => {
                res.resume();
                res.on('end', resolve);
                idleClosed.push(new Promise((closed) => res.socket.once('close', () => closed())));
              })
              .on('error', reject);
          }),
      ),
    );

    // 40 page loads at once, each on its own connection.
    const pages = Array.from({ length: 40 }, () =>
      send(`${url}${THREAD}`, { method: 'GET' }).then(
        (a) => a,
        (err: NodeJS.ErrnoException) => err,
      ),
    );
    // Every connection is accepted before the signal: wait until the server has answered a few of them.
    let answered = 0;
    pages.forEach((p) => void p.then(() => answered++));
    const deadline = Date.now() + 20_000;
    while (answered < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));

    const stopped = server.stop('SIGTERM');
    let exited = false;
    void stopped.then(() => (exited = true));
    await new Promise((r) => setTimeout(r, 200));
    // A request after SIGTERM: /healthz tells the load balancer the instance is going, or, once the listener is closed, the port
    // refuses it (or resets it, when it was still in the kernel's queue as the listener closed);
    const late = await send(`${url}/healthz`, { method: 'GET' }).then(
      (a) => `${a.status} ${a.headers.connection} ${(JSON.parse(a.body) as { status: string }).status}`,
      (err: NodeJS.ErrnoException) => err.code ?? err.message,
    );
    assert.ok(['503 close shutting-down', 'ECONNREFUSED', 'ECONNRESET'].includes(late), `a request after SIGTERM: ${late}`);
    assert.equal(exited, false, 'still draining while a request is being sent');
    // the form still being uploaded gets its answer.
    await new Promise((r) => setTimeout(r, 500));
    finishUpload();

    const login = await slowLogin;
    assert.equal(login.status, 303, 'the slow sign-in completed');
    const results = await Promise.all(pages);
    const failures = results.filter((r) => r instanceof Error).map((e) => e.code ?? e.message);
    assert.deepEqual(failures, [], 'no page load was reset or refused');
    const statuses = results.map((r) => (r as Answer).status);
    assert.deepEqual([...new Set(statuses)], [200], statuses.join());
    assert.ok(
      results.every((r) => (r as Answer).body.includes('投稿 49')),
      'complete pages',
    );

    const exit = await stopped;
    // Idle keep-alive connections were closed by the server (cleanly, before it exited), not left to time out.
    assert.equal(
      await Promise.race([Promise.all(idleClosed).then(() => 'closed'), new Promise((r) => setTimeout(() => r('open'), 100))]),
      'closed',
    );
    const after = await send(`${url}/healthz`, { method: 'GET' }).then(
      (a) => String(a.status),
      (err: NodeJS.ErrnoException) => err.code,
    );
    assert.equal(after, 'ECONNREFUSED', 'the port is closed');
    assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, server.output());
    assert.ok(exit.ms < 10_000, `exited ${exit.ms} ms after SIGTERM`);
    assert.doesNotMatch(server.output(), /ERROR|Error:/, 'nothing failed while closing');
    keepAlive.destroy();
  });
});
