import { parseDocument } from 'htmlparser2';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { Role } from '../../src/policy/viewer';
import { Post } from '../../src/threads/post.entity';
import { User } from '../../src/users/user.entity';
import { SharedRenders } from '../../src/page-cache/shared-parts';
import { buildAdvisoryDoc, createAdvisories } from '../factories/advisory.factory';
import { csrfFrom, signInCookie } from '../factories/user.factory';
import { boardApp, ID, THREAD } from '../support/board';
import { all, formTo, hasClass, postItem } from '../support/dom';
import { member, Member, submit } from '../support/members';
import { postThroughForm, reportForm } from '../support/posting';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * A signed-in member's thread page (issue 21): what each role sees of each post state, which controls it gets, and that
 * a write shows at once. Signed-in pages are not the guests' stored pages: whatever is shared between viewers must keep this.
 */
describe('thread pages by role and post state', () => {
  let t: TestApp;
  // A second app on the same database renders every page whole (no store): the reference for every shared page.
  let fresh: TestApp;
  const who = {} as Record<'subscriber' | 'author' | 'newbie' | 'other' | 'moderator' | 'editor' | 'admin' | 'suspended', Member>;
  const post = {} as Record<'report' | 'plain' | 'hidden' | 'ownHidden' | 'deleted' | 'held', Post>;

  before(async () => {
    // A new member's first post waits (the held post); the others have posts approved already.
    t = await boardApp({ moderation: { flagHideThreshold: 3, holdFirstPosts: 1 } });
    for (const [name, role] of [
      ['subscriber', undefined],
      ['author', undefined],
      ['newbie', undefined],
      ['other', undefined],
      ['moderator', Role.Moderator],
      ['editor', Role.Editor],
      ['admin', Role.Admin],
      ['suspended', undefined],
    ] as const)
      who[name] = await member(t, role);
    await t.em().nativeUpdate(User, { id: { $in: [who.author.user.id, who.other.user.id, who.subscriber.user.id] } }, { approvedPosts: 5 });
    post.report = await postThroughForm(t, who.author, reportForm({ body: 'AUTHOR-REPORT-BODY' }));
    post.plain = await postThroughForm(t, who.other, { body: 'OTHER-PLAIN-BODY' });
    post.hidden = await postThroughForm(t, who.other, { body: 'OTHER-HIDDEN-BODY' });
    post.ownHidden = await postThroughForm(t, who.author, { body: 'AUTHOR-HIDDEN-BODY' });
    post.deleted = await postThroughForm(t, who.other, { body: 'OTHER-DELETED-BODY' });
    post.held = await postThroughForm(t, who.newbie, { body: 'NEWBIE-HELD-BODY' });
    for (const p of [post.hidden, post.ownHidden])
      assert.equal((await submit(who.moderator, `/posts/${p.id}/hide`, { reason: '規約違反' })).status, 303);
    assert.equal((await submit(who.other, `/posts/${post.deleted.id}/delete`)).status, 303);
    assert.equal(
      (await submit(who.moderator, `/mod/users/${who.suspended.user.id}/state`, { state: 'suspended', reason: '荒らし', days: '3' }))
        .status,
      303,
    );
    fresh = await createTestApp({ ...t.config, pageCacheMegabytes: 0 }, t.db);
    const states = await t.em().find(Post, { id: { $in: Object.values(post).map((p) => p.id) } });
    assert.deepEqual(Object.fromEntries(Object.entries(post).map(([k, p]) => [k, states.find((s) => s.id === p.id)!.state])), {
      report: 'visible',
      plain: 'visible',
      hidden: 'hidden',
      ownHidden: 'hidden',
      deleted: 'deleted',
      held: 'held',
    });
  });
  after(async () => {
    await fresh.close();
    await t.close();
  });

  /** A page with its post form's one-time key taken out: the rest is the same on every render. */
  const sameForm = (html: string) => html.replace(/name="idempotencyKey" value="[^"]+"/g, 'name="idempotencyKey"');

  const page = async (viewer: keyof typeof who | 'guest') =>
    (viewer === 'guest' ? await request(t.http).get(THREAD).expect(200) : await who[viewer].agent.get(THREAD).expect(200)).text;

  /** What a viewer's page shows of a post: its text, a placeholder, or nothing; and the actions offered on it. */
  function seen(html: string, p: Post) {
    const li = postItem(html, p.number);
    if (!li) return { shown: 'absent' };
    const forms = (action: string) => !!formTo(li, `/posts/${p.id}/${action}`);
    const links = all(li, (e) => e.name === 'a').map((a) => a.attribs.href);
    const body = all(li, (e) => hasClass(e, 'post__body')).length > 0;
    return {
      shown: body ? 'body' : 'placeholder',
      edit: links.includes(`/posts/${p.id}/edit`),
      delete: forms('delete'),
      confirm: forms('confirm'),
      flag: links.includes(`/posts/${p.id}/flag`),
      hide: forms('hide'),
      restore: forms('restore'),
      reply: links.includes(`/posts/${p.id}/reply`),
    };
  }
  const none = { edit: false, delete: false, confirm: false, flag: false, hide: false, restore: false };

  it('shows each role exactly the posts and controls the policy gives it', async () => {
    const body = { shown: 'body' };
    const placeholder = { shown: 'placeholder', ...none, reply: false };
    const absent = { shown: 'absent' };
    // A member reads, replies, confirms others' reports and flags others' visible posts; nothing of anyone else's to change.
    const member = {
      report: { ...body, ...none, confirm: true, flag: true, reply: true },
      plain: { ...body, ...none, flag: true, reply: true },
      hidden: placeholder,
      ownHidden: placeholder,
      deleted: placeholder,
      held: absent,
    };
    // Moderators see hidden and held posts, hide visible ones, restore hidden and deleted ones, edit any live one.
    const staff = {
      report: { ...body, ...none, edit: true, confirm: true, flag: true, hide: true, reply: true },
      plain: { ...body, ...none, edit: true, flag: true, hide: true, reply: true },
      hidden: { ...body, ...none, edit: true, restore: true, reply: true },
      ownHidden: { ...body, ...none, edit: true, restore: true, reply: true },
      deleted: placeholder,
      held: { ...body, ...none, edit: true, reply: true },
    };
    const guest = {
      ...member,
      report: { ...body, ...none, reply: false },
      plain: { ...body, ...none, reply: false },
    };
    const expected: Record<keyof typeof who | 'guest', Record<keyof typeof post, object>> = {
      guest,
      // A suspended member is signed out: the guest's page.
      suspended: guest,
      subscriber: member,
      editor: member,
      other: { ...member, plain: { ...body, ...none, edit: true, delete: true, reply: true }, hidden: { ...body, ...none, reply: true } },
      author: {
        ...member,
        report: { ...body, ...none, edit: true, delete: true, reply: true },
        // Their own hidden post: shown to them with its reason, not editable.
        ownHidden: { ...body, ...none, reply: true },
      },
      newbie: { ...member, held: { ...body, ...none, edit: true, delete: true, reply: true } },
      moderator: staff,
      admin: staff,
    };
    // The deleted post's restore form sits beside its placeholder, for staff only.
    for (const role of ['moderator', 'admin'] as const) expected[role] = { ...expected[role], deleted: { ...placeholder, restore: true } };
    for (const [role, posts] of Object.entries(expected) as [keyof typeof expected, Record<keyof typeof post, object>][]) {
      const html = await page(role);
      for (const [name, p] of Object.entries(post) as [keyof typeof post, Post][]) {
        assert.deepEqual(seen(html, p), posts[name], `${role} on ${name}`);
      }
      // Text nobody may see is nowhere on the page, not even in an attribute.
      for (const [name, text] of [
        ['hidden', 'OTHER-HIDDEN-BODY'],
        ['ownHidden', 'AUTHOR-HIDDEN-BODY'],
        ['held', 'NEWBIE-HELD-BODY'],
        ['deleted', 'OTHER-DELETED-BODY'],
      ] as const)
        assert.equal(html.includes(text), (posts[name] as { shown: string }).shown === 'body', `${role}: ${text}`);
    }
  });

  it('builds each viewer’s page from the shared parts byte for byte as a whole render, for every role, rendered and then stored', async () => {
    const shared = t.app.get(SharedRenders).stats;
    for (const page of [THREAD, `${THREAD}?lang=en`]) {
      for (const role of ['guest', 'subscriber', 'editor', 'author', 'newbie', 'other', 'moderator', 'admin'] as const) {
        const cookie = role === 'guest' ? '' : await signInCookie(t.http, who[role].user.username);
        const get = async (http: TestApp['http']) => sameForm((await request(http).get(page).set('Cookie', cookie).expect(200)).text);
        const whole = await get(fresh.http);
        const hits = shared.hits;
        assert.equal(await get(t.http), whole, `${role} ${page}`);
        assert.equal(await get(t.http), whole, `${role} ${page}, again`);
        // The second time at least, both parts came from the store (a guest's second page is the guests' stored page).
        if (role !== 'guest') assert.ok(shared.hits >= hits + 2, `${role} ${page}: ${shared.hits - hits} parts used as stored`);
      }
    }
  });

  it('shares one posts part between every member and moderator who may see the same posts; their controls stay theirs', async () => {
    // A thread with nothing hidden: own posts, an edited one (its revisions are the author's and staff's), a confirmation.
    const { id } = (await createAdvisories(t.app, [buildAdvisoryDoc()]))[0];
    const thread = `/advisories/${id}/thread`;
    const report = await postThroughForm(t, who.author, reportForm({ platform: 'ws2003', body: 'SHARED-REPORT' }), id);
    const plain = await postThroughForm(t, who.other, { body: 'SHARED-PLAIN' }, id);
    assert.equal((await submit(who.other, `/posts/${plain.id}/edit`, { body: 'SHARED-PLAIN-EDITED' })).status, 303);
    assert.equal((await submit(who.subscriber, `/posts/${report.id}/confirm`, { platform: 'ws2003' })).status, 303);
    const shared = t.app.get(SharedRenders).stats;
    const roles = ['subscriber', 'editor', 'author', 'other', 'moderator', 'admin'] as const;
    const pages = {} as Record<(typeof roles)[number], string>;
    for (const role of roles) {
      const cookie = await signInCookie(t.http, who[role].user.username);
      const get = async (http: TestApp['http']) => sameForm((await request(http).get(thread).set('Cookie', cookie).expect(200)).text);
      const rendered = { ...shared.missesOf };
      pages[role] = await get(t.http);
      assert.equal(pages[role], await get(fresh.http), role);
      const renders = (part: string) => (shared.missesOf[part] ?? 0) - (rendered[part] ?? 0);
      // The first viewer rendered the posts; everyone after used them as stored, each with their own controls.
      assert.equal(renders('posts'), role === 'subscriber' ? 1 : 0, `${role}: posts rendered`);
      // Controls alike are shared too: the administrator's are the moderator's.
      assert.equal(renders('posts.own'), role === 'admin' ? 0 : 1, `${role}: controls rendered`);
    }
    const mine = (role: keyof typeof pages, p: Post, action: string) =>
      !!formTo(postItem(pages[role], p.number)!, `/posts/${p.id}/${action}`);
    // The confirmation is the subscriber's alone; the editor may still confirm.
    assert.deepEqual([mine('subscriber', report, 'unconfirm'), mine('subscriber', report, 'confirm')], [true, false]);
    assert.deepEqual([mine('editor', report, 'unconfirm'), mine('editor', report, 'confirm')], [false, true]);
    // Each post's author deletes it, staff hide it; nobody else is offered either.
    for (const role of roles) {
      assert.equal(mine(role, report, 'delete'), role === 'author', `${role}: delete the report`);
      assert.equal(mine(role, plain, 'delete'), role === 'other', `${role}: delete the plain post`);
      assert.equal(mine(role, plain, 'hide'), role === 'moderator' || role === 'admin', `${role}: hide`);
      const revisions = pages[role].includes(`href="/posts/${plain.id}/revisions"`);
      assert.equal(revisions, ['other', 'moderator', 'admin'].includes(role), `${role}: revisions`);
    }
  });

  it('asks for the post form’s shared part only for a viewer who may post', async () => {
    const { id } = (await createAdvisories(t.app, [buildAdvisoryDoc()]))[0];
    const thread = `/advisories/${id}/thread`;
    await postThroughForm(t, who.other, { body: 'BEFORE-THE-LOCK' }, id);
    const shared = t.app.get(SharedRenders).stats;
    const cookie = await signInCookie(t.http, who.subscriber.user.username);
    const view = async (http: TestApp['http']) => sameForm((await request(http).get(thread).set('Cookie', cookie).expect(200)).text);
    const composeRenders = async () => {
      const before = shared.missesOf.compose ?? 0;
      const html = await view(t.http);
      assert.equal(html, await view(fresh.http));
      return (shared.missesOf.compose ?? 0) - before;
    };
    // Open: the form's fields are rendered once, then used as stored.
    assert.deepEqual([await composeRenders(), await composeRenders()], [1, 0]);
    // Locked (a new validator): the member gets no form, and no part of it is read or rendered.
    assert.equal((await submit(who.moderator, `/advisories/${id}/lock`, { reason: 'テストのため' })).status, 303);
    assert.deepEqual([await composeRenders(), await composeRenders()], [0, 0]);
    assert.doesNotMatch(await view(t.http), /id="f-body"/);
  });

  it('never shows a member what a moderator’s part held, whoever rendered the parts first', async () => {
    // A write moves the validator: every part is rendered again, by the staff first this time.
    await postThroughForm(t, who.other, { body: 'MOVES-THE-VALIDATOR' });
    const shared = t.app.get(SharedRenders).stats;
    for (const role of ['admin', 'moderator', 'newbie', 'author', 'other', 'editor', 'subscriber'] as const) {
      const cookie = await signInCookie(t.http, who[role].user.username);
      const get = async (http: TestApp['http']) => sameForm((await request(http).get(THREAD).set('Cookie', cookie).expect(200)).text);
      const rendered = shared.missesOf.posts ?? 0;
      const html = await get(t.http);
      assert.equal(html, await get(fresh.http), role);
      // Staff share their posts part, and so do the members who see what a member sees (not the authors of hidden or held posts).
      const renders = { admin: 1, moderator: 0, newbie: 1, author: 1, other: 1, editor: 1, subscriber: 0 }[role];
      assert.equal((shared.missesOf.posts ?? 0) - rendered, renders, `${role}: posts rendered`);
      const staff = role === 'admin' || role === 'moderator';
      for (const [text, by] of [
        ['OTHER-HIDDEN-BODY', 'other'],
        ['AUTHOR-HIDDEN-BODY', 'author'],
        ['NEWBIE-HELD-BODY', 'newbie'],
      ])
        assert.equal(html.includes(text), staff || role === by, `${role}: ${text}`);
    }
  });

  it('gives the moderators’ tools (thread lock, promoting a report) to moderators and administrators only', async () => {
    for (const role of ['guest', 'suspended', 'subscriber', 'editor', 'author', 'newbie', 'moderator', 'admin'] as const) {
      const html = await page(role);
      const staff = role === 'moderator' || role === 'admin';
      assert.equal(!!formTo(parseDocument(html), `/advisories/${ID}/lock`), staff, `${role}: lock`);
      assert.equal(html.includes(`/known-issues/new?from=${post.report.id}`), staff, `${role}: promote`);
    }
  });

  it('carries the viewer’s own CSRF token and name in every form of the page, never another member’s', async () => {
    const tokens = new Map<string, string>();
    for (const role of ['subscriber', 'author', 'moderator', 'admin'] as const) {
      const html = await page(role);
      const values = [...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(values.length > 3, role);
      assert.deepEqual([...new Set(values)], [who[role].csrf], role);
      assert.equal(csrfFrom(html), who[role].csrf);
      assert.match(html, new RegExp(`<a href="/users/${who[role].user.username}">${who[role].user.username}</a>`));
      for (const [otherRole, token] of tokens) assert.notEqual(token, who[role].csrf, `${role} vs ${otherRole}`);
      tokens.set(role, who[role].csrf);
    }
    // A guest's page has no token of anyone's.
    assert.doesNotMatch(await page('guest'), /name="_csrf"/);
  });

  it('shows a signed-in member every write at once: another member’s post, an edit, a hide, a confirmation, a watch', async () => {
    const viewer = who.subscriber;
    const view = async () => (await viewer.agent.get(THREAD).expect(200)).text;
    const before = await view();
    assert.doesNotMatch(before, /NEW-POST-BY-ANOTHER/);
    const added = await postThroughForm(t, who.other, { body: 'NEW-POST-BY-ANOTHER' });
    assert.match(await view(), /NEW-POST-BY-ANOTHER/);
    assert.equal((await submit(who.other, `/posts/${added.id}/edit`, { body: 'EDITED-POST-BY-ANOTHER' })).status, 303);
    const edited = await view();
    assert.match(edited, /EDITED-POST-BY-ANOTHER/);
    assert.doesNotMatch(edited, /NEW-POST-BY-ANOTHER/);
    assert.equal((await submit(who.moderator, `/posts/${added.id}/hide`, { reason: 'テスト' })).status, 303);
    assert.doesNotMatch(await view(), /EDITED-POST-BY-ANOTHER/);
    // The viewer's own confirmation: the count moves and the form becomes the withdrawal.
    const count = (html: string) => /class="confirmations__count">([^<:]+)/.exec(postItemHtml(html, post.report.number))?.[1];
    const countBefore = count(await view());
    assert.equal((await submit(viewer, `/posts/${post.report.id}/confirm`, { platform: reportForm().platform })).status, 303);
    const confirmed = await view();
    assert.notEqual(count(confirmed), countBefore);
    assert.deepEqual(pick(seen(confirmed, post.report), { confirm: 0 }), { confirm: false });
    assert.ok(formTo(postItem(confirmed, post.report.number)!, `/posts/${post.report.id}/unconfirm`));
    // Another member's confirmation shows on this member's page too.
    const countMine = count(confirmed);
    assert.equal((await submit(who.editor, `/posts/${post.report.id}/confirm`, { platform: reportForm().platform })).status, 303);
    assert.notEqual(count(await view()), countMine);
    assert.doesNotMatch(await view(), /name="watch" value="off"/);
    assert.equal((await submit(viewer, `/advisories/${ID}/watch`)).status, 303);
    assert.match(await view(), /name="watch" value="off"/);
    assert.doesNotMatch(await view(), /name="email" value="off"/);
    assert.equal((await submit(viewer, `/advisories/${ID}/watch/email`, { email: 'on' })).status, 303);
    assert.match(await view(), /name="email" value="off"/);
    // Only this member's watch: another's page still offers it.
    assert.doesNotMatch((await who.admin.agent.get(THREAD).expect(200)).text, /name="watch" value="off"|name="email" value="off"/);
    // A lock: the thread's head this page read (kept per validator) shows it, and the post form goes.
    const postForm = (html: string) => !!formTo(parseDocument(html), `/advisories/${ID}/thread#compose`);
    assert.ok(postForm(await view()));
    assert.equal((await submit(who.moderator, `/advisories/${ID}/lock`, { reason: 'テストのため' })).status, 303);
    const locked = await view();
    assert.match(locked, /この会議室はロックされています。/);
    assert.equal(postForm(locked), false);
    assert.equal((await submit(who.moderator, `/advisories/${ID}/lock`, { reason: 'テスト終了', locked: 'off' })).status, 303);
    assert.ok(postForm(await view()));
  });
});

function pick(got: object, want: object): object {
  return Object.fromEntries(Object.keys(want).map((k) => [k, (got as Record<string, unknown>)[k]]));
}

function postItemHtml(html: string, n: number): string {
  const start = html.indexOf(`id="p${n}"`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</li>', start));
}
