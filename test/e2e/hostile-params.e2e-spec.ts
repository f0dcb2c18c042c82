import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { Role } from '../../src/policy/viewer';
import { Post } from '../../src/threads/post.entity';
import { buildAdvisoryDoc, createAdvisories } from '../factories/advisory.factory';
import { boardApp } from '../support/board';
import { assertErrorPage, assertNoLeak, assertNoPrototypePollution, pageText } from '../support/hostile';
import { msg } from '../support/i18n';
import { member, Member } from '../support/members';
import { issueThroughForm, postThroughForm } from '../support/posting';
import { TestApp } from '../support/test-app';

// Malformed ids and parameters on every route that takes one: 400 or 404 with the board's own
// error page, a harmless 200 for harmless extras, and never a 500, a stack trace or a file.

/** Numeric ids as they are mistyped, truncated, overflowed or forged. */
const BAD_NUMBERS = [
  'abc',
  '-1',
  '0',
  '1.5',
  '1e3',
  '0x10',
  '+1',
  '%201',
  '99999999999999999999',
  '2147483648',
  '__proto__',
  '%E3%81',
  '..%2f..%2fetc%2fpasswd',
  '1'.repeat(4000),
];
/** Advisory ids likewise; a lower-case real id is a redirect, tested elsewhere. */
const BAD_ADVISORIES = [
  'MS99-999',
  '-1',
  '..%2f..%2fetc%2fpasswd',
  '..%5C..%5Cwindows',
  '__proto__',
  'constructor',
  '%E3%81',
  'MS04-044%2F..',
  'MS04-044%0D%0ASet-Cookie:x=1',
  "MS04-044'--",
  '%3Cscript%3E',
  'A'.repeat(4000),
];

