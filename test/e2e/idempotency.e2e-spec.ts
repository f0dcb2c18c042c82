import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { FieldReport } from '../../src/field-reports/field-report.entity';
import { PlatformStat } from '../../src/field-reports/platform-stat.entity';
import { KnownIssueEvent } from '../../src/known-issues/known-issue-event.entity';
import { KnownIssue } from '../../src/known-issues/known-issue.entity';
import { AuditEntry } from '../../src/moderation/audit-entry.entity';
import { Notification } from '../../src/notifications/notification.entity';
import { Role } from '../../src/policy/viewer';
import { Post } from '../../src/threads/post.entity';
import { Thread } from '../../src/threads/thread.entity';
import { User } from '../../src/users/user.entity';
import { csrfFrom, signedInAgent } from '../factories/user.factory';
import { boardApp, ID, THREAD } from '../support/board';
import { assertValidHtml } from '../support/html';
import { htmlMsg } from '../support/i18n';
import { generousLimits, rule } from '../support/limits';
import { FormFields, submit } from '../support/members';
import { TestApp } from '../support/test-app';

interface Member {
  user: User;
  agent: request.Agent;
}

const keyIn = (html: string, action: string): string | null => {
  const form = new RegExp(`<form[^>]*action="${action.replace(/[/?]/g, '\\$&')}(?:#[\\w-]*)?"[\\s\\S]*?</form>`).exec(html)?.[0] ?? '';
  return /name="idempotencyKey" value="([^"]+)"/.exec(form)?.[1] ?? null;
};

/** The thread page's post form: its CSRF token and a fresh one-time key. */
async function postForm(m: Member): Promise<{ csrf: string; key: string }> {
  const page = await m.agent.get(THREAD).expect(200);
  return { csrf: csrfFrom(page.text), key: keyIn(page.text, THREAD)! };
}

/** Sends a form as the member with a token read from one of their pages. */
const send = (m: Member, path: string, csrf: string, fields: FormFields) => submit({ agent: m.agent, csrf }, path, fields);

const report = (over: Record<string, string> = {}) => ({
  outcome: 'problem',
  platform: 'ws2003',
  hosts: '12',
  software: 'Backup Exec 8.6',
  body: 'ジョブが失敗する。',
  ...over,
});

async function counters(t: TestApp, userId: number) {
  const em = t.em();
  const thread = await em.findOneOrFail(Thread, { advisory: ID });
  return {
    posts: await em.count(Post, {}),
    reports: await em.count(FieldReport, {}),
    postCount: thread.postCount,
    reportCount: thread.reportCount,
    authorPosts: (await em.findOneOrFail(User, userId)).postCount,
    stats: (await em.find(PlatformStat, {}, { orderBy: { id: 'asc' } })).map(
      (s) => `${s.platformKey}/${s.outcome}=${s.reports}+${s.confirmations}`,
    ),
  };
}

