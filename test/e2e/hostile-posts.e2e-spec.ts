import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import request from 'supertest';
import { translate } from '../../src/common/i18n/i18n';
import { findRootDir, loadConfig } from '../../src/config/config';
import { FieldReport } from '../../src/field-reports/field-report.entity';
import { Role } from '../../src/policy/viewer';
import { PostRevision } from '../../src/threads/post-revision.entity';
import { Post } from '../../src/threads/post.entity';
import { createAdvisories, referenceDocument } from '../factories/advisory.factory';
import { csrfFrom, signedInAgent } from '../factories/user.factory';
import { fieldError, fieldValue, formSubmission } from '../support/forms';
import { assertCleanPostBodies, assertNoActiveContent, assertNoLeak, NAUGHTY, NAUGHTY_TEXT, packed } from '../support/hostile';
import { createTestApp, TestApp } from '../support/test-app';

// The Big List of Naughty Strings through the post form: each string alone as a post body and a field
// report's software and platform, and the whole list in one body (and its edit, revisions, quote and
// preview). Nothing is a 500, what is stored is what
// was typed (CRLF as LF; the report's names NFKC-normalized and trimmed, as documented), and the
// pages show it as text: no script, no handler, no script URL survives.

const DEFAULTS = loadConfig({ NODE_ENV: 'test', LOG_REQUESTS: 'false', DEMO_DATA: 'false' }, findRootDir(__dirname));
const rule = (limit: number) => ({ limit, windowSeconds: 60 });
const THREAD = '/advisories/MS04-044/thread';
const msg = (key: string) => translate('ja', key);
const OTHER_LABEL = msg('report.platform.other');

interface Member {
  agent: request.Agent;
  csrf: string;
  id: number;
}

async function member(t: TestApp, role?: Role): Promise<Member> {
  const { agent, user } = await signedInAgent(t.app, role);
  return { agent, csrf: csrfFrom((await agent.get('/').expect(200)).text), id: user.id };
}

function submit(m: Member, path: string, fields: Record<string, string>) {
  return m.agent.post(path).type('form').send(new URLSearchParams({ _csrf: m.csrf, ...fields }).toString());
}

/** The post number a successful post redirects to (…/thread?page=N#pNUMBER). */
function postedNumber(location: string | undefined): number {
  const m = /#p(\d+)$/.exec(location ?? '');
  assert.ok(m, `a redirect to the new post, got ${location}`);
  return Number(m[1]);
}

/** The thread page's posts by number. */
function postItems(html: string): Map<number, Element> {
  const doc = parseDocument(html, { decodeEntities: true });
  const items = DomUtils.findAll((e) => e.name === 'li' && /^p\d+$/.test(e.attribs.id ?? ''), doc.children);
  return new Map(items.map((e) => [Number(e.attribs.id.slice(1)), e]));
}

const ddTexts = (item: Element) => DomUtils.findAll((e) => e.name === 'dd', item.children).map((dd) => DomUtils.textContent(dd));

/** What the report form keeps of a name: NFKC, trimmed (posts.service.ts checkReport). */
const reportName = (s: string) => s.normalize('NFKC').trim();

