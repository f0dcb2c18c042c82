import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseDocument } from 'htmlparser2';
import request from 'supertest';
import { BACKFILL_REPORT_DAYS as BACKFILL_PG } from '../../migrations/postgresql/Migration20261204234032';
import { BACKFILL_REPORT_DAYS as BACKFILL_SQLITE } from '../../migrations/sqlite/Migration20261204234031';
import { boardDay, formatDate } from '../../src/common/i18n/i18n';
import { FieldReport, OUTCOMES } from '../../src/field-reports/field-report.entity';
import { ReportDay } from '../../src/field-reports/report-day.entity';
import { GuestPageCache } from '../../src/page-cache/guest-page-cache';
import { Role } from '../../src/policy/viewer';
import { Post } from '../../src/threads/post.entity';
import { Thread } from '../../src/threads/thread.entity';
import { buildAdvisoryDoc, createAdvisories } from '../factories/advisory.factory';
import { BULLETIN, boardApp, ID, THREAD } from '../support/board';
import { all, byClass, El, hasClass, one, textOf } from '../support/dom';
import { formPairs } from '../support/forms';
import { assertValidHtml } from '../support/html';
import { msg } from '../support/i18n';
import { member, Member, submit } from '../support/members';
import { postThroughForm, reportForm } from '../support/posting';
import { createTestApp, ENGINE, TestApp } from '../support/test-app';
import { parseXml, XmlNode } from '../support/xml';

const TREND = `${BULLETIN}/trend.svg`;
const DAY_MS = 86_400_000;

/** report_days of the reference thread, without its emptied cells: "day/outcome" → reports. */
async function storedDays(t: TestApp): Promise<Record<string, number>> {
  const thread = await t.em().findOneOrFail(Thread, { advisory: ID });
  const rows = await t.em().find(ReportDay, { thread, reports: { $ne: 0 } });
  return Object.fromEntries(rows.map((r): [string, number] => [`${String(r.day).slice(0, 10)}/${r.outcome}`, r.reports]).sort());
}

