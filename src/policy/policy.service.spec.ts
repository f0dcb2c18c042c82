import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Action } from './actions';
import { PolicyService } from './policy.service';
import { PostState } from './rules/subjects';
import { GUEST, Role, signedIn, Viewer } from './viewer';

const sut = new PolicyService();

const viewers: Record<string, Viewer> = {
  guest: GUEST,
  subscriber: signedIn(1, 'sub', Role.Subscriber),
  author: signedIn(10, 'author', Role.Subscriber),
  silenced: signedIn(11, 'quiet', Role.Subscriber, 'silenced'),
  silencedAuthor: signedIn(10, 'author', Role.Subscriber, 'silenced'),
  moderator: signedIn(2, 'mod', Role.Moderator),
  editor: signedIn(3, 'ed', Role.Editor),
  admin: signedIn(4, 'adm', Role.Admin),
};
const ALL = Object.keys(viewers);
const SIGNED_IN = ALL.filter((v) => v !== 'guest');
const ACTIVE = ['subscriber', 'author', 'moderator', 'editor', 'admin'];

const advisory = (isPublished: boolean) => ({ isPublished });
const thread = (locked = false, published = true) => ({ locked, advisory: advisory(published) });
const post = (state: PostState, locked = false, ageDays = 1) => ({
  authorId: 10,
  state,
  createdAt: new Date(Date.now() - ageDays * 86_400_000),
  thread: thread(locked),
});
const report = (state: PostState, locked = false) => ({ ...post(state, locked), isReport: true });
const account = (id: number, state: 'active' | 'silenced' | 'suspended', until: Date | null = null) => ({ id, state, stateUntil: until });
const past = new Date(Date.now() - 60_000);
const future = new Date(Date.now() + 3_600_000);

