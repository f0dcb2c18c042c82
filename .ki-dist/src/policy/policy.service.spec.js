"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const actions_1 = require("./actions");
const policy_service_1 = require("./policy.service");
const viewer_1 = require("./viewer");
const sut = new policy_service_1.PolicyService();
const viewers = {
    guest: viewer_1.GUEST,
    subscriber: (0, viewer_1.signedIn)(1, 'sub', viewer_1.Role.Subscriber),
    author: (0, viewer_1.signedIn)(10, 'author', viewer_1.Role.Subscriber),
    silenced: (0, viewer_1.signedIn)(11, 'quiet', viewer_1.Role.Subscriber, 'silenced'),
    silencedAuthor: (0, viewer_1.signedIn)(10, 'author', viewer_1.Role.Subscriber, 'silenced'),
    moderator: (0, viewer_1.signedIn)(2, 'mod', viewer_1.Role.Moderator),
    editor: (0, viewer_1.signedIn)(3, 'ed', viewer_1.Role.Editor),
    admin: (0, viewer_1.signedIn)(4, 'adm', viewer_1.Role.Admin),
};
const ALL = Object.keys(viewers);
const SIGNED_IN = ALL.filter((v) => v !== 'guest');
const ACTIVE = ['subscriber', 'author', 'moderator', 'editor', 'admin'];
const advisory = (isPublished) => ({ isPublished });
const thread = (locked = false, published = true) => ({ locked, advisory: advisory(published) });
const post = (state, locked = false, ageDays = 1) => ({ authorId: 10, state, createdAt: new Date(Date.now() - ageDays * 86_400_000), thread: thread(locked) });
const report = (state, locked = false) => ({ ...post(state, locked), isReport: true });
const account = (id, state, until = null) => ({ id, state, stateUntil: until });
const past = new Date(Date.now() - 60_000);
const future = new Date(Date.now() + 3_600_000);
const table = [
    { action: actions_1.Action.ViewAdvisory, state: 'published', subject: advisory(true), allowed: ALL },
    { action: actions_1.Action.ViewAdvisory, state: 'draft', subject: advisory(false), allowed: ['editor', 'admin'] },
    { action: actions_1.Action.ViewDraftAdvisories, state: '-', subject: undefined, allowed: ['editor', 'admin'] },
    { action: actions_1.Action.ViewThread, state: 'open', subject: thread(), allowed: ALL },
    { action: actions_1.Action.ViewThread, state: 'locked', subject: thread(true), allowed: ALL },
    { action: actions_1.Action.ViewThread, state: 'draft advisory', subject: thread(false, false), allowed: ['editor', 'admin'] },
    { action: actions_1.Action.CreatePost, state: 'open', subject: thread(), allowed: ACTIVE },
    { action: actions_1.Action.CreatePost, state: 'locked', subject: thread(true), allowed: ['moderator', 'admin'] },
    { action: actions_1.Action.CreatePost, state: 'draft advisory', subject: thread(false, false), allowed: ['editor', 'admin'] },
    { action: actions_1.Action.ViewPost, state: 'visible', subject: post('visible'), allowed: ALL },
    { action: actions_1.Action.ViewPost, state: 'deleted (placeholder)', subject: post('deleted'), allowed: ALL },
    { action: actions_1.Action.ViewPost, state: 'held', subject: post('held'), allowed: ['author', 'silencedAuthor', 'moderator', 'admin'] },
    { action: actions_1.Action.ViewPost, state: 'hidden', subject: post('hidden'), allowed: ['author', 'silencedAuthor', 'moderator', 'admin'] },
    { action: actions_1.Action.EditPost, state: 'visible', subject: post('visible'), allowed: ['author', 'moderator', 'admin'] },
    { action: actions_1.Action.EditPost, state: 'held', subject: post('held'), allowed: ['author', 'moderator', 'admin'] },
    { action: actions_1.Action.EditPost, state: 'hidden', subject: post('hidden'), allowed: ['moderator', 'admin'] },
    { action: actions_1.Action.EditPost, state: 'deleted', subject: post('deleted'), allowed: [] },
    { action: actions_1.Action.EditPost, state: 'visible, locked thread', subject: post('visible', true), allowed: ['moderator', 'admin'] },
    { action: actions_1.Action.EditPost, state: 'visible, past the author window', subject: post('visible', false, 31), allowed: ['moderator', 'admin'] },
    { action: actions_1.Action.DeletePost, state: 'visible', subject: post('visible'), allowed: ['author'] },
    { action: actions_1.Action.DeletePost, state: 'held', subject: post('held'), allowed: ['author'] },
    { action: actions_1.Action.DeletePost, state: 'visible, old', subject: post('visible', false, 400), allowed: ['author'] },
    { action: actions_1.Action.DeletePost, state: 'hidden', subject: post('hidden'), allowed: [] },
    { action: actions_1.Action.DeletePost, state: 'deleted', subject: post('deleted'), allowed: [] },
    { action: actions_1.Action.DeletePost, state: 'visible, locked thread', subject: post('visible', true), allowed: [] },
    { action: actions_1.Action.ViewRevisions, state: 'visible', subject: post('visible'), allowed: ['author', 'silencedAuthor', 'moderator', 'admin'] },
    { action: actions_1.Action.ConfirmReport, state: 'visible report', subject: report('visible'), allowed: ['subscriber', 'moderator', 'editor', 'admin'] },
    { action: actions_1.Action.ConfirmReport, state: 'held report', subject: report('held'), allowed: [] },
    { action: actions_1.Action.ConfirmReport, state: 'hidden report', subject: report('hidden'), allowed: [] },
    { action: actions_1.Action.ConfirmReport, state: 'report, locked thread', subject: report('visible', true), allowed: [] },
    { action: actions_1.Action.ConfirmReport, state: 'plain reply', subject: post('visible'), allowed: [] },
    { action: actions_1.Action.BypassPostLimit, state: '-', subject: undefined, allowed: ['moderator', 'admin'] },
    { action: actions_1.Action.Watch, state: '-', subject: thread(), allowed: SIGNED_IN },
    { action: actions_1.Action.ModerateQueue, state: '-', subject: undefined, allowed: ['moderator', 'admin'] },
    { action: actions_1.Action.ManageKnownIssues, state: '-', subject: undefined, allowed: ['moderator', 'admin'] },
    { action: actions_1.Action.FlagPost, state: 'visible', subject: post('visible'), allowed: ['subscriber', 'moderator', 'editor', 'admin'] },
    { action: actions_1.Action.FlagPost, state: 'hidden', subject: post('hidden'), allowed: [] },
    { action: actions_1.Action.FlagPost, state: 'held', subject: post('held'), allowed: [] },
    { action: actions_1.Action.ModeratePost, state: '-', subject: post('visible'), allowed: ['moderator', 'admin'] },
    { action: actions_1.Action.PostWithoutApproval, state: 'new member (0 of 2 approved)', subject: { approvedPosts: 0, threshold: 2 }, allowed: ['moderator', 'editor', 'admin'] },
    { action: actions_1.Action.PostWithoutApproval, state: 'established member (2 of 2)', subject: { approvedPosts: 2, threshold: 2 }, allowed: SIGNED_IN },
    { action: actions_1.Action.LockThread, state: '-', subject: thread(), allowed: ['moderator', 'admin'] },
    { action: actions_1.Action.ModerateUser, state: 'a subscriber', subject: { id: 50, role: viewer_1.Role.Subscriber }, allowed: ['moderator', 'admin'] },
    { action: actions_1.Action.ModerateUser, state: 'an editor', subject: { id: 50, role: viewer_1.Role.Editor }, allowed: ['admin'] },
    { action: actions_1.Action.ModerateUser, state: 'oneself', subject: { id: 2, role: viewer_1.Role.Moderator }, allowed: [] },
    { action: actions_1.Action.ViewAuditLog, state: '-', subject: undefined, allowed: ['moderator', 'editor', 'admin'] },
    { action: actions_1.Action.AddOwnEvidence, state: 'own visible report', subject: report('visible'), allowed: ['author'] },
    { action: actions_1.Action.AddOwnEvidence, state: 'own hidden report', subject: report('hidden'), allowed: [] },
    { action: actions_1.Action.SignIn, state: 'active account', subject: account(5, 'active'), allowed: ALL },
    { action: actions_1.Action.SignIn, state: 'silenced account', subject: account(5, 'silenced', future), allowed: ALL },
    { action: actions_1.Action.SignIn, state: 'suspended account', subject: account(5, 'suspended', future), allowed: [] },
    { action: actions_1.Action.SignIn, state: 'suspension over', subject: account(5, 'suspended', past), allowed: ALL },
    { action: actions_1.Action.SignIn, state: 'suspended indefinitely', subject: account(5, 'suspended', null), allowed: [] },
    { action: actions_1.Action.ChangeOwnPassword, state: '-', subject: undefined, allowed: SIGNED_IN },
    { action: actions_1.Action.ViewProfile, state: '-', subject: account(5, 'active'), allowed: ALL },
    { action: actions_1.Action.ManageUsers, state: '-', subject: undefined, allowed: ['admin'] },
    { action: actions_1.Action.ChangeRole, state: 'another member', subject: account(5, 'active'), allowed: ['admin'] },
    { action: actions_1.Action.ChangeRole, state: 'own account', subject: account(4, 'active'), allowed: [] },
];
(0, node_test_1.describe)('PolicyService', () => {
    for (const row of table) {
        (0, node_test_1.describe)(`${row.action} (${row.state})`, () => {
            for (const [name, viewer] of Object.entries(viewers)) {
                const expected = row.allowed.includes(name);
                (0, node_test_1.it)(`${expected ? 'allows' : 'denies'} ${name}`, () => {
                    strict_1.default.equal(sut.can(viewer, row.action, row.subject), expected);
                });
            }
        });
    }
    (0, node_test_1.it)('has rows for every action', () => {
        const covered = new Set(table.map((r) => r.action));
        strict_1.default.deepEqual(Object.values(actions_1.Action).filter((a) => !covered.has(a)), []);
    });
    (0, node_test_1.it)('lets silenced members read but not write', () => {
        strict_1.default.equal(sut.can(viewers.silenced, actions_1.Action.ViewThread, thread()), true);
        strict_1.default.equal(sut.can(viewers.silenced, actions_1.Action.CreatePost, thread()), false);
    });
    (0, node_test_1.it)('denies an action that has no rule', () => {
        strict_1.default.equal(sut.can(viewers.admin, 'nothing.defined'), false);
        strict_1.default.throws(() => sut.ensure(viewers.admin, 'nothing.defined'), /Forbidden/);
    });
});
//# sourceMappingURL=policy.service.spec.js.map