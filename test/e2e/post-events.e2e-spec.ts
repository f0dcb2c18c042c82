import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FieldReport } from '../../src/field-reports/field-report.entity';
import { PlatformStat } from '../../src/field-reports/platform-stat.entity';
import { DigestItem } from '../../src/mail/digest-item.entity';
import { MailService } from '../../src/mail/mail.service';
import { AuditEntry } from '../../src/moderation/audit-entry.entity';
import { ModerationService } from '../../src/moderation/moderation.service';
import { Notification } from '../../src/notifications/notification.entity';
import { Watch } from '../../src/notifications/watch.entity';
import { Role } from '../../src/policy/viewer';
import { SearchDocument } from '../../src/search/search-document.entity';
import { Post } from '../../src/threads/post.entity';
import { User } from '../../src/users/user.entity';
import { createFieldReport } from '../factories/field-report.factory';
import { createPost, threadOf } from '../factories/post.factory';
import { createUser, viewerOf } from '../factories/user.factory';
import { boardApp } from '../support/board';
import { ENGINE, TestApp } from '../support/test-app';

// A post's subscribers (statistics, notifications, mail digest, search index) run inside its transaction:
// when the last of them, the search index, fails, nothing of the post is left anywhere.
const FAULT = 'injected: the search index refuses posts';
const INJECT =
  ENGINE === 'sqlite'
    ? [
        `create trigger refuse_post_documents before insert on search_documents when new.kind in ('post', 'report')
          begin select raise(abort, '${FAULT}'); end`,
      ]
    : [
        `create function refuse_post_documents() returns trigger language plpgsql as $$ begin raise exception '${FAULT}'; end $$`,
        `create trigger refuse_post_documents before insert on search_documents for each row
          when (new.kind in ('post', 'report')) execute function refuse_post_documents()`,
      ];
const CLEAR =
  ENGINE === 'sqlite'
    ? ['drop trigger refuse_post_documents']
    : ['drop trigger refuse_post_documents on search_documents', 'drop function refuse_post_documents()'];

