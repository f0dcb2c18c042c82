import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { AdvisoryDocument } from '../../src/advisories/advisory-format';
import { Advisory } from '../../src/advisories/advisory.entity';
import { AdvisoryPlatform } from '../../src/advisories/advisory-platform.entity';
import { runCli } from '../../src/cli';
import { Thread } from '../../src/threads/thread.entity';
import { buildAdvisoryDoc, faultyReferenceDocument, referenceDocument } from '../factories/advisory.factory';
import { createTestApp, TestApp } from '../support/test-app';

const dir = mkdtempSync(join(tmpdir(), 'hfr-import-'));
const file = (name: string, data: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
  return path;
};

describe('advisories:import and export', () => {
  let t: TestApp;
  const cli = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { log: (s) => out.push(s), error: (s) => err.push(s) }, t.config);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('imports the reference bulletin, and export gives back the same data', async () => {
    const seed = referenceDocument();
    const r = await cli('advisories:import', file('seed.json', seed), '--publish');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\[1\/1\] MS04-044: created, published/);
    assert.match(r.out, /Imported 1 advisory \(1 created, 0 updated, 1 published\)/);
    const res = await request(t.http)
      .get('/advisories/MS04-044.json')
      .expect(200)
      .expect('Content-Type', /application\/json; charset=utf-8/);
    assert.deepEqual(res.body, seed);
    // The same keys in the same order as the reference file, so a diff of the two is empty.
    assert.equal(JSON.stringify(res.body), JSON.stringify(seed));
  });

  it('writes nothing when any file has a problem, and names each field by its JSON path', async () => {
    const bad = faultyReferenceDocument('MS04-045');
    const good = buildAdvisoryDoc({ id: 'MS04-046' });
    const r = await cli('advisories:import', file('good.json', good), file('bad.json', bad), file('broken.json', '{"id":'));
    assert.equal(r.code, 1);
    assert.match(r.err, /bad\.json: packages\[2\]\.files\[5\]\.size: must be a non-negative integer/);
    assert.match(r.err, /bad\.json: severity: must be one of 1, 2, 3, 4/);
    assert.match(r.err, /broken\.json: \(file\): is not valid JSON/);
    assert.match(r.err, /3 problems found; nothing was imported\./);
    const em = t.em();
    assert.equal(await em.count(Advisory, { id: { $in: ['MS04-045', 'MS04-046'] } }), 0);
  });

  it('refuses the same id twice in one import, and a missing file', async () => {
    const doc = buildAdvisoryDoc({ id: 'MS04-047' });
    const r = await cli('advisories:import', file('twice.json', [doc, doc]));
    assert.equal(r.code, 1);
    assert.match(r.err, /MS04-047: appears more than once in this import/);
    const missing = await cli('advisories:import', join(dir, 'nope.json'));
    assert.equal(missing.code, 1);
    assert.match(missing.err, /nope\.json: cannot be read \(ENOENT\)/);
    assert.equal(await t.em().count(Advisory, { id: 'MS04-047' }), 0);
  });

  it('updates an advisory on re-import, keeping platform rows and its one thread', async () => {
    const doc = buildAdvisoryDoc({ id: 'MS05-010' });
    assert.equal((await cli('advisories:import', file('v1.json', doc), '--publish')).code, 0);
    const before = await t.em().find(AdvisoryPlatform, { advisory: 'MS05-010' }, { orderBy: { position: 'asc' } });

    const v2 = {
      ...doc,
      title: '改訂版のタイトル',
      updatedOn: '2009-02-01',
      platforms: [doc.platforms[1], { key: 'winxp-sp2', label: 'Windows XP SP2', product: 'Windows XP' }],
    };
    const r = await cli('advisories:import', file('v2.json', [v2]));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /MS05-010: updated, published/);
    const em = t.em();
    const a = await em.findOneOrFail(Advisory, 'MS05-010', { populate: ['platforms'] });
    assert.equal(a.title, '改訂版のタイトル');
    assert.deepEqual(
      a.platforms.getItems().map((p) => p.key),
      ['ws2003', 'winxp-sp2'],
    );
    const ws2003 = a.platforms.getItems().find((p) => p.key === 'ws2003')!;
    assert.equal(ws2003.id, before.find((p) => p.key === 'ws2003')!.id, 'the surviving platform keeps its row');
    assert.equal(await em.count(AdvisoryPlatform, { advisory: 'MS05-010' }), 2);
    assert.equal(await em.count(Thread, { advisory: 'MS05-010' }), 1);
    const exported = (await request(t.http).get('/advisories/MS05-010.json').expect(200)).body as AdvisoryDocument;
    assert.deepEqual(exported, v2);
  });

  it('imports without --publish as a draft nobody else can see', async () => {
    const r = await cli('advisories:import', file('draft.json', buildAdvisoryDoc({ id: 'MS05-020' })));
    assert.match(r.out, /MS05-020: created, draft/);
    await request(t.http).get('/advisories/MS05-020').expect(404);
    assert.equal(await t.em().count(Thread, { advisory: 'MS05-020' }), 0);
  });

  it('explains its usage', async () => {
    assert.equal((await cli()).code, 2);
    const r = await cli('advisories:nuke');
    assert.equal(r.code, 2);
    assert.match(r.err, /Unknown command "advisories:nuke"/);
    assert.match((await cli('advisories:import', '--force', 'x.json')).err, /Unknown option --force/);
  });
});