describe('naughty strings in posts and field reports', () => {
  let t: TestApp;
  let author: Member;
  let rootDir: string;
  /** Post number → the string it was made of. */
  const made = new Map<number, string>();

  before(async () => {
    t = await createTestApp({
      rateLimits: { ...DEFAULTS.rateLimits, postsPerUser: rule(100_000) },
    });
    rootDir = t.config.rootDir;
    await createAdvisories(t.app, [referenceDocument()]);
    author = await member(t);
  });
  after(() => t.close());

  it('takes each string alone as a post body, a report’s software and its platform, or refuses a blank one with the text kept', async () => {
    const wrong: string[] = [];
    for (const [i, s] of NAUGHTY.entries()) {
      const label = `#${i} ${JSON.stringify(s).slice(0, 60)}`;
      if (s.trim() === '') {
        const res = await submit(author, THREAD, { body: s });
        assertNoLeak(res, label, rootDir);
        if (res.status !== 422 || fieldValue(res.text, 'body') !== s || fieldError(res.text, 'f-body') !== msg('post.body.required')) wrong.push(`${label}: ${res.status}, not refused with the text kept`);
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
    assert.equal(posts.length, NAUGHTY_TEXT.length);
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
  });

  it('keeps the whole list in one body: the edit form gives it back exactly, and sending that form again changes nothing', async () => {
    const [group, ...rest] = packed(NAUGHTY_TEXT, 19_000, '\n');
    const typed = group.join('\r\n');
    const stored = group.join('\n');
    const preview = await submit(author, THREAD, { body: typed, intent: 'preview' });
    assertNoLeak(preview, 'preview', rootDir);
    assert.equal(preview.status, 200);
    assertNoActiveContent(preview.text, 'preview');
    assertCleanPostBodies(preview.text, 'preview');
    assert.equal(fieldValue(preview.text, 'body')?.replace(/\r\n/g, '\n'), stored, 'the preview keeps the text');

    const res = await submit(author, THREAD, { body: typed });
    assert.equal(res.status, 303);
    const post = await t.em().findOneOrFail(Post, { number: postedNumber(res.headers.location) });
    assert.equal(post.bodySource, stored, 'stored with LF line ends');

    const edit = await author.agent.get(`/posts/${post.id}/edit`).expect(200);
    assertNoActiveContent(edit.text, 'edit form');
    assert.equal(fieldValue(edit.text, 'body'), stored, 'the edit form shows what was typed');
    const again = formSubmission(edit.text, `/posts/${post.id}/edit`);
    const resent = await author.agent.post(again.action).type('form').send(again.body);
    assert.equal(resent.status, 303);
    assert.equal((await t.em().findOneOrFail(Post, post.id)).revisionCount, 0, 'the form sent back unchanged is no new revision');

    // Edited to the rest of the list (or the list reversed): the revisions page shows both texts as typed.
    const next = (rest[0] ?? [...group].reverse()).join('\n');
    assert.equal((await submit(author, `/posts/${post.id}/edit`, { body: next })).status, 303);
    const revisions = await author.agent.get(`/posts/${post.id}/revisions`).expect(200);
    assertNoActiveContent(revisions.text, 'revisions');
    const sources = DomUtils.findAll((e) => e.name === 'pre', parseDocument(revisions.text, { decodeEntities: true }).children).map((e) => DomUtils.textContent(e));
    assert.deepEqual(sources, [next, stored]);
    assert.equal(await t.em().count(PostRevision, { post: post.id }), 1);

    // Quoted in a reply: the quote form holds every line, and posting it works.
    const quote = await author.agent.get(`/posts/${post.id}/reply?quote=1`).expect(200);
    assertNoActiveContent(quote.text, 'quote form');
    assertCleanPostBodies(quote.text, 'quote form');
    const quoted = fieldValue(quote.text, 'body') ?? '';
    for (const line of next.split('\n')) assert.ok(quoted.includes(line.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')), `quoted: ${JSON.stringify(line).slice(0, 50)}`);
    const reply = formSubmission(quote.text, THREAD);
    assert.equal((await author.agent.post(reply.action).type('form').send(reply.body)).status, 303);
  });

  it('refuses a body past the limit with the text kept, whatever it holds', async () => {
    const body = NAUGHTY_TEXT.join('\n').repeat(2).slice(0, 20_500);
    const res = await submit(author, THREAD, { body });
    assertNoLeak(res, 'long body', rootDir);
    assert.equal(res.status, 422);
    assert.equal(fieldError(res.text, 'f-body'), msg('post.body.tooLong'));
    assert.equal(fieldValue(res.text, 'body'), body);
    assertNoActiveContent(res.text, 'long body refused');
  });
});