describe('malformed ids and parameters', () => {
  let t: TestApp;
  let admin: Member;
  let postId: number;
  let issueId: number;
  let rootDir: string;
  before(async () => {
    t = await boardApp();
    rootDir = t.config.rootDir;
    await createAdvisories(t.app, [buildAdvisoryDoc({ id: 'MS09-901' })], false);
    admin = await member(t, Role.Admin);
    postId = (await postThroughForm(t, admin, { body: '最初の投稿' })).id;
    issueId = (await issueThroughForm(t, admin, { title: '既知の問題', symptom: '症状', status: 'investigating', note: '登録' })).id;
  });
  after(() => t.close());

  /** Every route with a numeric id, as [method, path with :id]. */
  const numericRoutes = (): [string, string][] => [
    ['GET', '/posts/:id'],
    ['GET', '/posts/:id/reply'],
    ['GET', '/posts/:id/edit'],
    ['POST', '/posts/:id/edit'],
    ['POST', '/posts/:id/delete'],
    ['GET', '/posts/:id/revisions'],
    ['POST', '/posts/:id/confirm'],
    ['POST', '/posts/:id/unconfirm'],
    ['POST', '/posts/:id/flag'],
    ['GET', '/posts/:id/flagged'],
    ['POST', '/posts/:id/hide'],
    ['POST', '/posts/:id/restore'],
    ['POST', '/mod/posts/:id/resolve'],
    ['POST', '/mod/posts/:id/review'],
    ['POST', '/mod/users/:id/state'],
    ['POST', '/admin/users/:id/role'],
    ['GET', '/admin/outbox/:id'],
    ['GET', '/known-issues/:id/edit'],
    ['POST', '/known-issues/:id/edit'],
    ['POST', '/known-issues/:id/move'],
    ['POST', '/known-issues/:id/evidence'],
    ['POST', '/known-issues/:id/evidence/1/remove'],
    ['POST', `/known-issues/${issueId}/evidence/:id/remove`],
  ];

  const advisoryRoutes: [string, string][] = [
    ['GET', '/advisories/:id'],
    ['GET', '/advisories/:id.json'],
    ['GET', '/advisories/:id/thread'],
    ['POST', '/advisories/:id/thread'],
    ['POST', '/advisories/:id/watch'],
    ['POST', '/advisories/:id/watch/email'],
    ['POST', '/advisories/:id/lock'],
    ['GET', '/advisories/:id/known-issues'],
    ['GET', '/advisories/:id/known-issues/new'],
    ['POST', '/advisories/:id/known-issues'],
    ['GET', '/advisories/:id/embed'],
    ['GET', '/advisories/:id/summary.json'],
    ['GET', '/advisories/:id/badge.svg'],
    ['GET', '/advisories/:id/bulletin.txt'],
    ['GET', '/advisories/:id/thread.atom'],
    ['GET', '/advisories/:id/known-issues.atom'],
    ['GET', '/advisories/:id/edit'],
    ['POST', '/advisories/:id/edit'],
    ['GET', '/advisories/:id/preview'],
    ['POST', '/advisories/:id/publish'],
    ['GET', '/advisories/:id/unpublish'],
    ['POST', '/advisories/:id/unpublish'],
  ];

  const send = (method: string, path: string) =>
    method === 'GET'
      ? admin.agent.get(path)
      : admin.agent.post(path).type('form').send({
          _csrf: admin.csrf,
          body: 'x',
          reason: 'x',
          decision: 'agree',
          state: 'active',
          role: 'subscriber',
          direction: 'up',
          post: '1',
        });

  /** Every route with every bad id: the answers that are not a plain 400/404 error page. */
  async function wrongAnswers(routes: Iterable<readonly [string, string]>, bads: readonly string[]): Promise<string[]> {
    const wrong: string[] = [];
    for (const [method, route] of routes) {
      for (const bad of bads) {
        const path = route.replace(':id', bad);
        try {
          assertErrorPage(await send(method, path), [400, 404], `${method} ${path.slice(0, 80)}`, rootDir);
        } catch (err) {
          wrong.push((err as Error).message.split('\n')[0]);
        }
      }
    }
    return wrong;
  }

  it('answers every numeric-id route with 400 or 404 for an id that is not one', async () => {
    assert.deepEqual(await wrongAnswers(numericRoutes(), BAD_NUMBERS), []);
    // The real ones still answer.
    await admin.agent.get(`/posts/${postId}`).expect(302);
    await admin.agent.get(`/known-issues/${issueId}/edit`).expect(200);
  });

  it('answers every advisory route with 400 or 404 for an id that names no advisory, and hides a draft from the public ones', async () => {
    assert.deepEqual(await wrongAnswers(advisoryRoutes, BAD_ADVISORIES), []);
    for (const path of [
      '/advisories/MS09-901',
      '/advisories/MS09-901/thread',
      '/advisories/MS09-901/summary.json',
      '/advisories/MS09-901/bulletin.txt',
    ]) {
      assertErrorPage(await request(t.http).get(path), [404], path, rootDir);
    }
    // Spaces around a real id are another spelling of its one address, like lower case.
    for (const spelled of ['%20MS04-044', 'ms04-044%20', '%0D%0AMS04-044', '%09ms04-044']) {
      const res = await request(t.http).get(`/advisories/${spelled}/thread?page=1`).expect(301);
      assert.equal(res.headers.location, '/advisories/MS04-044/thread?page=1', spelled);
    }
  });

  it('answers unknown and malformed member names with 404', async () => {
    for (const bad of [
      'nobody-here',
      '%E3%81',
      '..%2f..%2fetc%2fpasswd',
      '__proto__',
      'constructor',
      '%3Cscript%3E',
      '%20',
      'a'.repeat(4000),
      "'%20OR%201=1--",
    ]) {
      assertErrorPage(await request(t.http).get(`/users/${bad}`), [400, 404], `/users/${bad.slice(0, 40)}`, rootDir);
    }
  });

  it('refuses NUL in a path, a query, a form, a JSON body and a header-borne query, with 400 and a clear message', async () => {
    const nul = msg('error.nul.message');
    const checks: [string, () => PromiseLike<{ status: number; text: string; headers: Record<string, string> }>][] = [
      ['path', () => request(t.http).get('/advisories/%00')],
      ['path of a post', () => request(t.http).get('/posts/1%00')],
      ['user name', () => request(t.http).get('/users/a%00b')],
      ['query', () => request(t.http).get('/search?q=a%00b')],
      ['query name', () => request(t.http).get('/search?q%00=a')],
      [
        'form field',
        () =>
          admin.agent
            .post('/advisories/MS04-044/thread')
            .type('form')
            .send(`_csrf=${encodeURIComponent(admin.csrf)}&body=a%00b`),
      ],
      [
        'form field name',
        () =>
          admin.agent
            .post('/advisories/MS04-044/thread')
            .type('form')
            .send(`_csrf=${encodeURIComponent(admin.csrf)}&body=ab&x%00=1`),
      ],
      [
        'JSON',
        () =>
          admin.agent
            .post('/advisories/MS04-044/thread')
            .set('Content-Type', 'application/json')
            .send(JSON.stringify({ _csrf: admin.csrf, body: 'a\u0000b' })),
      ],
      [
        'deep JSON',
        () =>
          admin.agent
            .post('/advisories/MS04-044/thread')
            .set('Content-Type', 'application/json')
            .send(JSON.stringify({ _csrf: admin.csrf, body: 'ok', a: { b: { c: { d: { e: { f: { g: ['\u0000'] } } } } } } })),
      ],
      ['login form', () => request(t.http).post('/login').type('form').send('username=a%00&password=b')],
      ['multipart field', () => admin.agent.post('/advisories/import').field('_csrf', admin.csrf).field('json', '{"id":"MS09-999\u0000"}')],
      [
        'multipart file',
        () =>
          admin.agent
            .post('/advisories/import')
            .field('_csrf', admin.csrf)
            .attach('file', Buffer.from('{"id":"MS09-999","title":"a\u0000"}'), { filename: 'x.json', contentType: 'application/json' }),
      ],
    ];
    const wrong: string[] = [];
    for (const [label, go] of checks) {
      const res = await go();
      try {
        assertNoLeak(res, label, rootDir);
        assert.equal(res.status, 400, `${label}: status ${res.status}`);
        assert.ok(pageText(res.text).includes(nul), `${label}: the NUL message`);
      } catch (err) {
        wrong.push((err as Error).message.split('\n')[0]);
      }
    }
    assert.deepEqual(wrong, []);
    // A NUL in a part's header is a broken multipart body: refused by the parser, with the upload form's own reason.
    const named = await admin.agent
      .post('/advisories/import')
      .field('_csrf', admin.csrf)
      .attach('file', Buffer.from('{}'), { filename: 'x\u0000.json', contentType: 'application/json' });
    assertNoLeak(named, 'multipart file name', rootDir);
    assert.equal(named.status, 400);
    assert.ok(pageText(named.text).includes(msg('editor.import.malformed')), 'the upload form says why');
    assert.equal(await t.em().count(Post, {}), 1, 'nothing was posted');
  });

  it('pages: ?page= and cursors that are not numbers give 404 or the first page, never more', async () => {
    for (const bad of ['-1', 'abc', '1e9', '0', '1.5', '', '99999999999999999999', '__proto__']) {
      const res = await request(t.http).get(`/advisories/MS04-044/thread?page=${bad}`);
      assertNoLeak(res, `?page=${bad}`, rootDir);
      assert.ok(res.status === 404 || (res.status === 200 && bad === ''), `?page=${bad}: ${res.status}`);
    }
    const listings = [
      '/',
      '/known-issues',
      '/search',
      '/search?q=x',
      '/latest.atom',
      '/known-issues.atom',
      '/editor',
      '/admin/users',
      '/mod/log',
      '/notifications',
      '/notifications/watches',
      '/admin/outbox',
    ];
    for (const path of listings) {
      for (const q of [
        'after=-1',
        'after=abc',
        'after=1e9',
        'after=9999999999',
        'after=999999999999',
        'after=0_999999999999',
        'after=2_2147483648',
        'order=newest&after=999999999999',
        'before=-1',
        'before=9999999999',
        'before=2147483648',
        'before=99999999999999999999',
        'page=-1',
        'after=%E3%81',
        `after=${'9'.repeat(5000)}`,
      ]) {
        const url = `${path}${path.includes('?') ? '&' : '?'}${q}`;
        const res = await admin.agent.get(url);
        assertNoLeak(res, url.slice(0, 80), rootDir);
        assert.ok([200, 400, 404].includes(res.status), `${url.slice(0, 80)}: ${res.status}`);
      }
    }
  });

  it('treats ids in form fields and queries that no row can have as naming nothing', async () => {
    const token = { _csrf: admin.csrf };
    for (const id of ['9999999999', '2147483648', '0', '-1', 'abc', '1e3']) {
      const reply = await admin.agent
        .post('/advisories/MS04-044/thread')
        .type('form')
        .send({ ...token, body: '返信', replyTo: id });
      assertNoLeak(reply, `replyTo=${id}`, rootDir);
      assert.equal(reply.status, 422, `replyTo=${id}`);
      const evidence = await admin.agent
        .post(`/known-issues/${issueId}/evidence`)
        .type('form')
        .send({ ...token, post: id });
      assertNoLeak(evidence, `evidence post=${id}`, rootDir);
      assert.ok([404, 422].includes(evidence.status), `evidence post=${id}: ${evidence.status}`);
      const promote = await admin.agent.get(`/advisories/MS04-044/known-issues/new?from=${id}`);
      assertNoLeak(promote, `from=${id}`, rootDir);
      assert.ok([200, 404].includes(promote.status), `from=${id}: ${promote.status}`);
      const created = await admin.agent
        .post('/advisories/MS04-044/known-issues')
        .type('form')
        .send({ ...token, title: 't', symptom: 's', note: 'n', from: id });
      assertNoLeak(created, `create from=${id}`, rootDir);
      assert.ok(created.status < 500, `create from=${id}: ${created.status}`);
      const read = await admin.agent
        .post('/notifications/read')
        .type('form')
        .send({ ...token, id });
      assertErrorPage(read, [404], `notifications read id=${id}`, rootDir);
    }
  });

  it('ignores template and prototype keys in the query: the normal page, no file, no pollution', async () => {
    // One page of each kind: listing, bulletin, thread, search, form, moderators', editors', framed.
    const pages = [
      '/',
      '/advisories/MS04-044',
      '/advisories/MS04-044/thread',
      '/known-issues',
      '/search?q=IE',
      '/login',
      '/mod/log',
      '/editor',
      '/advisories/MS04-044/embed',
    ];
    const injections = [
      'layout=../../package.json',
      'layout=main',
      'layout=false',
      'layout=layouts/../../../package',
      'settings[views]=/etc',
      'settings%5Bviews%5D=/etc',
      '_locals[layout]=x',
      'cache=false',
      '__proto__[x]=1',
      '__proto__%5Bx%5D=1',
      'constructor[prototype][x]=1',
      '__proto__.x=1',
      'constructor.prototype.x=1',
      'q=a&q=b',
      'q[]=a',
      'q[x]=a',
      'lang=__proto__',
      'lang=constructor',
      'lang[]=en',
      'lang=en&lang=ja',
      'status=__proto__',
      'platform=constructor',
      'software=%E3%81',
      '%E3%81=%E3%81',
      `x=${'y'.repeat(6000)}`,
    ];
    const wrong: string[] = [];
    for (const path of pages) {
      for (const q of injections) {
        const url = `${path}${path.includes('?') ? '&' : '?'}${q}`;
        const res = await admin.agent.get(url);
        try {
          assertNoLeak(res, url.slice(0, 80), rootDir);
          assert.ok([200, 400, 404].includes(res.status), `${url.slice(0, 80)}: status ${res.status}`);
          assert.doesNotMatch(res.text, /"name": "hfr-bbs"|root:x:0:0|"devDependencies"/, `${url.slice(0, 80)}: a file's content`);
          if (res.status === 200 && !path.endsWith('/embed'))
            assert.match(res.text, /<main id="main"/, `${url.slice(0, 80)}: the normal layout`);
          // Refused: the error page, or (search) its own form with the reason.
          if (res.status !== 200)
            assert.match(
              res.text,
              /class="error-page"|class="notice notice--error/,
              `${url.slice(0, 80)}: the error page or the form's message`,
            );
        } catch (err) {
          wrong.push((err as Error).message.split('\n')[0]);
        }
      }
    }
    assert.deepEqual(wrong, []);
    assertNoPrototypePollution('after the query injections');
  });

  it('refuses forged prototype keys in form and JSON bodies without pollution', async () => {
    const bodies: [string, string, string][] = [
      ['form', '/advisories/MS04-044/thread', `_csrf=${encodeURIComponent(admin.csrf)}&body=ok&__proto__[x]=1&constructor[prototype][x]=1`],
      ['JSON', '/advisories/MS04-044/thread', JSON.stringify({ _csrf: admin.csrf, body: 'ok', ['__proto__']: { x: 1, polluted: 1 } })],
      ['JSON constructor', '/advisories/MS04-044/thread', `{"_csrf":"${admin.csrf}","body":"ok","constructor":{"prototype":{"x":1}}}`],
      [
        'JSON register',
        '/register',
        `{"_csrf":"${admin.csrf}","username":"protouser","email":"p@example.test","password":"correct horse battery","__proto__":{"role":"admin","isAdmin":true}}`,
      ],
      ['JSON login', '/login', `{"_csrf":"${admin.csrf}","username":"x","password":"y","__proto__":{"x":1}}`],
      [
        'editor form',
        '/advisories/new',
        `_csrf=${encodeURIComponent(admin.csrf)}&id=MS09-950&__proto__.x=1&constructor.prototype.x=1&platforms.__proto__.key=x&packages.0.files.__proto__.name=x`,
      ],
      [
        'known issue',
        '/advisories/MS04-044/known-issues',
        `_csrf=${encodeURIComponent(admin.csrf)}&title=t&symptom=s&__proto__[x]=1&platforms[__proto__]=x`,
      ],
    ];
    for (const [label, path, body] of bodies) {
      const res = await admin.agent
        .post(path)
        .set('Content-Type', body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded')
        .send(body);
      assertNoLeak(res, label, rootDir);
      assert.ok(res.status < 500, `${label}: ${res.status}`);
    }
    assertNoPrototypePollution('after the forged bodies');
  });

  it('answers tokens sent twice, as arrays or in the wrong place with 403, and broken bodies with 400', async () => {
    const token = encodeURIComponent(admin.csrf);
    for (const body of [
      `_csrf=${token}&_csrf=${token}&body=x`,
      `_csrf[]=${token}&body=x`,
      `_csrf[0]=${token}&body=x`,
      'body=x',
      `_csrf=${token.slice(0, -1)}&body=x`,
      '_csrf=&body=x',
    ]) {
      const res = await admin.agent.post('/advisories/MS04-044/thread').type('form').send(body);
      assertErrorPage(res, [403], `_csrf as ${body.slice(0, 30)}`, rootDir);
    }
    for (const json of [
      `{"_csrf":["${admin.csrf}"],"body":"x"}`,
      `{"_csrf":{"toString":"${admin.csrf}"},"body":"x"}`,
      `{"_csrf":null,"body":"x"}`,
    ]) {
      const res = await admin.agent.post('/advisories/MS04-044/thread').set('Content-Type', 'application/json').send(json);
      assertErrorPage(res, [403], `JSON _csrf ${json.slice(0, 30)}`, rootDir);
    }
    const broken: [string, string][] = [
      ['application/json', '{"_csrf":'],
      ['application/json', '['.repeat(5000) + ']'.repeat(5000)],
      ['application/json', `{"_csrf":"${admin.csrf}","body":"\\ud800"}`],
      ['application/x-www-form-urlencoded', `_csrf=${token}&body=%E3%81`],
      ['application/x-www-form-urlencoded; charset=utf-7', `_csrf=${token}&body=x`],
      ['application/x-www-form-urlencoded', `_csrf=${token}&body=%zz`],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="body"\r\n\r\nx\r\n'],
      ['text/plain', 'body=x'],
    ];
    for (const [type, body] of broken) {
      const res = await admin.agent.post('/advisories/MS04-044/thread').set('Content-Type', type).send(body);
      assertNoLeak(res, `${type} ${body.slice(0, 20)}`, rootDir);
      assert.ok([303, 400, 403, 415, 422].includes(res.status), `${type} ${body.slice(0, 20)}: ${res.status}`);
    }
    assertNoPrototypePollution('after the broken bodies');
  });

  it('answers overlong paths and query strings without a 500', async () => {
    for (const path of [
      `/advisories/${'A'.repeat(7000)}/thread`,
      `/posts/${'9'.repeat(7000)}`,
      `/${'x/'.repeat(3000)}`,
      `/search?q=${'あ'.repeat(1200)}`,
      `/search?${'a=1&'.repeat(1500)}`,
      `/users/${'%E3%81%82'.repeat(600)}`,
    ]) {
      const res = await request(t.http).get(path);
      assertNoLeak(res, path.slice(0, 40), rootDir);
      assert.ok([200, 400, 404, 414, 431].includes(res.status), `${path.slice(0, 40)}: ${res.status}`);
    }
    await request(t.http).get('/healthz').expect(200);
  });
});
