import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as sut from './paths';

const ID = 'MS04-044';

describe('paths', () => {
  it("builds DESIGN.md's stable addresses exactly as mailed bulletins have them", () => {
    assert.equal(sut.boardPath(), '/');
    assert.equal(sut.advisoryPath(ID), '/advisories/MS04-044');
    assert.equal(sut.threadPath(ID), '/advisories/MS04-044/thread');
    assert.equal(sut.threadPath(ID, 1), '/advisories/MS04-044/thread');
    assert.equal(sut.threadPath(ID, 3), '/advisories/MS04-044/thread?page=3');
    assert.equal(sut.permalinkPath(123), '/posts/123');
    assert.equal(sut.knownIssuesPath(ID), '/advisories/MS04-044/known-issues');
    assert.equal(sut.allKnownIssuesPath(), '/known-issues');
    assert.equal(sut.threadFeedPath(ID), '/advisories/MS04-044/thread.atom');
    assert.equal(sut.trendPath(ID), '/advisories/MS04-044/trend.svg');
    assert.equal(sut.summaryJsonPath(ID), '/advisories/MS04-044/summary.json');
    assert.equal(sut.KNOWN_ISSUES_FEED_PATH, '/known-issues.atom');
    assert.equal(sut.LATEST_FEED_PATH, '/latest.atom');
    assert.equal(sut.searchPath({ q: 'Backup Exec' }), '/search?q=Backup+Exec');
    assert.equal(sut.loginPath(), '/login');
    assert.equal(sut.loginPath('/advisories/MS04-044/thread'), '/login?next=%2Fadvisories%2FMS04-044%2Fthread');
    assert.equal(sut.userPath('tanaka'), '/users/tanaka');
    assert.equal(sut.PASSWORD_FORGOT_PATH, '/password/forgot');
    assert.equal(sut.passwordResetPath('a-b_c'), '/password/reset?token=a-b_c');
    assert.equal(sut.userPath('tanaka', { reports: 120, posts: null }), '/users/tanaka?reports_before=120');
    assert.equal(sut.userPath('tanaka', { reports: 120, posts: 7 }), '/users/tanaka?reports_before=120&posts_before=7');
    assert.equal(sut.notificationsPath(), '/notifications');
    assert.equal(sut.ENVIRONMENT_PATH, '/account/environment');
    assert.equal(sut.allKnownIssuesPath({ mine: 1, status: '' }), '/known-issues?mine=1');
    assert.equal(sut.MOD_QUEUE_PATH, '/mod');
    assert.equal(sut.EMERGING_PATH, '/mod/emerging');
    assert.equal(sut.emergingGroupPath(7), '/mod/emerging#eg7');
    assert.equal(sut.emergingPromotePath(7), '/mod/emerging/7/promote');
    assert.equal(sut.emergingDismissPath(7), '/mod/emerging/7/dismiss');
    assert.equal(sut.adminUsersPath(), '/admin/users');
    assert.equal(sut.statusPath(), '/status');
    assert.equal(sut.statusPath('ws2003'), '/status?platform=ws2003');
    assert.equal(sut.STATUS_JSON_PATH, '/status.json');
    assert.equal(sut.STATUS_FEED_PATH, '/status.atom');
  });

  it('puts a post on the page that holds its number, at its anchor', () => {
    assert.equal(sut.POSTS_PER_PAGE, 50);
    assert.equal(sut.postPath(ID, 1), '/advisories/MS04-044/thread#p1');
    assert.equal(sut.postPath(ID, 50), '/advisories/MS04-044/thread#p50');
    assert.equal(sut.postPath(ID, 51), '/advisories/MS04-044/thread?page=2#p51');
    assert.equal(sut.postPath(ID, 1000), '/advisories/MS04-044/thread?page=20#p1000');
    assert.deepEqual([0, 1, 50, 51, 100, 101].map(sut.pageOf), [1, 1, 1, 2, 2, 3]);
  });

  it('anchors known issues and editor notes where the pages put them', () => {
    assert.equal(sut.knownIssueAnchor(4), 'ki4');
    assert.equal(sut.knownIssuePath(ID, 4), '/advisories/MS04-044/known-issues#ki4');
    assert.equal(sut.newKnownIssuePath(ID), '/advisories/MS04-044/known-issues/new');
    assert.equal(sut.knownIssueEditPath(4), '/known-issues/4/edit');
    assert.equal(sut.advisoryKnownIssuesFeedPath(ID), '/advisories/MS04-044/known-issues.atom');
    assert.equal(sut.noteAnchor(0), 'note-1');
    assert.equal(sut.notePath(ID, 2), '/advisories/MS04-044#note-3');
    assert.equal(sut.postAnchor(7), 'p7');
  });

  it('builds the other pages the board links to', () => {
    assert.equal(sut.boardPath('2004-12-14~MS04-044'), '/?after=2004-12-14~MS04-044');
    assert.equal(sut.advisoryExportPath(ID), '/advisories/MS04-044.json');
    assert.equal(sut.flaggedPath(9), '/posts/9/flagged');
    assert.equal(sut.editorPath(), '/editor');
    assert.equal(sut.editorPath({ status: 'draft' }), '/editor?status=draft');
    assert.equal(sut.editorPath({ status: null, after: '2004-12-14~MS04-044' }), '/editor?after=2004-12-14%7EMS04-044');
    assert.equal(sut.NEW_ADVISORY_PATH, '/advisories/new');
    assert.equal(sut.advisoryEditPath(ID), '/advisories/MS04-044/edit');
    assert.equal(sut.advisoryPreviewPath(ID), '/advisories/MS04-044/preview');
    assert.equal(sut.advisoryPublishPath(ID), '/advisories/MS04-044/publish');
    assert.equal(sut.advisoryUnpublishPath(ID), '/advisories/MS04-044/unpublish');
    assert.equal(sut.notificationsPath(40), '/notifications?before=40');
    assert.equal(sut.watchesPath(), '/notifications/watches');
    assert.equal(sut.watchesPath(12), '/notifications/watches?before=12');
    assert.equal(sut.unsubscribePath('7.MS04-044.a+b/c='), '/mail/unsubscribe?token=7.MS04-044.a%2Bb%2Fc%3D');
    assert.equal(sut.unsubscribedPath(ID), '/mail/unsubscribed?advisory=MS04-044');
    assert.equal(
      sut.auditLogPath({ actor: '', action: 'post.hide', advisory: '' }, 301),
      '/mod/log?actor=&action=post.hide&advisory=&before=301',
    );
    assert.equal(sut.adminUsersPath(51), '/admin/users?after=51');
    assert.equal(sut.outboxPath(), '/admin/outbox');
    assert.equal(sut.outboxPath({ status: 'failed' }), '/admin/outbox?status=failed');
    assert.equal(sut.outboxPath({ status: 'failed', before: 8 }), '/admin/outbox?status=failed&before=8');
    assert.equal(sut.outboxMailPath(8), '/admin/outbox/8');
  });

  it('leaves empty query values out and keeps the order given', () => {
    assert.equal(
      sut.allKnownIssuesPath({ status: '', platform: 'win2000-sp4', software: '', after: 5 }),
      '/known-issues?platform=win2000-sp4&after=5',
    );
    assert.equal(
      sut.searchPath({ q: '障害', kind: '', advisory: ID, order: 'newest', after: null }),
      '/search?q=%E9%9A%9C%E5%AE%B3&advisory=MS04-044&order=newest',
    );
    assert.equal(sut.searchPath({}), '/search');
  });

  it('encodes what an id or a name may hold, so it stays one path segment or one query value', () => {
    assert.equal(sut.advisoryPath('MS04/044?x#y'), '/advisories/MS04%2F044%3Fx%23y');
    assert.equal(sut.postPath('a b', 51), '/advisories/a%20b/thread?page=2#p51');
    assert.equal(sut.knownIssuePath('%', 1), '/advisories/%25/known-issues#ki1');
    assert.equal(sut.userPath('山田 太郎'), '/users/%E5%B1%B1%E7%94%B0%20%E5%A4%AA%E9%83%8E');
    assert.equal(sut.userPath('../admin?x=1#top'), '/users/..%2Fadmin%3Fx%3D1%23top');
    assert.equal(sut.loginPath('/search?q=a&order=newest#r'), '/login?next=%2Fsearch%3Fq%3Da%26order%3Dnewest%23r');
    assert.equal(sut.unsubscribedPath('MS04-044&x=1'), '/mail/unsubscribed?advisory=MS04-044%26x%3D1');
    assert.equal(sut.boardPath('2004-12-14~A&B'), '/?after=2004-12-14~A%26B');
    assert.equal(sut.searchPath({ q: 'a&b=c#d' }), '/search?q=a%26b%3Dc%23d');
  });
});