// role × action × state: every action has rows, and an unlisted pair is a "no" (STYLE rule 5).
const table: { action: Action; state: string; subject: unknown; allowed: string[] }[] = [
  { action: Action.ViewAdvisory, state: 'published', subject: advisory(true), allowed: ALL },
  { action: Action.ViewAdvisory, state: 'draft', subject: advisory(false), allowed: ['editor', 'admin'] },
  { action: Action.ViewDraftAdvisories, state: '-', subject: undefined, allowed: ['editor', 'admin'] },
  { action: Action.ViewThread, state: 'open', subject: thread(), allowed: ALL },
  { action: Action.ViewThread, state: 'locked', subject: thread(true), allowed: ALL },
  { action: Action.ViewThread, state: 'draft advisory', subject: thread(false, false), allowed: ['editor', 'admin'] },
  { action: Action.CreatePost, state: 'open', subject: thread(), allowed: ACTIVE },
  { action: Action.CreatePost, state: 'locked', subject: thread(true), allowed: ['moderator', 'admin'] },
  { action: Action.CreatePost, state: 'draft advisory', subject: thread(false, false), allowed: ['editor', 'admin'] },
  { action: Action.ViewPost, state: 'visible', subject: post('visible'), allowed: ALL },
  { action: Action.ViewPost, state: 'deleted (placeholder)', subject: post('deleted'), allowed: ALL },
  { action: Action.ViewPost, state: 'held', subject: post('held'), allowed: ['author', 'silencedAuthor', 'moderator', 'admin'] },
  { action: Action.ViewPost, state: 'hidden', subject: post('hidden'), allowed: ['author', 'silencedAuthor', 'moderator', 'admin'] },
  { action: Action.EditPost, state: 'visible', subject: post('visible'), allowed: ['author', 'moderator', 'admin'] },
  { action: Action.EditPost, state: 'held', subject: post('held'), allowed: ['author', 'moderator', 'admin'] },
  { action: Action.EditPost, state: 'hidden', subject: post('hidden'), allowed: ['moderator', 'admin'] },
  { action: Action.EditPost, state: 'deleted', subject: post('deleted'), allowed: [] },
  { action: Action.EditPost, state: 'visible, locked thread', subject: post('visible', true), allowed: ['moderator', 'admin'] },
  {
    action: Action.EditPost,
    state: 'visible, past the author window',
    subject: post('visible', false, 31),
    allowed: ['moderator', 'admin'],
  },
  { action: Action.DeletePost, state: 'visible', subject: post('visible'), allowed: ['author'] },
  { action: Action.DeletePost, state: 'held', subject: post('held'), allowed: ['author'] },
  { action: Action.DeletePost, state: 'visible, old', subject: post('visible', false, 400), allowed: ['author'] },
  { action: Action.DeletePost, state: 'hidden', subject: post('hidden'), allowed: [] },
  { action: Action.DeletePost, state: 'deleted', subject: post('deleted'), allowed: [] },
  { action: Action.DeletePost, state: 'visible, locked thread', subject: post('visible', true), allowed: [] },
  { action: Action.ViewRevisions, state: 'visible', subject: post('visible'), allowed: ['author', 'silencedAuthor', 'moderator', 'admin'] },
  {
    action: Action.ConfirmReport,
    state: 'visible report',
    subject: report('visible'),
    allowed: ['subscriber', 'moderator', 'editor', 'admin'],
  },
  { action: Action.ConfirmReport, state: 'held report', subject: report('held'), allowed: [] },
  { action: Action.ConfirmReport, state: 'hidden report', subject: report('hidden'), allowed: [] },
  { action: Action.ConfirmReport, state: 'report, locked thread', subject: report('visible', true), allowed: [] },
  { action: Action.ConfirmReport, state: 'plain reply', subject: post('visible'), allowed: [] },
  { action: Action.BypassPostLimit, state: '-', subject: undefined, allowed: ['moderator', 'admin'] },
  { action: Action.Watch, state: '-', subject: thread(), allowed: SIGNED_IN },
  { action: Action.ModerateQueue, state: '-', subject: undefined, allowed: ['moderator', 'admin'] },
  { action: Action.ManageKnownIssues, state: '-', subject: undefined, allowed: ['moderator', 'admin'] },
  { action: Action.ReviewEmergingIssues, state: '-', subject: undefined, allowed: ['moderator', 'admin'] },
  { action: Action.FlagPost, state: 'visible', subject: post('visible'), allowed: ['subscriber', 'moderator', 'editor', 'admin'] },
  { action: Action.FlagPost, state: 'hidden', subject: post('hidden'), allowed: [] },
  { action: Action.FlagPost, state: 'held', subject: post('held'), allowed: [] },
  { action: Action.ModeratePost, state: '-', subject: post('visible'), allowed: ['moderator', 'admin'] },
  {
    action: Action.PostWithoutApproval,
    state: 'new member (0 of 2 approved)',
    subject: { approvedPosts: 0, threshold: 2, emailConfirmed: true },
    allowed: ['moderator', 'editor', 'admin'],
  },
  {
    action: Action.PostWithoutApproval,
    state: 'established member (2 of 2)',
    subject: { approvedPosts: 2, threshold: 2, emailConfirmed: true },
    allowed: SIGNED_IN,
  },
  {
    action: Action.PostWithoutApproval,
    state: 'address not confirmed (2 of 2)',
    subject: { approvedPosts: 2, threshold: 2, emailConfirmed: false },
    allowed: [],
  },
  { action: Action.LockThread, state: '-', subject: thread(), allowed: ['moderator', 'admin'] },
  { action: Action.ModerateUser, state: 'a subscriber', subject: { id: 50, role: Role.Subscriber }, allowed: ['moderator', 'admin'] },
  { action: Action.ModerateUser, state: 'an editor', subject: { id: 50, role: Role.Editor }, allowed: ['admin'] },
  { action: Action.ModerateUser, state: 'the moderator account itself', subject: { id: 2, role: Role.Moderator }, allowed: ['admin'] },
  { action: Action.ModerateUser, state: 'the admin account itself', subject: { id: 4, role: Role.Admin }, allowed: [] },
  { action: Action.ViewAuditLog, state: '-', subject: undefined, allowed: ['moderator', 'editor', 'admin'] },
  { action: Action.AddOwnEvidence, state: 'own visible report', subject: report('visible'), allowed: ['author'] },
  { action: Action.AddOwnEvidence, state: 'own hidden report', subject: report('hidden'), allowed: [] },
  { action: Action.SignIn, state: 'active account', subject: account(5, 'active'), allowed: ALL },
  { action: Action.SignIn, state: 'silenced account', subject: account(5, 'silenced', future), allowed: ALL },
  { action: Action.SignIn, state: 'suspended account', subject: account(5, 'suspended', future), allowed: [] },
  { action: Action.SignIn, state: 'suspension over', subject: account(5, 'suspended', past), allowed: ALL },
  { action: Action.SignIn, state: 'suspended indefinitely', subject: account(5, 'suspended', null), allowed: [] },
  { action: Action.ChangeOwnPassword, state: '-', subject: undefined, allowed: SIGNED_IN },
  { action: Action.EditOwnEnvironment, state: '-', subject: undefined, allowed: SIGNED_IN },
  { action: Action.ViewProfile, state: '-', subject: account(5, 'active'), allowed: ALL },
  { action: Action.ManageUsers, state: '-', subject: undefined, allowed: ['admin'] },
  { action: Action.ChangeRole, state: 'another member', subject: account(5, 'active'), allowed: ['admin'] },
  { action: Action.ChangeRole, state: 'own account', subject: account(4, 'active'), allowed: [] },
  { action: Action.LeaveRole, state: 'the last admin', subject: { role: Role.Admin, admins: 1 }, allowed: [] },
  { action: Action.LeaveRole, state: 'one of two admins', subject: { role: Role.Admin, admins: 2 }, allowed: ALL },
  { action: Action.LeaveRole, state: 'a moderator', subject: { role: Role.Moderator, admins: 1 }, allowed: ALL },
  { action: Action.EditAdvisory, state: 'draft', subject: advisory(false), allowed: ['editor', 'admin'] },
  { action: Action.EditAdvisory, state: 'published', subject: advisory(true), allowed: ['editor', 'admin'] },
  { action: Action.EditAdvisory, state: 'new (no advisory yet)', subject: undefined, allowed: ['editor', 'admin'] },
  { action: Action.PublishAdvisory, state: 'draft', subject: advisory(false), allowed: ['editor', 'admin'] },
  { action: Action.PublishAdvisory, state: 'published', subject: advisory(true), allowed: [] },
  { action: Action.UnpublishAdvisory, state: 'published', subject: advisory(true), allowed: ['editor', 'admin'] },
  { action: Action.UnpublishAdvisory, state: 'draft', subject: advisory(false), allowed: [] },
  { action: Action.FindInSearch, state: 'published advisory', subject: { advisory: advisory(true) }, allowed: ALL },
  { action: Action.FindInSearch, state: 'draft advisory', subject: { advisory: advisory(false) }, allowed: ['editor', 'admin'] },
  { action: Action.FindInSearch, state: 'visible post', subject: { advisory: advisory(true), post: { state: 'visible' } }, allowed: ALL },
  { action: Action.FindInSearch, state: 'held post', subject: { advisory: advisory(true), post: { state: 'held' } }, allowed: [] },
  { action: Action.FindInSearch, state: 'hidden post', subject: { advisory: advisory(true), post: { state: 'hidden' } }, allowed: [] },
  { action: Action.FindInSearch, state: 'deleted post', subject: { advisory: advisory(true), post: { state: 'deleted' } }, allowed: [] },
  {
    action: Action.FindInSearch,
    state: 'visible post, draft advisory',
    subject: { advisory: advisory(false), post: { state: 'visible' } },
    allowed: ['editor', 'admin'],
  },
  { action: Action.WatchByEmail, state: 'open', subject: thread(), allowed: SIGNED_IN },
  { action: Action.WatchByEmail, state: 'locked', subject: thread(true), allowed: SIGNED_IN },
  { action: Action.ViewOutbox, state: '-', subject: undefined, allowed: ['admin'] },
];

describe('PolicyService', () => {
  for (const row of table) {
    describe(`${row.action} (${row.state})`, () => {
      for (const [name, viewer] of Object.entries(viewers)) {
        const expected = row.allowed.includes(name);
        it(`${expected ? 'allows' : 'denies'} ${name}`, () => {
          assert.equal(sut.can(viewer, row.action, row.subject), expected);
        });
      }
    });
  }

  it('has rows for every action', () => {
    const covered = new Set(table.map((r) => r.action));
    assert.deepEqual(
      Object.values(Action).filter((a) => !covered.has(a)),
      [],
    );
  });

  it('lets silenced members read but not write', () => {
    assert.equal(sut.can(viewers.silenced, Action.ViewThread, thread()), true);
    assert.equal(sut.can(viewers.silenced, Action.CreatePost, thread()), false);
  });

  it('denies an action that has no rule', () => {
    assert.equal(sut.can(viewers.admin, 'nothing.defined' as Action), false);
    assert.throws(() => sut.ensure(viewers.admin, 'nothing.defined' as Action), /Forbidden/);
  });
});