describe('a failing post subscriber rolls the whole post back', () => {
  let t: TestApp;
  let watcher: User;
  let member: User;
  let newcomer: User;
  let watchedPost: number;

  const sql = async (statements: string[]) => {
    for (const s of statements) await t.em().getConnection().execute(s);
  };

  /** Everything a post or its approval changes, as the database holds it. */
  async function everything() {
    const em = t.em();
    const thread = await threadOf(t.app);
    const user = async (u: User) => {
      const { postCount, approvedPosts, unreadNotifications } = await em.findOneOrFail(User, u.id);
      return { postCount, approvedPosts, unreadNotifications };
    };
    return {
      posts: await em.count(Post, {}),
      states: (await em.find(Post, {}, { orderBy: { id: 'asc' } })).map((p) => `${p.number} ${p.state}`),
      reports: await em.count(FieldReport, {}),
      thread: {
        postCount: thread.postCount,
        reportCount: thread.reportCount,
        problemCount: thread.problemCount,
        lastPostedAt: thread.lastPostedAt?.getTime() ?? null,
        revision: thread.revision,
      },
      stats: (await em.find(PlatformStat, {}, { orderBy: { platformKey: 'asc', outcome: 'asc' } })).map(
        (s) => `${s.platformKey} ${s.outcome} ${s.reports}/${s.confirmations}`,
      ),
      watcher: await user(watcher),
      member: await user(member),
      newcomer: await user(newcomer),
      notifications: (await em.find(Notification, {}, { orderBy: { id: 'asc' } })).map((n) => `${n.user.id} ${n.kind}`),
      watches: await em.count(Watch, {}),
      digestItems: await em.count(DigestItem, {}),
      searchDocuments: await em.count(SearchDocument, {}),
      audit: await em.count(AuditEntry, {}),
    };
  }

  before(async () => {
    t = await boardApp({ moderation: { flagHideThreshold: 3, holdFirstPosts: 1 } });
    // The watcher, a moderator, posts (and so watches the bulletin) and asks for the daily digest by email.
    watcher = await createUser(t.app, { role: Role.Moderator });
    watchedPost = (await createPost(t.app, watcher, { body: '適用後の様子を教えてください' })).id;
    await t.app.get(MailService).setEmail(watcher.id, 'MS04-044', true);
    // A member whose first post was approved posts at once; a newcomer's first post waits for a moderator.
    member = await createUser(t.app);
    await t.app.get(ModerationService).review(viewerOf(watcher), (await createPost(t.app, member)).id, true, '');
    newcomer = await createUser(t.app);
  });
  after(() => t?.close());

  it('a new report answering a post: no post, no counter, no notification, no digest item, no watch', async () => {
    const before = await everything();
    await sql(INJECT);
    try {
      await assert.rejects(createFieldReport(t.app, member, { replyTo: String(watchedPost) }), new RegExp(FAULT));
    } finally {
      await sql(CLEAR);
    }
    assert.deepEqual(await everything(), before);

    // The same post without the fault: every subscriber did its part.
    await createFieldReport(t.app, member, { replyTo: String(watchedPost) });
    const now = await everything();
    assert.equal(now.posts, before.posts + 1);
    assert.equal(now.reports, before.reports + 1);
    assert.deepEqual([now.thread.postCount, now.thread.reportCount, now.thread.problemCount], [3, 1, 1]);
    assert.deepEqual(now.stats, ['win2000-sp4 problem 1/0']);
    assert.deepEqual(now.member, { ...before.member, postCount: 2, approvedPosts: 2 });
    assert.deepEqual(now.notifications.slice(before.notifications.length).sort(), [`${watcher.id} reply`, `${watcher.id} report`]);
    assert.equal(now.watcher.unreadNotifications, before.watcher.unreadNotifications + 2);
    assert.equal(now.digestItems, before.digestItems + 1);
    assert.equal(now.searchDocuments, before.searchDocuments + 1);
  });

  it('approving a held report: it stays held, with no counter, notification, digest item or audit entry', async () => {
    const held = await createFieldReport(t.app, newcomer, { replyTo: String(watchedPost), platform: 'ws2003', outcome: 'success' });
    const approve = () => t.app.get(ModerationService).review(viewerOf(watcher), held.id, true, '');
    const before = await everything();
    assert.deepEqual(before.states.at(-1), `${held.number} held`);
    await sql(INJECT);
    try {
      await assert.rejects(approve(), new RegExp(FAULT));
    } finally {
      await sql(CLEAR);
    }
    assert.deepEqual(await everything(), before);

    await approve();
    const now = await everything();
    assert.deepEqual(now.states.at(-1), `${held.number} visible`);
    assert.deepEqual(now.stats, ['win2000-sp4 problem 1/0', 'ws2003 success 1/0']);
    assert.deepEqual([now.thread.reportCount, now.thread.problemCount], [2, 1]);
    assert.deepEqual(now.newcomer, { postCount: 1, approvedPosts: 1, unreadNotifications: 1 });
    // Every watcher hears of the report (the member watches since posting), the watcher of the reply, the newcomer of the approval.
    assert.deepEqual(
      now.notifications.slice(before.notifications.length).sort(),
      [`${watcher.id} report`, `${member.id} report`, `${watcher.id} reply`, `${newcomer.id} approved`].sort(),
    );
    assert.equal(now.digestItems, before.digestItems + 1);
    assert.equal(now.audit, before.audit + 1);
  });

  it('hiding a report: it stays visible and counted', async () => {
    const report = await createFieldReport(t.app, member, { platform: 'winxp-sp2' });
    const hide = () => t.app.get(ModerationService).setVisibility(viewerOf(watcher), report.id, false, '誤った情報のため');
    // Hiding takes the post out of the index (an update, not an insert): the fault is an update's here.
    const inject =
      ENGINE === 'sqlite'
        ? [
            `create trigger refuse_post_documents before update on search_documents when new.kind in ('post', 'report')
              begin select raise(abort, '${FAULT}'); end`,
          ]
        : [INJECT[0], INJECT[1].replace('before insert', 'before update')];
    const before = await everything();
    await sql(inject);
    try {
      await assert.rejects(hide(), new RegExp(FAULT));
    } finally {
      await sql(CLEAR);
    }
    assert.deepEqual(await everything(), before);

    await hide();
    const now = await everything();
    assert.deepEqual(now.states.at(-1), `${report.number} hidden`);
    assert.ok(!now.stats.some((s) => s.startsWith('winxp-sp2 problem 1/')), `the hidden report left the table: ${now.stats.join(', ')}`);
    assert.equal(now.thread.reportCount, before.thread.reportCount - 1);
  });
});
