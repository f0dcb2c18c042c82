import assert from 'node:assert/strict';
import type { Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import request from 'supertest';
import { FieldReport } from '../../src/field-reports/field-report.entity';
import { Post } from '../../src/threads/post.entity';
import { boardApp, THREAD } from './board';
import { fieldError, fieldValue } from './forms';
import { assertCleanPostBodies, assertNoActiveContent, assertNoLeak, nfkc } from './hostile';
import { msg } from './i18n';
import { member, Member, submit } from './members';
import { postedNumber } from './posting';
import { TestApp } from './test-app';

const OTHER_LABEL = msg('report.platform.other');

/** The thread page's posts by number. */
function postItems(html: string): Map<number, Element> {
  const doc = parseDocument(html, { decodeEntities: true });
  const items = DomUtils.findAll((e) => e.name === 'li' && /^p\d+$/.test(e.attribs.id ?? ''), doc.children);
  return new Map(items.map((e) => [Number(e.attribs.id.slice(1)), e]));
}

const ddTexts = (item: Element) => DomUtils.findAll((e) => e.name === 'dd', item.children).map((dd) => DomUtils.textContent(dd));

/** What the report form keeps of a name: NFKC, trimmed (posts.service.ts checkReport). */
const reportName = (s: string) => nfkc(s).trim();

/** The reference bulletin's board with a member to post, and no posting limit to meet. */
export async function postingBoard(): Promise<{ t: TestApp; author: Member }> {
  const t = await boardApp();
  return { t, author: await member(t) };
}

/**
 * Each string alone as a post body and (where it fits) a field report's software and "other" platform;
 * a blank one refused with the text kept. Checks what was stored and how every thread page shows it.
 * Returns post number → string.
 */
export async function postEachAlone(t: TestApp, author: Member, strings: readonly string[]): Promise<Map<number, string>> {
  const rootDir = t.config.rootDir;
  const made = new Map<number, string>();
  const wrong: string[] = [];
  for (const [i, s] of strings.entries()) {
    const label = `#${i} ${JSON.stringify(s).slice(0, 60)}`;
    if (s.trim() === '') {
      const res = await submit(author, THREAD, { body: s });
      assertNoLeak(res, label, rootDir);
      if (res.status !== 422 || fieldValue(res.text, 'body') !== s || fieldError(res.text, 'f-body') !== msg('post.body.required'))
        wrong.push(`${label}: ${res.status}, not refused with the text kept`);
      continue;
    }
    const fields: Record<string, string> = { body: s, outcome: 'problem', hosts: '1' };
    if (reportName(s).length <= 200) fields.software = s;
    if (reportName(s).length <= 100) Object.assign(fields, { platform: 'other', platformOther: s });
    else fields.platform = 'win2000-sp4';
    const res = await submit(author, THREAD, fields);
    assertNoLeak(res, label, rootDir);
    if (res.status !== 303) wrong.push(`${label}: ${res.status}`);
    else made.set(postedNumber(res.headers.location), s);
  }
  assert.deepEqual(wrong, []);

  // Stored as typed (no CR in the list, so no line-end change).
  const posts = await t.em().find(Post, { number: { $in: [...made.keys()] } }, { orderBy: { number: 'asc' } });
  const reports = new Map((await t.em().find(FieldReport, { post: { $in: posts.map((p) => p.id) } })).map((r) => [r.post.id, r]));
  assert.equal(posts.length, strings.filter((s) => s.trim() !== '').length);
  for (const p of posts) {
    const s = made.get(p.number)!;
    assert.equal(p.bodySource, s, `post #${p.number} body`);
    const r = reports.get(p.id)!;
    assert.equal(r.software, reportName(s).length <= 200 ? reportName(s) : '', `post #${p.number} software`);
    assert.equal(r.platformOther, reportName(s).length <= 100 ? reportName(s) : null, `post #${p.number} platformOther`);
  }

  // Shown as text on every page of the thread, in the report's own fields.
  const pages = Math.ceil(made.size / 50);
  for (let page = 1; page <= pages; page++) {
    const html = (await request(t.http).get(`${THREAD}?page=${page}`).expect(200)).text;
    assertNoActiveContent(html, `thread page ${page}`);
    assert.ok(assertCleanPostBodies(html, `thread page ${page}`) > 0);
    for (const [n, item] of postItems(html)) {
      const s = made.get(n)!;
      const dds = ddTexts(item);
      if (reportName(s).length <= 200 && reportName(s)) assert.ok(dds.includes(reportName(s)), `post #${n}: software shown as typed`);
      if (reportName(s).length <= 100) assert.ok(dds.includes(`${OTHER_LABEL}: ${reportName(s)}`), `post #${n}: platform shown as typed`);
    }
  }
  return made;
}