/** The same recounted from the posts: visible reports by the day posted (Japan time) and outcome. */
async function recountDays(t: TestApp): Promise<Record<string, number>> {
  const reports = await t.em().find(FieldReport, { post: { thread: { advisory: ID } } }, { populate: ['post'] });
  const counts = new Map<string, number>();
  for (const r of reports) {
    const post = r.post.getEntity();
    if (post.state !== 'visible') continue;
    const key = `${boardDay(post.createdAt)}/${r.outcome}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort());
}

async function assertDaysExact(t: TestApp, label: string): Promise<Record<string, number>> {
  const truth = await recountDays(t);
  assert.deepEqual(await storedDays(t), truth, `${label}: report_days equals a recount`);
  return truth;
}

/** A post written earlier than now (set while it is not counted, so the counters stay exact). */
const backdate = (t: TestApp, post: Post, days: number) =>
  t.em().nativeUpdate(Post, { id: post.id }, { createdAt: new Date(Date.now() - days * DAY_MS) });

const descendants = (n: XmlNode): XmlNode[] => n.children.flatMap((c) => [c, ...descendants(c)]);

/** The picture read back: its bars' counts by outcome (from the heights and the scale's labels), title and description. */
function readPicture(svg: string) {
  const root = parseXml(svg);
  const nodes = descendants(root);
  const title = nodes.find((n) => n.name === 'title')!;
  const desc = nodes.find((n) => n.name === 'desc')!;
  // The scale: horizontal lines labelled 0 … top; a unit of height is (y of 0 − y of top) / top reports.
  const ticks = nodes.filter((n) => n.name === 'text' && n.attrs['text-anchor'] === 'end' && n.attrs.dy === '5');
  const ys = ticks.map((n) => [Number(n.text), Number(n.attrs.y)]);
  const [zero, top] = [ys[0], ys[ys.length - 1]];
  const unit = (zero[1] - top[1]) / top[0];
  const fills = new Map([
    ['#237a43', 'success'],
    ['#b8400b', 'problem'],
    ['#b3261e', 'install-failed'],
    ['#6b4fa0', 'rolled-back'],
  ]);
  const bars = nodes
    .filter((n) => n.name === 'g' && n.attrs.class === 'bar')
    .map((g) => Object.fromEntries(g.children.map((r) => [fills.get(r.attrs.fill)!, Math.round(Number(r.attrs.height) / unit)])));
  return { root, title, desc, bars };
}

/** The page's table under the picture: period → counts per outcome and total. */
function trendTable(html: string): Record<string, number[]> | null {
  const section = one(parseDocument(html), (e) => e.name === 'section' && hasClass(e, 'trend'));
  if (!section) return null;
  const rows = all(section, (e) => e.name === 'tr').slice(1);
  return Object.fromEntries(
    rows.map((tr: El) => [textOf(one(tr, (e) => e.name === 'th')), all(tr, (e) => e.name === 'td').map((td) => Number(textOf(td)))]),
  );
}

describe('reports per day (report_days): exact through every change', () => {
  let t: TestApp;
  let alice: Member;
  let bob: Member;
  let mod: Member;
  before(async () => {
    t = await boardApp();
    [alice, bob, mod] = [await member(t), await member(t), await member(t, Role.Moderator)];
  });
  after(() => t.close());

  it('counts a report on the day it was posted while it is visible: publish, hide, restore, correct, delete', async () => {
    const today = boardDay(new Date());
    const post = await postThroughForm(t, alice, reportForm({ outcome: 'problem' }));
    assert.deepEqual(await assertDaysExact(t, 'published'), { [`${today}/problem`]: 1 });

    await submit(mod, `/posts/${post.id}/hide`, { reason: '確認のため非表示' }).expect(303);
    assert.deepEqual(await assertDaysExact(t, 'hidden'), {});

    // Restored, it counts on the day it was written, not the day it came back.
    await backdate(t, post, 3);
    const posted = boardDay(new Date(Date.now() - 3 * DAY_MS));
    await submit(mod, `/posts/${post.id}/restore`, { reason: '確認が済んだ' }).expect(303);
    assert.deepEqual(await assertDaysExact(t, 'restored'), { [`${posted}/problem`]: 1 });

    const form = await alice.agent.get(`/posts/${post.id}/edit`).expect(200);
    const fields = Object.fromEntries(formPairs(form.text, `/posts/${post.id}/edit`));
    await submit(alice, `/posts/${post.id}/edit`, { ...fields, outcome: 'rolled-back' }).expect(303);
    assert.deepEqual(await assertDaysExact(t, 'corrected'), { [`${posted}/rolled-back`]: 1 });

    await submit(bob, THREAD, reportForm({ outcome: 'success', body: '問題なし' })).expect(303);
    await submit(alice, `/posts/${post.id}/delete`).expect(303);
    assert.deepEqual(await assertDaysExact(t, 'deleted'), { [`${today}/success`]: 1 });
  });

  it('stays exact under parallel reports, hides, restores and corrections', async () => {
    const crowd = await Promise.all(Array.from({ length: 12 }, () => member(t)));
    const earlier = [];
    for (const [i, m] of crowd.slice(0, 6).entries()) earlier.push(await postThroughForm(t, m, reportForm({ outcome: OUTCOMES[i % 4] })));
    // Half of them hidden first, so the burst restores some while it hides others.
    for (const p of earlier.slice(0, 3)) await submit(mod, `/posts/${p.id}/hide`, { reason: '確認のため' }).expect(303);
    const ops = [
      ...crowd.map((m, i) => submit(m, THREAD, reportForm({ outcome: OUTCOMES[(i + 1) % 4], body: `並行 ${i}` }))),
      ...earlier.slice(0, 3).map((p) => submit(mod, `/posts/${p.id}/restore`, { reason: '戻す' })),
      ...earlier.slice(3).map((p) => submit(mod, `/posts/${p.id}/hide`, { reason: '隠す' })),
    ];
    const statuses = await Promise.all(ops.map((p) => p.then((r) => r.status)));
    assert.deepEqual([...new Set(statuses)], [303], statuses.join());
    const corrections = await Promise.all(
      earlier.slice(0, 3).map(async (p, i) => {
        const author = crowd[i];
        const form = await author.agent.get(`/posts/${p.id}/edit`).expect(200);
        const fields = Object.fromEntries(formPairs(form.text, `/posts/${p.id}/edit`));
        return submit(author, `/posts/${p.id}/edit`, { ...fields, outcome: 'install-failed' }).then((r) => r.status);
      }),
    );
    assert.deepEqual([...new Set(corrections)], [303]);
    const truth = await assertDaysExact(t, 'after the burst');
    assert.ok(Object.values(truth).reduce((a, n) => a + n, 0) >= 15);
  });

  it('is rebuilt by the migration’s backfill from the reports already on the board', async () => {
    const hidden = await postThroughForm(t, bob, reportForm({ outcome: 'success' }));
    await submit(mod, `/posts/${hidden.id}/hide`, { reason: '古い報告' }).expect(303);
    await backdate(t, hidden, 40);
    await submit(mod, `/posts/${hidden.id}/restore`, { reason: '戻す' }).expect(303);
    const truth = await assertDaysExact(t, 'before');
    const connection = t.em().getConnection();
    await connection.execute('delete from report_days');
    assert.deepEqual(await storedDays(t), {});
    await connection.execute(ENGINE === 'sqlite' ? BACKFILL_SQLITE : BACKFILL_PG);
    assert.deepEqual(await storedDays(t), truth);
  });
});

describe('trend.svg: the picture, its headers and its cache', () => {
  let t: TestApp;
  let fresh: TestApp;
  let alice: Member;
  before(async () => {
    t = await boardApp();
    // A second app on the same database renders every picture anew: what a stored one must equal.
    fresh = await createTestApp({ pageCacheMegabytes: 0 }, t.db);
    await createAdvisories(t.app, [buildAdvisoryDoc({ id: 'MS05-001' })], false);
    alice = await member(t);
    const old = await postThroughForm(t, alice, reportForm({ outcome: 'problem' }));
    const mod = await member(t, Role.Moderator);
    await submit(mod, `/posts/${old.id}/hide`, { reason: '移す' }).expect(303);
    await backdate(t, old, 2);
    await submit(mod, `/posts/${old.id}/restore`, { reason: '戻す' }).expect(303);
    for (const outcome of ['success', 'success', 'install-failed']) await postThroughForm(t, alice, reportForm({ outcome }));
  });
  after(async () => {
    await fresh.close();
    await t.close();
  });

  it('is valid XML with a title, a description in words and a bar per day whose parts are the reports', async () => {
    const res = await request(t.http).get(TREND).expect(200).expect('Content-Type', 'image/svg+xml; charset=utf-8');
    assert.equal(res.headers['content-security-policy'], "default-src 'none'; style-src 'unsafe-inline'");
    const svg = (res.body as Buffer).toString();
    assert.doesNotMatch(svg, /<script|\son\w+=|href=|<foreignObject/i);
    const { root, title, desc, bars } = readPicture(svg);
    assert.equal(root.name, 'svg');
    assert.equal(root.attrs.role, 'img');
    assert.equal(root.attrs['aria-labelledby'], `${title.attrs.id} ${desc.attrs.id}`);
    assert.match(root.attrs.viewBox, /^0 0 \d+ \d+$/);
    assert.equal(title.text, msg('trend.title', { id: ID }));
    assert.ok(desc.text.includes(msg('trend.wordsItem', { outcome: msg('outcome.success'), count: 2 })), desc.text);
    assert.ok(desc.text.includes(msg('trend.wordsItem', { outcome: msg('outcome.problem'), count: 1 })), desc.text);
    assert.ok(desc.text.includes(msg('trend.step.day')), desc.text);
    // Publication (today, in the tests) to today: the backdated report draws a bar before it.
    assert.deepEqual(bars, [{ problem: 1 }, {}, { success: 2, 'install-failed': 1 }]);
    for (const key of OUTCOMES) assert.ok(svg.includes(`>${msg(`outcome.${key}`)}</text>`), `the legend names ${key}`);
  });

  it('answers 404 for an unknown id and for a draft, as the badge does', async () => {
    await request(t.http).get('/advisories/MS99-999/trend.svg').expect(404);
    await request(t.http).get('/advisories/MS05-001/trend.svg').expect(404);
    await request(t.http).get('/advisories/MS05-001/badge.svg').expect(404);
  });

  it('is stored for guests and answered again until a report changes it, then shows the new report at once', async () => {
    const pictures = t.app.get(GuestPageCache).stats;
    await request(t.http).get(TREND).expect(200);
    const hits = pictures.hits;
    const served = await request(t.http).get(TREND).expect(200).expect('Content-Type', 'image/svg+xml; charset=utf-8');
    assert.equal(pictures.hits, hits + 1, 'the second came from the store');
    assert.equal(served.headers['content-security-policy'], "default-src 'none'; style-src 'unsafe-inline'");
    assert.equal(served.headers['cache-control'], 'no-cache');
    await request(t.http).get(TREND).set('If-None-Match', served.headers.etag).expect(304);

    await postThroughForm(t, alice, reportForm({ outcome: 'rolled-back' }));
    const now = await request(t.http).get(TREND).set('If-None-Match', served.headers.etag).expect(200);
    const reference = await request(fresh.http).get(TREND).expect(200);
    assert.equal((now.body as Buffer).toString(), (reference.body as Buffer).toString());
    assert.deepEqual(readPicture((now.body as Buffer).toString()).bars.at(-1), { success: 2, 'install-failed': 1, 'rolled-back': 1 });
    // In English for a guest who asks for it, stored apart.
    const en = await request(t.http).get(TREND).set('Accept-Language', 'en').expect(200);
    assert.ok((en.body as Buffer).toString().includes('>Rolled back</text>'));
  });

  it('runs to today: a report a week ago and none since draw a quiet week, and a stored picture is only today’s', async () => {
    const quiet = buildAdvisoryDoc();
    await createAdvisories(t.app, [quiet]);
    const mod = await member(t, Role.Moderator);
    const report = await postThroughForm(t, alice, reportForm({ outcome: 'problem' }), quiet.id);
    await submit(mod, `/posts/${report.id}/hide`, { reason: '移す' }).expect(303);
    await backdate(t, report, 7);
    await submit(mod, `/posts/${report.id}/restore`, { reason: '戻す' }).expect(303);
    const res = await request(t.http).get(`/advisories/${quiet.id}/trend.svg`).expect(200);
    const { bars, desc } = readPicture((res.body as Buffer).toString());
    assert.deepEqual(bars, [{ problem: 1 }, {}, {}, {}, {}, {}, {}, {}], 'the report’s day, then seven quiet days to today');
    const today = boardDay(new Date());
    assert.ok(desc.text.includes(formatDate('ja', today)), desc.text);
    // The stored copy's validator names the board's day: tomorrow's first request draws the picture anew.
    assert.ok(String(res.headers.etag).endsWith(`.${today.replaceAll('-', '')}"`), res.headers.etag);
  });

  it('is shown on the bulletin and the thread with a text alternative and the same numbers as a table', async () => {
    for (const path of [BULLETIN, THREAD]) {
      const page = await request(t.http).get(path).expect(200);
      await assertValidHtml(page.text, path);
      const section = one(parseDocument(page.text), (e) => e.name === 'section' && hasClass(e, 'trend'))!;
      const img = one(section, (e) => e.name === 'img')!;
      assert.equal(img.attribs.src, TREND);
      assert.ok(img.attribs.alt.includes(msg('trend.wordsItem', { outcome: msg('outcome.success'), count: 2 })), img.attribs.alt);
      const details = byClass(section, 'trend__data')!;
      assert.equal(details.name, 'details');
      assert.equal(byClass(details, 'table-wrap')!.attribs.tabindex, '0');
      const rows = Object.values(trendTable(page.text)!);
      // The days with reports, in order: counts per outcome (success, problem, install-failed, rolled-back) and the total.
      assert.deepEqual(rows, [
        [0, 1, 0, 0, 1],
        [2, 0, 1, 1, 4],
      ]);
    }
  });
});