describe('double submissions of create forms (idempotency key)', () => {
  let t: TestApp;
  let alice: Member;
  let bob: Member;
  let mod: Member;
  before(async () => {
    t = await boardApp();
    [alice, bob, mod] = [await signedInAgent(t.app), await signedInAgent(t.app), await signedInAgent(t.app, Role.Moderator)];
  });
  after(() => t.close());

  it('puts a fresh one-time key in the post, reply and known-issue forms (and none in edit forms)', async () => {
    const one = await alice.agent.get(THREAD).expect(200);
    const two = await alice.agent.get(THREAD).expect(200);
    const [k1, k2] = [keyIn(one.text, THREAD), keyIn(two.text, THREAD)];
    assert.match(k1 ?? '', /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(k1, k2, 'each page gets its own key');
    await assertValidHtml(one.text, 'thread with the keyed form');
    const post = await t
      .em()
      .findOneOrFail(Post, { thread: { advisory: ID } }, { orderBy: { number: 'asc' } })
      .catch(() => null);
    if (post) assert.ok(keyIn((await bob.agent.get(`/posts/${post.id}/reply`).expect(200)).text, THREAD));
    const ki = await mod.agent.get(`/advisories/${ID}/known-issues/new`).expect(200);
    assert.ok(keyIn(ki.text, `/advisories/${ID}/known-issues`), 'the new known-issue form');
    await assertValidHtml(ki.text, 'new known issue form');
  });

  it('creates one report when the same form is sent twice, and sends the second to the same post (303)', async () => {
    const before = await counters(t, alice.user.id);
    const { csrf, key } = await postForm(alice);
    const first = await send(alice, THREAD, csrf, { ...report(), idempotencyKey: key }).expect(303);
    const second = await send(alice, THREAD, csrf, { ...report(), idempotencyKey: key }).expect(303);
    assert.equal(second.headers.location, first.headers.location);
    const now = await counters(t, alice.user.id);
    assert.equal(now.posts, before.posts + 1);
    assert.equal(now.reports, before.reports + 1);
    assert.equal(now.postCount, before.postCount + 1, 'one post number given out');
    assert.equal(now.reportCount, before.reportCount + 1);
    assert.equal(now.authorPosts, before.authorPosts + 1);
  });

  it('creates one report when the form is sent 20 times at once; every answer is the same redirect', async () => {
    const before = await counters(t, bob.user.id);
    const { csrf, key } = await postForm(bob);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        send(bob, THREAD, csrf, { ...report({ platform: 'win2000-sp4', body: '同時に20回送信' }), idempotencyKey: key }),
      ),
    );
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [303], answers.map((a) => a.status).join());
    assert.equal(new Set(answers.map((a) => a.headers.location)).size, 1, 'all to the one post');
    const now = await counters(t, bob.user.id);
    assert.equal(now.posts, before.posts + 1);
    assert.equal(now.postCount, before.postCount + 1, 'no post number burnt by the losers');
    assert.equal(now.reportCount, before.reportCount + 1);
    assert.equal(now.authorPosts, before.authorPosts + 1);
    assert.equal(await t.em().count(Post, { bodySource: '同時に20回送信' }), 1);
    const cell = await t.em().findOneOrFail(PlatformStat, { platformKey: 'win2000-sp4', outcome: 'problem' });
    assert.equal(cell.reports, 1);
  });

  it('answers a reply sent twice at once with one reply and one notification', async () => {
    const target = await t.em().findOneOrFail(Post, { author: alice.user.id, thread: { advisory: ID } });
    const page = await bob.agent.get(`/posts/${target.id}/reply`).expect(200);
    const key = keyIn(page.text, THREAD)!;
    const before = await t.em().count(Notification, { user: alice.user.id, kind: 'reply' });
    const answers = await Promise.all(
      [0, 1].map(() => send(bob, THREAD, csrfFrom(page.text), { body: '同じ症状です。', replyTo: String(target.id), idempotencyKey: key })),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      [303, 303],
    );
    assert.equal(answers[0].headers.location, answers[1].headers.location);
    assert.equal(await t.em().count(Post, { replyTo: target.id }), 1);
    assert.equal(await t.em().count(Notification, { user: alice.user.id, kind: 'reply' }), before + 1);
  });

  it('keeps the key through a preview and a form shown again with errors, so the eventual post is still made once', async () => {
    const { csrf, key } = await postForm(alice);
    const preview = await send(alice, THREAD, csrf, { body: '**下書き**', intent: 'preview', idempotencyKey: key }).expect(200);
    assert.equal(keyIn(preview.text, THREAD), key);
    const invalid = await send(alice, THREAD, csrf, { ...report({ hosts: 'たくさん' }), idempotencyKey: key }).expect(422);
    assert.equal(keyIn(invalid.text, THREAD), key, 'nothing was saved under it, so it stays');
    const before = await counters(t, alice.user.id);
    const [a, b] = await Promise.all(
      [0, 1].map(() => send(alice, THREAD, csrf, { ...report({ body: '直して送信' }), idempotencyKey: key })),
    );
    assert.deepEqual([a.status, b.status], [303, 303]);
    assert.equal((await counters(t, alice.user.id)).posts, before.posts + 1);
  });

  it('refuses the key reused for different text (422, the text kept, a new key) and saves nothing', async () => {
    const { csrf, key } = await postForm(alice);
    await send(alice, THREAD, csrf, { body: '一回目の本文', idempotencyKey: key }).expect(303);
    const before = await counters(t, alice.user.id);
    const again = await send(alice, THREAD, csrf, { body: '書き直した二回目の本文', idempotencyKey: key }).expect(422);
    assert.ok(again.text.includes(htmlMsg('form.alreadySent')), 'says the form was already sent');
    assert.ok(again.text.includes('書き直した二回目の本文'), 'the text is not lost');
    const fresh = keyIn(again.text, THREAD);
    assert.ok(fresh && fresh !== key, 'a new key to send it with');
    await assertValidHtml(again.text, 'already sent');
    assert.deepEqual(await counters(t, alice.user.id), before);
    await send(alice, THREAD, csrf, { body: '書き直した二回目の本文', idempotencyKey: fresh }).expect(303);
  });

  it('refuses a malformed key, and another member’s key, without saving anything (422)', async () => {
    const { key } = await postForm(alice);
    await send(alice, THREAD, (await postForm(alice)).csrf, { body: 'アリスの投稿', idempotencyKey: key }).expect(303);
    const bobForm = await postForm(bob);
    const before = await counters(t, bob.user.id);
    for (const bad of ['short', 'x'.repeat(65), 'has spaces in it here!!', '<script>alert(1)</script>xx']) {
      const res = await send(bob, THREAD, bobForm.csrf, { body: 'ボブの投稿', idempotencyKey: bad }).expect(422);
      assert.ok(res.text.includes(htmlMsg('form.idempotency.invalid')), bad);
      assert.ok(!res.text.includes('<script>alert(1)'), 'never echoed');
    }
    const stolen = await send(bob, THREAD, bobForm.csrf, { body: 'アリスの投稿', idempotencyKey: key }).expect(422);
    assert.ok(stolen.text.includes(htmlMsg('form.idempotency.invalid')));
    assert.deepEqual(await counters(t, bob.user.id), before);
  });

  it('still posts without a key (scripts), each sending a post of its own', async () => {
    const { csrf } = await postForm(bob);
    const before = await counters(t, bob.user.id);
    await send(bob, THREAD, csrf, { body: 'スクリプトから' }).expect(303);
    await send(bob, THREAD, csrf, { body: 'スクリプトから' }).expect(303);
    assert.equal((await counters(t, bob.user.id)).posts, before.posts + 2);
  });

  it('pins one known issue when the moderator’s form is sent 10 times at once: one event, one audit entry', async () => {
    const page = await mod.agent.get(`/advisories/${ID}/known-issues/new`).expect(200);
    const key = keyIn(page.text, `/advisories/${ID}/known-issues`)!;
    const fields = {
      title: '二重送信の確認',
      symptom: '同時に送っても一件だけ。',
      platforms: ['ws2003'],
      status: 'investigating',
      note: '確認',
      idempotencyKey: key,
    };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => send(mod, `/advisories/${ID}/known-issues`, csrfFrom(page.text), fields)),
    );
    assert.deepEqual([...new Set(answers.map((a) => a.status))], [303], answers.map((a) => a.status).join());
    assert.equal(new Set(answers.map((a) => a.headers.location)).size, 1);
    const issues = await t.em().find(KnownIssue, { title: '二重送信の確認' });
    assert.equal(issues.length, 1);
    assert.equal(await t.em().count(KnownIssueEvent, { knownIssue: issues[0].id }), 1);
    assert.equal(await t.em().count(AuditEntry, { action: 'known-issue.create', targetId: String(issues[0].id) }), 1);
    const again = await send(mod, `/advisories/${ID}/known-issues`, csrfFrom(page.text), { ...fields, title: '別の題名' }).expect(422);
    assert.ok(again.text.includes(htmlMsg('form.alreadySent')));
    assert.ok(again.text.includes('別の題名'));
  });
});

describe('the posting limit with double submissions', () => {
  let t: TestApp;
  let carol: Member;
  before(async () => {
    t = await boardApp({ rateLimits: generousLimits({ postsPerUser: rule(3, 600) }) });
    carol = await signedInAgent(t.app);
  });
  after(() => t.close());

  it('counts one post made by 20 sendings of a form as one, and lets no repeat sending past the limit', async () => {
    const burst = async (body: string) => {
      const { csrf, key } = await postForm(carol);
      const answers = await Promise.all(Array.from({ length: 20 }, () => send(carol, THREAD, csrf, { body, idempotencyKey: key })));
      return [...new Set(answers.map((a) => a.status))].sort();
    };
    assert.deepEqual(await burst('一件目'), [303]);
    assert.deepEqual(await burst('二件目'), [303]);
    assert.deepEqual(await burst('三件目'), [303], 'three posts, three hits: twenty sendings of each counted once');
    assert.deepEqual(await burst('四件目'), [429], 'past the limit, no sending of the form gets through');
    assert.equal(await t.em().count(Post, { author: carol.user.id }), 3);
  });
});
