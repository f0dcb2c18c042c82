import { ref } from '@mikro-orm/core';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DomUtils, parseDocument } from 'htmlparser2';
import request from 'supertest';
import { Advisory } from '../../src/advisories/advisory.entity';
import { KnownIssue, KnownIssueStatus } from '../../src/known-issues/known-issue.entity';
import { User } from '../../src/users/user.entity';
import { buildAdvisoryDoc, createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { createUser } from '../factories/user.factory';
import { assertValidHtml, nextPageLink } from '../support/html';
import { createTestApp, ENGINE, TestApp } from '../support/test-app';

const PAGE = 100;

function listed(html: string): { ids: number[]; next: string | null } {
  const d = parseDocument(html);
  const titles = DomUtils.findAll((e) => e.name === 'a' && (e.attribs.class ?? '').split(' ').includes('ki__title'), d.children);
  return { ids: titles.map((a) => Number(/#ki(\d+)$/.exec(a.attribs.href)![1])), next: nextPageLink(html) };
}

/** Every page of a /known-issues address, following its "next" links. */
async function allPages(t: TestApp, path: string): Promise<number[][]> {
  const pages: number[][] = [];
  for (let next: string | null = path; next;) {
    assert.ok(pages.length < 50, 'the pages come to an end');
    const res = await request(t.http).get(next).expect(200);
    const page = listed(res.text);
    pages.push(page.ids);
    next = page.next;
  }
  return pages;
}

describe(`/known-issues across the board on ${ENGINE}: filters in SQL, every match on some page`, () => {
  let t: TestApp;
  /** id → what was written, oldest change first. */
  const written: { id: number; status: KnownIssueStatus; platforms: string[]; software: string; published: boolean }[] = [];

  before(async () => {
    t = await createTestApp();
    await createAdvisories(t.app, [referenceDocument()]);
    await createAdvisories(t.app, [buildAdvisoryDoc({ id: 'MS04-045' })], false);
    const author = await createUser(t.app);
    const em = t.em();
    const at = Date.UTC(2004, 11, 14);
    for (let i = 0; i < 130; i++) {
      const published = i % 13 !== 5;
      const status: KnownIssueStatus = i % 10 === 9 ? 'resolved' : i % 2 ? 'confirmed' : 'investigating';
      // The only ws2003 issues are the three oldest: a filter applied after a page was read would miss them.
      const platforms = i < 3 ? ['ws2003'] : ['win2000-sp4'];
      const software = i === 1 ? 'VERITAS Backup Exec 8.6' : i === 4 ? '50%_off!' : i === 7 ? '500 off' : '';
      const issue = new KnownIssue(ref(Advisory, published ? 'MS04-044' : 'MS04-045'), `問題 ${i}`, `症状 ${i}`, ref(User, author.id));
      Object.assign(issue, { status, platforms, software, createdAt: new Date(at + i * 60_000), updatedAt: new Date(at + i * 60_000) });
      em.persist(issue);
      await em.flush();
      written.push({ id: issue.id, status, platforms, software, published });
    }
  });
  after(() => t.close());

  const expected = (keep: (w: (typeof written)[number]) => boolean) =>
    written
      .filter((w) => w.published && w.status !== 'resolved' && keep(w))
      .map((w) => w.id)
      .reverse();

  it('pages through every open issue of published bulletins, latest change first, 100 a page', async () => {
    const pages = await allPages(t, '/known-issues');
    assert.deepEqual(
      pages.map((p) => p.length),
      [PAGE, expected(() => true).length - PAGE],
    );
    assert.deepEqual(
      pages.flat(),
      expected(() => true),
    );
    const first = await request(t.http).get('/known-issues').expect(200);
    await assertValidHtml(first.text, '/known-issues with a next page');
    assert.match(first.text, new RegExp(`${expected(() => true).length}`), 'the count is of every match, not of the page');
  });

  it('finds issues by platform, status and software wherever they stand in time', async () => {
    assert.deepEqual(
      (await allPages(t, '/known-issues?platform=ws2003')).flat(),
      expected((w) => w.platforms.includes('ws2003')),
    );
    assert.equal(expected((w) => w.platforms.includes('ws2003')).length, 3);
    assert.deepEqual(
      (await allPages(t, '/known-issues?status=confirmed&platform=win2000-sp4')).flat(),
      expected((w) => w.status === 'confirmed' && w.platforms.includes('win2000-sp4')),
    );
    assert.deepEqual(
      (await allPages(t, `/known-issues?software=${encodeURIComponent('backup exec')}`)).flat(),
      expected((w) => w.software.startsWith('VERITAS')),
      'case does not matter',
    );
    // LIKE's own characters are the text typed: "50%_" matches "50%_off!" only, not "500 off".
    assert.deepEqual(
      (await allPages(t, `/known-issues?software=${encodeURIComponent('50%_')}`)).flat(),
      expected((w) => w.software === '50%_off!'),
    );
    assert.deepEqual(
      (await allPages(t, `/known-issues?software=${encodeURIComponent('off!')}`)).flat(),
      expected((w) => w.software === '50%_off!'),
    );
    assert.deepEqual((await allPages(t, '/known-issues?platform=no-such')).flat(), []);
  });

  it('keeps the filters on the next page, and offers the platforms of the open issues', async () => {
    const first = await request(t.http).get('/known-issues?status=investigating').expect(200);
    const page = listed(first.text);
    if (page.next) assert.match(page.next, /status=investigating/);
    const options = DomUtils.findAll(
      (e) => e.name === 'option' && e.parent !== null && (e.parent as { attribs?: Record<string, string> }).attribs?.name === 'platform',
      parseDocument(first.text).children,
    ).map((o) => o.attribs.value);
    assert.deepEqual(options, ['', 'win2000-sp4', 'ws2003']);
  });

  it('treats a malformed cursor as the first page', async () => {
    for (const after of ['abc', '-1', '1e3', ''])
      assert.deepEqual(
        listed((await request(t.http).get(`/known-issues?after=${after}`).expect(200)).text).ids,
        expected(() => true).slice(0, PAGE),
      );
  });
});
