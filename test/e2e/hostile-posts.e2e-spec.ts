import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DomUtils, parseDocument } from 'htmlparser2';
import { PostRevision } from '../../src/threads/post-revision.entity';
import { Post } from '../../src/threads/post.entity';
import { fieldError, fieldValue, formSubmission } from '../support/forms';
import { assertCleanPostBodies, assertNoActiveContent, assertNoLeak, NAUGHTY, NAUGHTY_TEXT, packed } from '../support/hostile';
import { THREAD } from '../support/board';
import { postEachAlone, postingBoard } from '../support/hostile-posts';
import { msg } from '../support/i18n';
import { Member, submit } from '../support/members';
import { postedNumber } from '../support/posting';
import { TestApp } from '../support/test-app';

// The Big List of Naughty Strings through the post form: the first half of the list each alone as a post
// body and a field report's software and platform (the second half: hostile-posts-alone), and the whole
// list in one body (and its edit, revisions, quote and preview). Nothing is a 500, what is stored is what
// was typed (CRLF as LF; the report's names NFKC-normalized and trimmed, as documented), and the pages
// show it as text: no script, no handler, no script URL survives.

describe('naughty strings in posts and field reports', () => {
  let t: TestApp;
  let author: Member;
  let rootDir: string;

  before(async () => {
    ({ t, author } = await postingBoard());
    rootDir = t.config.rootDir;
  });
  after(() => t.close());

  it('takes each string of the first half alone as a post body, a report’s software and its platform, or refuses a blank one with the text kept', async () => {
    await postEachAlone(t, author, NAUGHTY.slice(0, Math.ceil(NAUGHTY.length / 2)));
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
    const sources = DomUtils.findAll((e) => e.name === 'pre', parseDocument(revisions.text, { decodeEntities: true }).children).map((e) =>
      DomUtils.textContent(e),
    );
    assert.deepEqual(sources, [next, stored]);
    assert.equal(await t.em().count(PostRevision, { post: post.id }), 1);

    // Quoted in a reply: the quote form holds every line, and posting it works.
    const quote = await author.agent.get(`/posts/${post.id}/reply?quote=1`).expect(200);
    assertNoActiveContent(quote.text, 'quote form');
    assertCleanPostBodies(quote.text, 'quote form');
    const quoted = fieldValue(quote.text, 'body') ?? '';
    for (const line of next.split('\n'))
      assert.ok(
        quoted.includes(line.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')),
        `quoted: ${JSON.stringify(line).slice(0, 50)}`,
      );
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
