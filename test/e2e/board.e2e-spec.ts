import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { Thread } from '../../src/threads/thread.entity';
import { buildAdvisoryDoc, createAdvisories } from '../factories/advisory.factory';
import { assertValidHtml } from '../support/html';
import { createTestApp, TestApp } from '../support/test-app';

describe('board index and threads', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('says so when nothing is published yet', async () => {
    const res = await request(t.http).get('/').expect(200);
    assert.match(res.text, /公開済みのセキュリティ情報はまだありません/);
    await assertValidHtml(res.text, 'empty index');
  });

  it('lists published advisories newest-updated first, 50 a page, by keyset', async () => {
    const docs = Array.from({ length: 53 }, (_, i) => {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const month = String(1 + Math.floor(i / 28)).padStart(2, '0');
      return buildAdvisoryDoc({
        id: `MS06-${String(i + 1).padStart(3, '0')}`,
        registeredOn: `2006-${month}-${day}`,
        updatedOn: `2006-${month}-${day}`,
      });
    });
    // Two advisories share the newest date: the id breaks the tie.
    docs.push(buildAdvisoryDoc({ id: 'MS06-054', registeredOn: '2006-02-25', updatedOn: '2006-02-25' }));
    await createAdvisories(t.app, docs);
    await createAdvisories(t.app, [buildAdvisoryDoc({ id: 'MS06-099', updatedOn: '2007-01-01' })], false);

    const first = await request(t.http).get('/').expect(200);
    const ids1 = [...first.text.matchAll(/class="advisory-card__id" href="\/advisories\/([^"]+)"/g)].map((m) => m[1]);
    assert.equal(ids1.length, 50);
    assert.deepEqual(ids1.slice(0, 3), ['MS06-054', 'MS06-053', 'MS06-052']);
    assert.ok(!ids1.includes('MS06-099'), 'drafts are not listed');
    const next = /<a rel="next" href="([^"]+)"/.exec(first.text)?.[1].replace(/&#x3D;/g, '=');
    assert.ok(next, 'a link to the next page');
    const second = await request(t.http).get(next).expect(200);
    const ids2 = [...second.text.matchAll(/class="advisory-card__id" href="\/advisories\/([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(ids2, ['MS06-004', 'MS06-003', 'MS06-002', 'MS06-001']);
    assert.doesNotMatch(second.text, /rel="next"/);
    const all = new Set([...ids1, ...ids2]);
    assert.equal(all.size, 54);

    for (const text of ['KB900', '1 緊急', '緊急適用', '2006年2月25日', 'href="/advisories/MS06-054/thread"'])
      assert.ok(first.text.includes(text), text);
    await assertValidHtml(first.text, 'index');
  });

  it('ignores a malformed cursor instead of failing', async () => {
    await request(t.http).get('/?after=%27%20OR%201%3D1--').expect(200);
    await request(t.http).get('/?after=2006-01-01~ms06-001&after=x').expect(200);
  });

  it('gives every published advisory exactly one thread, which says there are no reports yet', async () => {
    const doc = buildAdvisoryDoc({ id: 'MS07-001' });
    await createAdvisories(t.app, [doc], false);
    assert.equal(await t.em().count(Thread, { advisory: 'MS07-001' }), 0);
    await createAdvisories(t.app, [doc], true);
    await createAdvisories(t.app, [doc], true);
    assert.equal(await t.em().count(Thread, { advisory: 'MS07-001' }), 1);
    const res = await request(t.http).get('/advisories/MS07-001/thread').expect(200);
    assert.match(res.text, /まだ報告はありません/);
    assert.match(res.text, /href="\/advisories\/MS07-001"/);
    await assertValidHtml(res.text, 'thread');
  });

  it('reports health with a real database round trip', async () => {
    const res = await request(t.http).get('/healthz').expect(200);
    assert.deepEqual(res.body, { status: 'ok', database: 'ok' });
    assert.equal(res.headers['cache-control'], 'no-store');
  });
});

describe('health when the database is gone', () => {
  it('answers 503 from /healthz and a readable 503 page elsewhere', async () => {
    const t = await createTestApp();
    try {
      await t.orm.close(true);
      const health = await request(t.http).get('/healthz').expect(503);
      assert.deepEqual(health.body, { status: 'error', database: 'unreachable' });
      const page = await request(t.http).get('/').set('Accept', 'text/html');
      assert.ok(page.status >= 500, `status ${page.status}`);
      assert.doesNotMatch(page.text, /at .*\.js:\d+|knex|SqliteError|ECONNREFUSED/);
    } finally {
      await t.app.close().catch(() => undefined);
      await t.db.drop();
    }
  });
});
