"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const htmlparser2_1 = require("htmlparser2");
const supertest_1 = __importDefault(require("supertest"));
const advisory_platform_entity_1 = require("../../src/advisories/advisory-platform.entity");
const i18n_1 = require("../../src/common/i18n/i18n");
const config_1 = require("../../src/config/config");
const confirmation_entity_1 = require("../../src/field-reports/confirmation.entity");
const field_report_entity_1 = require("../../src/field-reports/field-report.entity");
const platform_stat_entity_1 = require("../../src/field-reports/platform-stat.entity");
const notification_entity_1 = require("../../src/notifications/notification.entity");
const watch_entity_1 = require("../../src/notifications/watch.entity");
const viewer_1 = require("../../src/policy/viewer");
const post_revision_entity_1 = require("../../src/threads/post-revision.entity");
const post_entity_1 = require("../../src/threads/post.entity");
const posts_service_1 = require("../../src/threads/posts.service");
const thread_entity_1 = require("../../src/threads/thread.entity");
const user_entity_1 = require("../../src/users/user.entity");
const advisory_factory_1 = require("../factories/advisory.factory");
const user_factory_1 = require("../factories/user.factory");
const html_1 = require("../support/html");
const test_app_1 = require("../support/test-app");
const DEFAULTS = (0, config_1.loadConfig)({ NODE_ENV: 'test', LOG_REQUESTS: 'false', DEMO_DATA: 'false' }, (0, config_1.findRootDir)(__dirname));
const rule = (limit, windowSeconds = 900) => ({ limit, windowSeconds });
function limits(over = {}) {
    return { ...DEFAULTS.rateLimits, loginPerIp: rule(10_000), loginPerUser: rule(10_000), registerPerIp: rule(10_000, 3600), postsPerUser: rule(10_000, 60), ...over };
}
const ID = 'MS04-044';
const THREAD = `/advisories/${ID}/thread`;
const BULLETIN = `/advisories/${ID}`;
const OTHER_LABEL = (0, i18n_1.translate)('ja', 'report.platform.other');
async function boardApp(over = {}, config = {}) {
    const t = await (0, test_app_1.createTestApp)({ rateLimits: limits(over), ...config });
    await (0, advisory_factory_1.createAdvisories)(t.app, [(0, advisory_factory_1.referenceDocument)()]);
    return t;
}
const msg = (key, params = {}) => (0, i18n_1.translate)('ja', key, params);
async function member(t, role) {
    const { agent, user } = await (0, user_factory_1.signedInAgent)(t.app, role);
    const page = await agent.get('/').expect(200);
    return { user, agent, csrf: (0, user_factory_1.csrfFrom)(page.text) };
}
function submit(m, path, fields = {}) {
    return m.agent.post(path).type('form').send(new URLSearchParams({ _csrf: m.csrf, ...fields }).toString());
}
const postTo = (m, fields) => submit(m, THREAD, fields);
async function createPost(t, m, fields) {
    const res = await postTo(m, fields);
    strict_1.default.equal(res.status, 303, `expected 303, got ${res.status}: ${pageProblem(res.text)}`);
    const n = Number(/#p(\d+)$/.exec(res.headers.location)?.[1]);
    strict_1.default.ok(n > 0, `redirect to a post anchor: ${res.headers.location}`);
    return t.em().findOneOrFail(post_entity_1.Post, { thread: { advisory: ID }, number: n });
}
const report = (over = {}) => ({ outcome: 'problem', platform: 'win2000-sp4', hosts: '40', software: 'VERITAS Backup Exec 8.6', body: 'バックアップジョブが失敗する。', ...over });
async function servicePosts(t, author, count, input = (i) => ({ body: `投稿 ${i}` })) {
    const thread = await threadRow(t);
    const viewer = (0, viewer_1.signedIn)(author.id, author.username, author.role);
    const posts = [];
    for (let i = 0; i < count; i++)
        posts.push(await t.app.get(posts_service_1.PostsService).create(viewer, thread.id, input(i)));
    return posts;
}
const threadRow = (t) => t.em().findOneOrFail(thread_entity_1.Thread, { advisory: ID });
const userRow = (t, id) => t.em().findOneOrFail(user_entity_1.User, { id });
async function snapshot(t, userId) {
    const thread = await threadRow(t);
    return {
        posts: await t.em().count(post_entity_1.Post, {}),
        reports: await t.em().count(field_report_entity_1.FieldReport, {}),
        confirmations: await t.em().count(confirmation_entity_1.Confirmation, {}),
        threadPostCount: thread.postCount,
        threadReportCount: thread.reportCount,
        userPostCount: userId ? (await userRow(t, userId)).postCount : null,
        stats: (await t.em().find(platform_stat_entity_1.PlatformStat, {}, { orderBy: { id: 'asc' } })).map((s) => `${s.platformKey}/${s.outcome}=${s.reports}+${s.confirmations}`),
    };
}
async function assertNothingSaved(t, before, userId) {
    strict_1.default.deepEqual(await snapshot(t, userId), before, 'nothing was saved');
}
async function recount(t) {
    const em = t.em();
    const thread = await threadRow(t);
    const reports = await em.find(field_report_entity_1.FieldReport, { post: { thread } }, { populate: ['post', 'platform'] });
    const confirmations = await em.find(confirmation_entity_1.Confirmation, { report: { post: { thread } } }, { populate: ['report', 'platform'] });
    const stats = new Map();
    const cell = (key, outcome) => {
        const k = `${key}/${outcome}`;
        if (!stats.has(k))
            stats.set(k, { reports: 0, confirmations: 0 });
        return stats.get(k);
    };
    const counted = new Map();
    for (const r of reports) {
        if (r.post.getEntity().state !== 'visible')
            continue;
        counted.set(r.post.id, r);
        cell(r.platform?.getEntity().key ?? 'other', r.outcome).reports++;
    }
    const perReport = new Map();
    for (const c of confirmations) {
        const reportId = c.report.getEntity().post.id;
        perReport.set(reportId, (perReport.get(reportId) ?? 0) + 1);
        const r = counted.get(reportId);
        if (r)
            cell(c.platform?.getEntity().key ?? 'other', r.outcome).confirmations++;
    }
    return {
        stats,
        reportCount: counted.size,
        problemCount: [...counted.values()].filter((r) => r.outcome !== 'success').length,
        confirmationsPerReport: perReport,
        reports,
    };
}
async function assertCountersExact(t) {
    const em = t.em();
    const thread = await threadRow(t);
    const truth = await recount(t);
    const stored = new Map();
    for (const s of await em.find(platform_stat_entity_1.PlatformStat, { thread })) {
        if (s.reports || s.confirmations)
            stored.set(`${s.platformKey}/${s.outcome}`, { reports: s.reports, confirmations: s.confirmations });
    }
    const nonZero = new Map([...truth.stats].filter(([, c]) => c.reports || c.confirmations));
    strict_1.default.deepEqual(Object.fromEntries([...stored].sort()), Object.fromEntries([...nonZero].sort()), 'platform_stats equals a recount');
    strict_1.default.equal(thread.reportCount, truth.reportCount, 'threads.report_count');
    strict_1.default.equal(thread.problemCount, truth.problemCount, 'threads.problem_count');
    for (const r of truth.reports)
        strict_1.default.equal(r.confirmationCount, truth.confirmationsPerReport.get(r.post.id) ?? 0, `field_reports.confirmation_count of post ${r.post.id}`);
    const numbers = (await em.find(post_entity_1.Post, { thread }, { orderBy: { number: 'asc' }, fields: ['number'] })).map((p) => p.number);
    strict_1.default.deepEqual(numbers, Array.from({ length: numbers.length }, (_, i) => i + 1), 'post numbers are 1..N with no gap or duplicate');
    strict_1.default.equal(thread.postCount, numbers.length, 'threads.post_count is the highest number');
    const posts = await em.find(post_entity_1.Post, {}, { fields: ['author'] });
    const perAuthor = new Map();
    for (const p of posts)
        perAuthor.set(p.author.id, (perAuthor.get(p.author.id) ?? 0) + 1);
    for (const u of await em.find(user_entity_1.User, {}))
        strict_1.default.equal(u.postCount, perAuthor.get(u.id) ?? 0, `users.post_count of ${u.username}`);
    return truth;
}
async function expectedTable(t) {
    const truth = await recount(t);
    const platforms = await t.em().find(advisory_platform_entity_1.AdvisoryPlatform, { advisory: ID }, { orderBy: { position: 'asc' } });
    const row = (key) => field_report_entity_1.OUTCOMES.map((o) => {
        const c = truth.stats.get(`${key}/${o}`);
        return c ? c.reports + c.confirmations : 0;
    });
    const table = {};
    for (const p of platforms)
        table[p.label] = row(p.key);
    const other = row('other');
    if (other.some((n) => n > 0))
        table[OTHER_LABEL] = other;
    return table;
}
const all = (root, test) => htmlparser2_1.DomUtils.findAll(test, root.children);
const one = (root, test) => htmlparser2_1.DomUtils.findOne(test, root.children, true);
const hasClass = (e, c) => (e.attribs.class ?? '').split(/\s+/).includes(c);
const textOf = (e) => (e ? htmlparser2_1.DomUtils.textContent(e).replace(/\s+/g, ' ').trim() : '');
const byId = (d, id) => one(d, (e) => e.attribs.id === id);
function postNumbers(html) {
    return all((0, htmlparser2_1.parseDocument)(html), (e) => e.name === 'li' && hasClass(e, 'post')).map((e) => Number(e.attribs.id.slice(1)));
}
function postItem(html, n) {
    return one((0, htmlparser2_1.parseDocument)(html), (e) => e.name === 'li' && e.attribs.id === `p${n}`);
}
const bodyText = (item) => textOf(item && one(item, (e) => hasClass(e, 'post__body')));
function renderedTable(html) {
    const table = one((0, htmlparser2_1.parseDocument)(html), (e) => e.name === 'table' && hasClass(e, 'stats__table'));
    if (!table)
        return null;
    const heads = all(table, (e) => e.name === 'th' && e.attribs.scope === 'col').map(textOf);
    strict_1.default.deepEqual(heads.slice(1, 5), field_report_entity_1.OUTCOMES.map((o) => msg(`outcome.${o}`)), 'one column per outcome, in order');
    const result = {};
    for (const tr of all(table, (e) => e.name === 'tr' && !!e.parent && e.parent.name === 'tbody')) {
        const label = textOf(one(tr, (e) => e.name === 'th'));
        result[label] = all(tr, (e) => e.name === 'td' && hasClass(e, 'num')).map((td) => Number(textOf(td)));
    }
    return result;
}
const fieldError = (html, id) => textOf(byId((0, htmlparser2_1.parseDocument)(html), `${id}-error`));
function textareaText(html, id) {
    const ta = byId((0, htmlparser2_1.parseDocument)(html), id);
    return ta ? htmlparser2_1.DomUtils.textContent(ta) : undefined;
}
function inputValue(html, id) {
    return byId((0, htmlparser2_1.parseDocument)(html), id)?.attribs.value;
}
function selectedOption(html, id) {
    const select = byId((0, htmlparser2_1.parseDocument)(html), id);
    return select ? one(select, (e) => e.name === 'option' && 'selected' in e.attribs)?.attribs.value : undefined;
}
function formFields(html, action) {
    const form = one((0, htmlparser2_1.parseDocument)(html), (e) => e.name === 'form' && e.attribs.action === action);
    strict_1.default.ok(form, `a form posting to ${action}`);
    const fields = {};
    for (const e of all(form, (x) => ['input', 'textarea', 'select'].includes(x.name) && !!x.attribs.name)) {
        fields[e.attribs.name] = e.name === 'textarea' ? htmlparser2_1.DomUtils.textContent(e) : (e.attribs.value ?? '');
    }
    return fields;
}
const unreadCount = (html) => {
    const badge = one((0, htmlparser2_1.parseDocument)(html), (e) => hasClass(e, 'unread-count'));
    return badge ? Number(/^\d+/.exec(textOf(badge))?.[0]) : 0;
};
function pageProblem(html) {
    const d = (0, htmlparser2_1.parseDocument)(html);
    return [textOf(one(d, (e) => e.name === 'title')), ...all(d, (e) => hasClass(e, 'field-error')).map(textOf)].join(' | ');
}
(0, node_test_1.describe)('posting', () => {
    let t;
    let alice;
    (0, node_test_1.before)(async () => {
        t = await boardApp();
        alice = await member(t);
    });
    (0, node_test_1.after)(() => t.close());
    (0, node_test_1.it)('offers a guest a sign-in link instead of the form, and refuses a guest’s post with 401', async () => {
        const page = await (0, supertest_1.default)(t.http).get(THREAD).expect(200);
        const d = (0, htmlparser2_1.parseDocument)(page.text);
        const compose = byId(d, 'compose');
        strict_1.default.equal(one(compose, (e) => e.name === 'form'), null, 'no form for a guest');
        strict_1.default.equal(one(d, (e) => e.name === 'textarea'), null);
        const link = one(compose, (e) => e.name === 'a');
        strict_1.default.equal(link?.attribs.href, `/login?next=${encodeURIComponent(THREAD)}`);
        strict_1.default.equal(textOf(link), msg('post.signInToPost'));
        await (0, html_1.assertValidHtml)(page.text, 'thread (guest)');
        const guest = supertest_1.default.agent(t.http);
        const token = (0, user_factory_1.csrfFrom)((await guest.get('/login').expect(200)).text);
        const before = await snapshot(t);
        await guest.post(THREAD).type('form').send(new URLSearchParams({ _csrf: token, body: 'ゲストの投稿' }).toString()).expect(401);
        await assertNothingSaved(t, before);
    });
    (0, node_test_1.it)('posts Markdown as #1 and #2, keeping the source and storing sanitized HTML', async () => {
        const page = await alice.agent.get(THREAD).expect(200);
        strict_1.default.deepEqual(Object.keys(formFields(page.text, THREAD)).sort(), ['_csrf', 'body', 'hosts', 'outcome', 'platform', 'platformOther', 'software']);
        await (0, html_1.assertValidHtml)(page.text, 'thread (member, empty)');
        const source = '**再起動後**に <script>alert(1)</script> ログオンできない。\n\n- 1台目\n- 2台目\n\n<b onclick="x()">太字?</b>';
        const res = await postTo(alice, { body: source }).expect(303);
        strict_1.default.equal(res.headers.location, `${THREAD}#p1`);
        const first = await t.em().findOneOrFail(post_entity_1.Post, { number: 1 });
        strict_1.default.equal(first.bodySource, source, 'the source is kept as typed');
        strict_1.default.match(first.bodyHtml, /<strong>再起動後<\/strong>/);
        strict_1.default.match(first.bodyHtml, /<li>1台目<\/li>/);
        const stored = (0, htmlparser2_1.parseDocument)(first.bodyHtml);
        strict_1.default.deepEqual([...new Set(all(stored, () => true).map((e) => e.name))].sort(), ['li', 'p', 'strong', 'ul'], 'stored HTML is sanitized: only the Markdown’s own elements');
        strict_1.default.deepEqual(all(stored, (e) => Object.keys(e.attribs).length > 0), [], 'and no attributes');
        strict_1.default.match(htmlparser2_1.DomUtils.textContent(stored), /<script>alert\(1\)<\/script>/, 'the tag is kept as text');
        strict_1.default.equal(first.isReport, false);
        strict_1.default.equal(first.state, 'visible');
        strict_1.default.equal((await threadRow(t)).postCount, 1);
        strict_1.default.equal((await userRow(t, alice.user.id)).postCount, 1);
        const second = await postTo(alice, { body: '追記です。' }).expect(303);
        strict_1.default.equal(second.headers.location, `${THREAD}#p2`);
        const shown = await alice.agent.get(THREAD).expect(200);
        strict_1.default.deepEqual(postNumbers(shown.text), [1, 2]);
        const item = postItem(shown.text, 1);
        strict_1.default.ok(one(item, (e) => e.name === 'strong' && textOf(e) === '再起動後'));
        strict_1.default.match(bodyText(item), /<script>alert\(1\)<\/script>/, 'the tag shows as text');
        strict_1.default.equal(all((0, htmlparser2_1.parseDocument)(shown.text), (e) => e.name === 'script').length, 0);
        await (0, html_1.assertValidHtml)(shown.text, 'thread with posts');
    });
    (0, node_test_1.it)('refuses an empty body and one over 20,000 characters with 422, keeping the text and saving nothing', async () => {
        const cases = [
            ['', 'post.body.required'],
            ['   \n  \t ', 'post.body.required'],
            ['a'.repeat(20_001), 'post.body.tooLong'],
            ['あ'.repeat(20_001), 'post.body.tooLong'],
        ];
        for (const [body, key] of cases) {
            const before = await snapshot(t, alice.user.id);
            const res = await postTo(alice, { body }).expect(422);
            strict_1.default.equal(fieldError(res.text, 'f-body'), msg(key), `${key} for a body of ${body.length}`);
            strict_1.default.equal(textareaText(res.text, 'f-body'), body, 'the text is kept in the textarea');
            const textarea = byId((0, htmlparser2_1.parseDocument)(res.text), 'f-body');
            strict_1.default.equal(textarea.attribs['aria-invalid'], 'true');
            strict_1.default.match(textarea.attribs['aria-describedby'], /f-body-error/);
            strict_1.default.ok(textOf(one((0, htmlparser2_1.parseDocument)(res.text), (e) => hasClass(e, 'notice--error'))).includes(msg('form.hasErrors')));
            await assertNothingSaved(t, before, alice.user.id);
            if (body.length < 100)
                await (0, html_1.assertValidHtml)(res.text, 'thread 422');
        }
    });
    (0, node_test_1.it)('accepts exactly 20,000 characters, Japanese included (what a browser sends percent-encoded)', async () => {
        for (const body of ['a'.repeat(20_000), 'あ'.repeat(20_000), '😀'.repeat(20_000)]) {
            const post = await createPost(t, alice, { body });
            strict_1.default.equal(post.bodySource, body);
        }
    });
    (0, node_test_1.it)('answers a 300 KB request with a quick 413 page, saves nothing, and keeps serving', async () => {
        const before = await snapshot(t, alice.user.id);
        const started = Date.now();
        const res = await postTo(alice, { body: 'x'.repeat(300 * 1024) });
        const elapsed = Date.now() - started;
        strict_1.default.equal(res.status, 413);
        strict_1.default.ok(elapsed < 3000, `answered in ${elapsed} ms`);
        strict_1.default.match(res.text, new RegExp(msg('error.413.title')));
        await (0, html_1.assertValidHtml)(res.text, '413 page');
        await assertNothingSaved(t, before, alice.user.id);
        await (0, supertest_1.default)(t.http).get(THREAD).expect(200);
        await createPost(t, alice, { body: '大きすぎた投稿の後でも投稿できる。' });
    });
    (0, node_test_1.it)('previews the rendered HTML without saving anything', async () => {
        const before = await snapshot(t, alice.user.id);
        const source = '## 手順\n\n1. **KB885835** を適用\n2. 再起動\n\n<script>alert(1)</script>';
        const res = await postTo(alice, { body: source, intent: 'preview' }).expect(200);
        const d = (0, htmlparser2_1.parseDocument)(res.text);
        const preview = one(d, (e) => hasClass(e, 'preview'));
        strict_1.default.ok(preview, 'a preview block');
        const body = one(preview, (e) => hasClass(e, 'post__body'));
        strict_1.default.ok(one(body, (e) => e.name === 'h4' && textOf(e) === '手順'), 'headings start below the page headings');
        strict_1.default.ok(one(body, (e) => e.name === 'strong' && textOf(e) === 'KB885835'));
        strict_1.default.equal(all(d, (e) => e.name === 'script').length, 0);
        strict_1.default.equal(textareaText(res.text, 'f-body'), source, 'the source stays in the form');
        await (0, html_1.assertValidHtml)(res.text, 'preview');
        await assertNothingSaved(t, before, alice.user.id);
        const withReport = await postTo(alice, { ...report(), intent: 'preview' }).expect(200);
        strict_1.default.equal(selectedOption(withReport.text, 'f-platform'), 'win2000-sp4');
        strict_1.default.equal(selectedOption(withReport.text, 'f-outcome'), 'problem');
        strict_1.default.equal(inputValue(withReport.text, 'f-hosts'), '40');
        const bad = await postTo(alice, { ...report({ hosts: 'abc' }), intent: 'preview' }).expect(422);
        strict_1.default.equal(fieldError(bad.text, 'f-hosts'), msg('report.hosts.invalid'));
        await assertNothingSaved(t, before, alice.user.id);
    });
    (0, node_test_1.it)('refuses members in a locked thread with 403 and lets moderators post', async () => {
        const mod = await member(t, viewer_1.Role.Moderator);
        await t.em().nativeUpdate(thread_entity_1.Thread, { advisory: ID }, { locked: true });
        try {
            const page = await alice.agent.get(THREAD).expect(200);
            const compose = byId((0, htmlparser2_1.parseDocument)(page.text), 'compose');
            strict_1.default.equal(one(compose, (e) => e.name === 'form'), null, 'no form for a member');
            strict_1.default.match(textOf(compose), new RegExp(msg('post.cannotPost')));
            strict_1.default.match(page.text, new RegExp(msg('thread.locked')));
            const before = await snapshot(t, alice.user.id);
            await postTo(alice, { body: 'ロック中の投稿' }).expect(403);
            await assertNothingSaved(t, before, alice.user.id);
            const modPage = await mod.agent.get(THREAD).expect(200);
            strict_1.default.ok(one(byId((0, htmlparser2_1.parseDocument)(modPage.text), 'compose'), (e) => e.name === 'form'), 'a moderator gets the form');
            await (0, html_1.assertValidHtml)(modPage.text, 'locked thread (moderator)');
            const post = await createPost(t, mod, { body: 'モデレーターからのお知らせ' });
            strict_1.default.equal(post.author.id, mod.user.id);
        }
        finally {
            await t.em().nativeUpdate(thread_entity_1.Thread, { advisory: ID }, { locked: false });
        }
    });
    (0, node_test_1.it)('refuses a silenced member with 403 until the silence ends', async () => {
        const quiet = await member(t);
        await t.em().nativeUpdate(user_entity_1.User, { id: quiet.user.id }, { state: user_entity_1.AccountState.Silenced, stateUntil: new Date(Date.now() + 3600_000), stateReason: '連続投稿' });
        const page = await quiet.agent.get(THREAD).expect(200);
        strict_1.default.equal(one(byId((0, htmlparser2_1.parseDocument)(page.text), 'compose'), (e) => e.name === 'form'), null);
        const before = await snapshot(t, quiet.user.id);
        await postTo(quiet, { body: '発言停止中の投稿' }).expect(403);
        await postTo(quiet, report()).expect(403);
        await assertNothingSaved(t, before, quiet.user.id);
        await t.em().nativeUpdate(user_entity_1.User, { id: quiet.user.id }, { stateUntil: new Date(Date.now() - 1000) });
        await createPost(t, quiet, { body: '停止が明けました。' });
    });
    (0, node_test_1.it)('refuses a reply to a post that is missing or in another thread (422), saving nothing', async () => {
        await (0, advisory_factory_1.createAdvisories)(t.app, [(0, advisory_factory_1.buildAdvisoryDoc)({ id: 'MS04-045' })]);
        const elsewhere = await t.em().findOneOrFail(thread_entity_1.Thread, { advisory: 'MS04-045' });
        const foreign = await t.app.get(posts_service_1.PostsService).create((0, viewer_1.signedIn)(alice.user.id, alice.user.username, alice.user.role), elsewhere.id, { body: '別スレッド' });
        for (const replyTo of [String(foreign.id), '999999', 'abc', '-1']) {
            const before = await snapshot(t, alice.user.id);
            const res = await postTo(alice, { body: '返信', replyTo }).expect(422);
            strict_1.default.equal(fieldError(res.text, 'f-body'), msg('post.replyTo.invalid'), `replyTo=${replyTo}`);
            await assertNothingSaved(t, before, alice.user.id);
        }
    });
    (0, node_test_1.it)('sends post 51 to page 2', async () => {
        const have = (await threadRow(t)).postCount;
        await servicePosts(t, alice.user, 50 - have);
        strict_1.default.equal((await threadRow(t)).postCount, 50);
        const res = await postTo(alice, { body: '51番目' }).expect(303);
        strict_1.default.equal(res.headers.location, `${THREAD}?page=2#p51`);
        const page2 = await alice.agent.get(`${THREAD}?page=2`).expect(200);
        strict_1.default.deepEqual(postNumbers(page2.text), [51]);
        strict_1.default.equal(postNumbers((await alice.agent.get(THREAD).expect(200)).text).length, 50);
        await assertCountersExact(t);
    });
});
(0, node_test_1.describe)('the posting limit', () => {
    let t;
    (0, node_test_1.before)(async () => {
        t = await boardApp({ postsPerUser: rule(3, 60) });
    });
    (0, node_test_1.after)(() => t.close());
    (0, node_test_1.it)('answers 429 with Retry-After past the limit and saves nothing', async () => {
        const m = await member(t);
        for (let i = 1; i <= 3; i++)
            await createPost(t, m, { body: `連投 ${i}` });
        const before = await snapshot(t, m.user.id);
        const res = await postTo(m, { body: '連投 4' }).expect(429);
        strict_1.default.match(res.text, new RegExp(msg('error.429.title')));
        const retry = Number(res.headers['retry-after']);
        strict_1.default.ok(Number.isInteger(retry) && retry > 0 && retry <= 60, `Retry-After: ${res.headers['retry-after']}`);
        await assertNothingSaved(t, before, m.user.id);
        await createPost(t, await member(t), { body: '別の会員' });
    });
    (0, node_test_1.it)('lets moderators post past it', async () => {
        const mod = await member(t, viewer_1.Role.Moderator);
        for (let i = 1; i <= 6; i++)
            await createPost(t, mod, { body: `対応中 ${i}` });
        strict_1.default.equal((await userRow(t, mod.user.id)).postCount, 6);
    });
});
(0, node_test_1.describe)('field reports', () => {
    let t;
    let alice;
    (0, node_test_1.before)(async () => {
        t = await boardApp();
        alice = await member(t);
    });
    (0, node_test_1.after)(() => t.close());
    (0, node_test_1.it)('saves "Windows 2000 SP4, problem, 40 hosts, VERITAS Backup Exec 8.6" and counts it', async () => {
        const post = await createPost(t, alice, report());
        strict_1.default.equal(post.number, 1);
        strict_1.default.equal(post.isReport, true);
        const fr = await t.em().findOneOrFail(field_report_entity_1.FieldReport, { post }, { populate: ['platform'] });
        strict_1.default.equal(fr.platform?.getEntity().key, 'win2000-sp4');
        strict_1.default.equal(fr.platformOther, null);
        strict_1.default.equal(fr.outcome, 'problem');
        strict_1.default.equal(fr.hosts, 40);
        strict_1.default.equal(fr.software, 'VERITAS Backup Exec 8.6');
        const thread = await threadRow(t);
        strict_1.default.equal(thread.reportCount, 1);
        strict_1.default.equal(thread.problemCount, 1);
        await assertCountersExact(t);
        const page = await (0, supertest_1.default)(t.http).get(THREAD).expect(200);
        const dl = one(postItem(page.text, 1), (e) => e.name === 'dl' && hasClass(e, 'report'));
        const facts = textOf(dl);
        for (const part of [msg('outcome.problem'), 'Windows 2000 SP4', '40', 'VERITAS Backup Exec 8.6'])
            strict_1.default.ok(facts.includes(part), `${part} in "${facts}"`);
        strict_1.default.deepEqual(renderedTable(page.text)?.['Windows 2000 SP4'], [0, 1, 0, 0]);
        strict_1.default.deepEqual(renderedTable(page.text), await expectedTable(t));
        const header = textOf(one((0, htmlparser2_1.parseDocument)(page.text), (e) => hasClass(e, 'thread-header__counts')));
        strict_1.default.ok(header.includes(msg('thread.reportCount', { count: 1 })) && header.includes(msg('thread.problemCount', { count: 1 })), header);
        await (0, html_1.assertValidHtml)(page.text, 'thread with a report (guest)');
        await (0, html_1.assertValidHtml)((await alice.agent.get(THREAD).expect(200)).text, 'thread with a report (author)');
    });
    (0, node_test_1.it)('refuses each bad field with 422, the message beside that field, keeping the input and saving nothing', async () => {
        const cases = [
            { fields: report({ outcome: 'exploded' }), field: 'outcome', id: 'f-outcome', key: 'report.outcome.invalid' },
            { fields: report({ platform: 'win2008-r2' }), field: 'platform', id: 'f-platform', key: 'report.platform.required' },
            { fields: report({ platform: '' }), field: 'platform', id: 'f-platform', key: 'report.platform.required' },
            { fields: report({ platform: 'other', platformOther: '' }), field: 'platformOther', id: 'f-platform-other', key: 'report.platformOther.required' },
            { fields: report({ platform: 'other', platformOther: '   ' }), field: 'platformOther', id: 'f-platform-other', key: 'report.platformOther.required' },
            { fields: report({ platform: 'other', platformOther: 'N'.repeat(101) }), field: 'platformOther', id: 'f-platform-other', key: 'report.platformOther.required' },
            { fields: report({ hosts: '0' }), field: 'hosts', id: 'f-hosts', key: 'report.hosts.invalid' },
            { fields: report({ hosts: '1000001' }), field: 'hosts', id: 'f-hosts', key: 'report.hosts.invalid' },
            { fields: report({ hosts: 'abc' }), field: 'hosts', id: 'f-hosts', key: 'report.hosts.invalid' },
            { fields: report({ hosts: '' }), field: 'hosts', id: 'f-hosts', key: 'report.hosts.invalid' },
            { fields: report({ hosts: '-5' }), field: 'hosts', id: 'f-hosts', key: 'report.hosts.invalid' },
            { fields: report({ hosts: '1.5' }), field: 'hosts', id: 'f-hosts', key: 'report.hosts.invalid' },
            { fields: report({ software: 's'.repeat(201) }), field: 'software', id: 'f-software', key: 'report.software.tooLong' },
            { fields: report({ outcome: '' }), field: 'outcome', id: 'f-outcome', key: 'report.outcome.required' },
            { fields: { body: '台数だけ', hosts: '12' }, field: 'outcome', id: 'f-outcome', key: 'report.outcome.required' },
        ];
        for (const c of cases) {
            const label = JSON.stringify({ ...c.fields, body: undefined }).slice(0, 120);
            const before = await snapshot(t, alice.user.id);
            const res = await postTo(alice, c.fields);
            strict_1.default.equal(res.status, 422, label);
            strict_1.default.equal(fieldError(res.text, c.id), msg(c.key), label);
            const control = byId((0, htmlparser2_1.parseDocument)(res.text), c.id);
            strict_1.default.equal(control.attribs['aria-invalid'], 'true', label);
            strict_1.default.equal(control.attribs['aria-describedby'], `${c.id}-error`, label);
            const marked = all((0, htmlparser2_1.parseDocument)(res.text), (e) => hasClass(e, 'field-error')).map((e) => e.attribs.id);
            strict_1.default.deepEqual(marked, [`${c.id}-error`], label);
            strict_1.default.equal(textareaText(res.text, 'f-body'), c.fields.body, label);
            if (c.fields.software !== undefined)
                strict_1.default.equal(inputValue(res.text, 'f-software'), c.fields.software, label);
            if (c.fields.hosts !== undefined)
                strict_1.default.equal(inputValue(res.text, 'f-hosts') ?? '', c.fields.hosts, label);
            if (['win2000-sp4', 'other'].includes(c.fields.platform))
                strict_1.default.equal(selectedOption(res.text, 'f-platform'), c.fields.platform, label);
            if (c.fields.platform === 'other')
                strict_1.default.equal(inputValue(res.text, 'f-platform-other') ?? '', c.fields.platformOther, label);
            await assertNothingSaved(t, before, alice.user.id);
        }
        const last = await postTo(alice, report({ hosts: 'abc', software: '<b>x</b>' })).expect(422);
        await (0, html_1.assertValidHtml)(last.text, 'report form with errors');
    });
    (0, node_test_1.it)('accepts full-width ４０ and 1,000 hosts, and 200 characters of software', async () => {
        const a = await createPost(t, alice, report({ hosts: '４０', outcome: 'success' }));
        const b = await createPost(t, alice, report({ hosts: '1,000', outcome: 'success', platform: 'ws2003' }));
        const c = await createPost(t, alice, report({ hosts: ' 1000000 ', outcome: 'rolled-back', software: 'ソ'.repeat(200) }));
        const hostsOf = async (p) => (await t.em().findOneOrFail(field_report_entity_1.FieldReport, { post: p })).hosts;
        strict_1.default.equal(await hostsOf(a), 40);
        strict_1.default.equal(await hostsOf(b), 1000);
        strict_1.default.equal(await hostsOf(c), 1_000_000);
        const page = await (0, supertest_1.default)(t.http).get(THREAD).expect(200);
        strict_1.default.ok(textOf(postItem(page.text, b.number)).includes('1,000'));
        await assertCountersExact(t);
    });
    (0, node_test_1.it)('takes "other" with a platform name and counts it under その他', async () => {
        const before = await expectedTable(t);
        strict_1.default.equal(before[OTHER_LABEL], undefined, 'no その他 row while nothing is counted there');
        const post = await createPost(t, alice, report({ platform: 'other', platformOther: 'Windows 2000 SP4 (NEC PC-98)', outcome: 'install-failed', hosts: '3' }));
        const fr = await t.em().findOneOrFail(field_report_entity_1.FieldReport, { post });
        strict_1.default.equal(fr.platform, null);
        strict_1.default.equal(fr.platformOther, 'Windows 2000 SP4 (NEC PC-98)');
        const page = await (0, supertest_1.default)(t.http).get(THREAD).expect(200);
        strict_1.default.ok(textOf(postItem(page.text, post.number)).includes(`${OTHER_LABEL}: Windows 2000 SP4 (NEC PC-98)`));
        const table = renderedTable(page.text);
        strict_1.default.deepEqual(table[OTHER_LABEL], [0, 0, 1, 0]);
        strict_1.default.deepEqual(table, await expectedTable(t));
        await assertCountersExact(t);
        await (0, html_1.assertValidHtml)(page.text, 'thread with an "other" report');
    });
});
(0, node_test_1.describe)('confirmations', () => {
    let t;
    let alice;
    let bob;
    let carol;
    let reportPost;
    const confirmPath = () => `/posts/${reportPost.id}/confirm`;
    const confirmationsOf = () => t.em().count(confirmation_entity_1.Confirmation, { report: { post: reportPost.id } });
    const confirmationCount = async () => (await t.em().findOneOrFail(field_report_entity_1.FieldReport, { post: reportPost.id })).confirmationCount;
    (0, node_test_1.before)(async () => {
        t = await boardApp();
        [alice, bob, carol] = [await member(t), await member(t), await member(t)];
        reportPost = await createPost(t, alice, report());
    });
    (0, node_test_1.after)(() => t.close());
    (0, node_test_1.it)('counts another member’s confirmation by their platform and shows it on the report', async () => {
        const page = await bob.agent.get(THREAD).expect(200);
        strict_1.default.deepEqual(Object.keys(formFields(page.text, confirmPath())).sort(), ['_csrf', 'platform', 'platformOther']);
        strict_1.default.equal(selectedOption(page.text, `confirm-platform-${reportPost.id}`), 'win2000-sp4', 'the report’s platform is preselected');
        const res = await submit(bob, confirmPath(), { platform: 'ws2003', platformOther: '' }).expect(303);
        strict_1.default.equal(res.headers.location, `${THREAD}#p1`);
        const c = await t.em().findOneOrFail(confirmation_entity_1.Confirmation, { report: { post: reportPost.id }, user: bob.user.id }, { populate: ['platform'] });
        strict_1.default.equal(c.platform?.getEntity().key, 'ws2003');
        strict_1.default.equal(await confirmationCount(), 1);
        await assertCountersExact(t);
        const seen = await carol.agent.get(THREAD).expect(200);
        const count = textOf(one(postItem(seen.text, 1), (e) => hasClass(e, 'confirmations__count')));
        strict_1.default.ok(count.startsWith(msg('confirm.count', { count: 1 })), count);
        strict_1.default.ok(count.includes('Windows Server 2003 1'), count);
        strict_1.default.deepEqual(renderedTable(seen.text)?.['Windows Server 2003'], [0, 1, 0, 0]);
        strict_1.default.deepEqual(renderedTable(seen.text), await expectedTable(t));
        await (0, html_1.assertValidHtml)(seen.text, 'thread with a confirmed report');
        const mine = await bob.agent.get(THREAD).expect(200);
        const item = postItem(mine.text, 1);
        strict_1.default.equal(one(item, (e) => e.name === 'form' && e.attribs.action === confirmPath()), null, 'no second confirm form');
        strict_1.default.ok(one(item, (e) => e.name === 'form' && e.attribs.action === `/posts/${reportPost.id}/unconfirm`), 'a withdraw form instead');
        await (0, html_1.assertValidHtml)(mine.text, 'thread (confirmer)');
    });
    (0, node_test_1.it)('counts a second confirmation by the same member once', async () => {
        await submit(bob, confirmPath(), { platform: 'winxp-sp2' }).expect(303);
        strict_1.default.equal(await confirmationsOf(), 1);
        strict_1.default.equal(await confirmationCount(), 1);
        await assertCountersExact(t);
    });
    (0, node_test_1.it)('does not let the author confirm their own report (403)', async () => {
        const page = await alice.agent.get(THREAD).expect(200);
        strict_1.default.equal(one(postItem(page.text, 1), (e) => e.name === 'form' && e.attribs.action === confirmPath()), null, 'no confirm form for the author');
        const before = await snapshot(t);
        await submit(alice, confirmPath(), { platform: 'win2000-sp4' }).expect(403);
        await assertNothingSaved(t, before);
    });
    (0, node_test_1.it)('refuses a guest, a plain post and an unknown platform without counting', async () => {
        const before = await snapshot(t);
        await (0, supertest_1.default)(t.http).post(confirmPath()).type('form').send('platform=ws2003').expect((r) => strict_1.default.ok([401, 403].includes(r.status), String(r.status)));
        const plain = await createPost(t, carol, { body: '返信です' });
        const afterPlain = await snapshot(t);
        await submit(bob, `/posts/${plain.id}/confirm`, { platform: 'ws2003' }).expect(404);
        await submit(carol, confirmPath(), { platform: 'win95' }).expect(303);
        await submit(carol, confirmPath(), { platform: 'other', platformOther: '' }).expect(303);
        await submit(carol, '/posts/999999/confirm', { platform: 'ws2003' }).expect(404);
        strict_1.default.equal(before.confirmations, afterPlain.confirmations);
        await assertNothingSaved(t, afterPlain);
    });
    (0, node_test_1.it)('brings the counts back when a confirmation is withdrawn', async () => {
        await submit(carol, confirmPath(), { platform: 'other', platformOther: 'Windows 2000 Datacenter' }).expect(303);
        strict_1.default.equal(await confirmationCount(), 2);
        strict_1.default.deepEqual((await expectedTable(t))[OTHER_LABEL], [0, 1, 0, 0]);
        await assertCountersExact(t);
        await submit(bob, `/posts/${reportPost.id}/unconfirm`).expect(303);
        await submit(carol, `/posts/${reportPost.id}/unconfirm`).expect(303);
        await submit(carol, `/posts/${reportPost.id}/unconfirm`).expect(303);
        strict_1.default.equal(await confirmationsOf(), 0);
        strict_1.default.equal(await confirmationCount(), 0);
        await assertCountersExact(t);
        const page = await (0, supertest_1.default)(t.http).get(THREAD).expect(200);
        strict_1.default.equal(textOf(one(postItem(page.text, 1), (e) => hasClass(e, 'confirmations__count'))), msg('confirm.count', { count: 0 }));
        strict_1.default.deepEqual(renderedTable(page.text), await expectedTable(t));
        strict_1.default.deepEqual(renderedTable(page.text)['Windows Server 2003'], [0, 0, 0, 0]);
    });
    (0, node_test_1.it)('counts 50 parallel confirmations from one session exactly once', async () => {
        const statuses = await Promise.all(Array.from({ length: 50 }, () => submit(carol, confirmPath(), { platform: 'winxp-sp1' }).then((r) => r.status)));
        strict_1.default.deepEqual([...new Set(statuses)], [303], statuses.join());
        strict_1.default.equal(await t.em().count(confirmation_entity_1.Confirmation, { report: { post: reportPost.id }, user: carol.user.id }), 1);
        strict_1.default.equal(await confirmationCount(), 1);
        strict_1.default.equal(await t.em().count(notification_entity_1.Notification, { user: alice.user.id, kind: 'confirmation', actor: carol.user.id, readAt: null }), 2, 'one notification per counted confirmation');
        await assertCountersExact(t);
    });
    (0, node_test_1.it)('counts 20 members confirming in parallel as 20', async () => {
        const crowd = [];
        for (let i = 0; i < 20; i++)
            crowd.push(await member(t));
        const keys = ['win2000-sp4', 'ws2003', 'winxp-sp2', 'nt4-server-sp6a'];
        const statuses = await Promise.all(crowd.map((m, i) => submit(m, confirmPath(), { platform: keys[i % keys.length] }).then((r) => r.status)));
        strict_1.default.deepEqual([...new Set(statuses)], [303], statuses.join());
        strict_1.default.equal(await confirmationsOf(), 21);
        strict_1.default.equal(await confirmationCount(), 21);
        await assertCountersExact(t);
        const page = await (0, supertest_1.default)(t.http).get(THREAD).expect(200);
        strict_1.default.ok(textOf(postItem(page.text, 1)).includes(msg('confirm.count', { count: 21 })));
        strict_1.default.deepEqual(renderedTable(page.text), await expectedTable(t));
        strict_1.default.deepEqual(renderedTable(page.text)['Windows 2000 SP4'], [0, 1 + 5, 0, 0], 'the report itself and 5 confirmations');
    });
});
(0, node_test_1.describe)('statistics', () => {
    let t;
    let members;
    (0, node_test_1.before)(async () => {
        t = await boardApp();
        members = [];
        for (let i = 0; i < 10; i++)
            members.push(await member(t));
    });
    (0, node_test_1.after)(() => t.close());
    (0, node_test_1.it)('equal a recount after a mix of reports, replies, confirmations, withdrawals and a deletion; so does the thread’s table', async () => {
        const [a, b, c, d, e] = members;
        const r1 = await createPost(t, a, report());
        const r2 = await createPost(t, b, report({ outcome: 'success', platform: 'ws2003', hosts: '120' }));
        const r3 = await createPost(t, c, report({ outcome: 'rolled-back', platform: 'other', platformOther: 'Windows 2000 Server 日本語版' }));
        const r4 = await createPost(t, d, report({ outcome: 'install-failed', platform: 'winxp-sp2' }));
        await createPost(t, e, { body: '様子見します。', replyTo: String(r1.id) });
        for (const [m, post, fields] of [
            [b, r1, { platform: 'win2000-sp4' }],
            [c, r1, { platform: 'ws2003' }],
            [d, r1, { platform: 'other', platformOther: 'NT 4.0 Workstation' }],
            [a, r2, { platform: 'winxp-sp1a' }],
            [e, r3, { platform: 'win2000-sp3' }],
            [a, r4, { platform: 'winxp-sp2' }],
            [b, r4, { platform: 'winxp-sp2' }],
        ]) {
            await submit(m, `/posts/${post.id}/confirm`, fields).expect(303);
        }
        await submit(c, `/posts/${r1.id}/unconfirm`).expect(303);
        await submit(d, `/posts/${r4.id}/delete`).expect(303);
        await submit(b, `/posts/${r4.id}/unconfirm`).expect(303);
        const truth = await assertCountersExact(t);
        strict_1.default.equal(truth.reportCount, 3);
        strict_1.default.equal(truth.problemCount, 2);
        const expected = await expectedTable(t);
        strict_1.default.deepEqual(expected['Windows 2000 SP4'], [0, 2, 0, 0]);
        strict_1.default.deepEqual(expected['Windows Server 2003'], [1, 0, 0, 0]);
        strict_1.default.deepEqual(expected['Windows XP SP2'], [0, 0, 0, 0]);
        strict_1.default.deepEqual(expected[OTHER_LABEL], [0, 1, 0, 1]);
        const page = await (0, supertest_1.default)(t.http).get(THREAD).expect(200);
        strict_1.default.deepEqual(renderedTable(page.text), expected, 'the thread’s table equals a recount');
        const header = textOf(one((0, htmlparser2_1.parseDocument)(page.text), (x) => hasClass(x, 'thread-header__counts')));
        strict_1.default.ok(header.includes(msg('thread.reportCount', { count: 3 })) && header.includes(msg('thread.problemCount', { count: 2 })), header);
    });
    (0, node_test_1.it)('shows the same table on the bulletin page', async () => {
        const page = await (0, supertest_1.default)(t.http).get(BULLETIN).expect(200);
        const table = renderedTable(page.text);
        strict_1.default.ok(table, 'the bulletin page shows the per-platform table');
        strict_1.default.deepEqual(table, await expectedTable(t));
        await (0, html_1.assertValidHtml)(page.text, 'bulletin with statistics');
    });
    (0, node_test_1.it)('stay exact under 50 concurrent posts and confirmations from 10 members, with dense numbers', async () => {
        const targets = [];
        for (const [i, m] of members.entries()) {
            targets.push(await createPost(t, m, report({ outcome: i % 3 === 0 ? 'success' : 'problem', platform: ['win2000-sp4', 'ws2003', 'winxp-sp2', 'other'][i % 4], platformOther: 'Windows 2000 (その他)' })));
        }
        const before = (await threadRow(t)).postCount;
        const ops = Array.from({ length: 50 }, (_, i) => {
            const kind = i % 5;
            const round = Math.floor(i / 5);
            if (kind === 1 || kind === 3) {
                const c = (round + (kind === 3 ? 5 : 0)) % members.length;
                const target = targets[(c + 1 + (i % 3)) % targets.length];
                return submit(members[c], `/posts/${target.id}/confirm`, kind === 1 ? { platform: 'ws2003' } : { platform: 'other', platformOther: '自作機' });
            }
            const m = members[(round + kind) % members.length];
            if (kind === 4)
                return postTo(m, { body: `返信 ${i}`, replyTo: String(targets[i % targets.length].id) });
            return postTo(m, report({ outcome: 'problem', platform: kind === 0 ? 'ws2003' : 'other', platformOther: 'Windows 2000 (NEC)', hosts: String(i + 1), body: `報告 ${i}` }));
        });
        const statuses = await Promise.all(ops.map((p) => p.then((r) => r.status)));
        strict_1.default.deepEqual([...new Set(statuses)], [303], statuses.join());
        const truth = await assertCountersExact(t);
        const thread = await threadRow(t);
        strict_1.default.equal(thread.postCount, before + 30, '30 new posts, numbered without gaps');
        strict_1.default.ok(truth.reportCount > 0);
        const page = await (0, supertest_1.default)(t.http).get(THREAD).expect(200);
        strict_1.default.deepEqual(renderedTable(page.text), await expectedTable(t));
    });
});
(0, node_test_1.describe)('double submissions (parallel requests from one session)', () => {
    let t;
    let alice;
    let bob;
    (0, node_test_1.before)(async () => {
        t = await boardApp();
        [alice, bob] = [await member(t), await member(t)];
    });
    (0, node_test_1.after)(() => t.close());
    const burst = (n, send) => Promise.all(Array.from({ length: n }, () => send().then((r) => r.status)));
    (0, node_test_1.it)('takes a report out of the statistics once when its delete is sent 20 times at once', async () => {
        const keep = await createPost(t, alice, report({ platform: 'ws2003' }));
        const post = await createPost(t, alice, report({ platform: 'ws2003' }));
        await submit(bob, `/posts/${post.id}/confirm`, { platform: 'ws2003' }).expect(303);
        await submit(bob, `/posts/${keep.id}/confirm`, { platform: 'ws2003' }).expect(303);
        const statuses = await burst(20, () => submit(alice, `/posts/${post.id}/delete`));
        strict_1.default.ok(statuses.every((s) => s === 303 || s === 403), statuses.join());
        strict_1.default.ok(statuses.includes(303));
        strict_1.default.equal((await t.em().findOneOrFail(post_entity_1.Post, post.id)).state, 'deleted');
        await assertCountersExact(t);
        strict_1.default.deepEqual((await expectedTable(t))['Windows Server 2003'], [0, 2, 0, 0], 'the other report and its confirmation still count');
    });
    (0, node_test_1.it)('withdraws a confirmation once when the withdrawal is sent 20 times at once', async () => {
        const post = await createPost(t, alice, report({ platform: 'winxp-sp2', outcome: 'install-failed' }));
        const other = await member(t);
        await submit(bob, `/posts/${post.id}/confirm`, { platform: 'winxp-sp2' }).expect(303);
        await submit(other, `/posts/${post.id}/confirm`, { platform: 'winxp-sp2' }).expect(303);
        const statuses = await burst(20, () => submit(bob, `/posts/${post.id}/unconfirm`));
        strict_1.default.deepEqual([...new Set(statuses)], [303], statuses.join());
        strict_1.default.equal((await t.em().findOneOrFail(field_report_entity_1.FieldReport, { post: post.id })).confirmationCount, 1);
        await assertCountersExact(t);
        strict_1.default.deepEqual((await expectedTable(t))['Windows XP SP2'], [0, 0, 2, 0], 'the report and the other member’s confirmation');
    });
    (0, node_test_1.it)('saves an edit sent 10 times at once without a server error, keeping one revision per change', async () => {
        const post = await createPost(t, alice, { body: '元の本文' });
        const statuses = await burst(10, () => submit(alice, `/posts/${post.id}/edit`, { body: '直した本文' }));
        strict_1.default.deepEqual([...new Set(statuses)], [303], statuses.join());
        const row = await t.em().findOneOrFail(post_entity_1.Post, post.id);
        strict_1.default.equal(row.bodySource, '直した本文');
        const revisions = await t.em().find(post_revision_entity_1.PostRevision, { post: post.id }, { orderBy: { revision: 'asc' } });
        strict_1.default.deepEqual(revisions.map((r) => [r.revision, r.bodySource]), [[1, '元の本文']], 'the same change is one revision');
        strict_1.default.equal(row.revisionCount, 1);
    });
});
(0, node_test_1.describe)('pages of a long thread', () => {
    let t;
    let alice;
    let bob;
    let mod;
    let posts;
    (0, node_test_1.before)(async () => {
        t = await boardApp();
        [alice, bob, mod] = [await member(t), await member(t), await member(t, viewer_1.Role.Moderator)];
        posts = await servicePosts(t, alice.user, 120, (i) => ({ body: `投稿 ${i + 1}` }));
    });
    (0, node_test_1.after)(() => t.close());
    (0, node_test_1.it)('shows #1–#50 on page 1 and #101–#120 on page 3; other pages are 404', async () => {
        const page1 = await (0, supertest_1.default)(t.http).get(THREAD).expect(200);
        strict_1.default.deepEqual(postNumbers(page1.text), Array.from({ length: 50 }, (_, i) => i + 1));
        strict_1.default.equal(bodyText(postItem(page1.text, 50)), '投稿 50');
        strict_1.default.deepEqual(postNumbers((await (0, supertest_1.default)(t.http).get(`${THREAD}?page=1`).expect(200)).text), postNumbers(page1.text));
        const page2 = await (0, supertest_1.default)(t.http).get(`${THREAD}?page=2`).expect(200);
        strict_1.default.deepEqual(postNumbers(page2.text), Array.from({ length: 50 }, (_, i) => i + 51));
        const page3 = await (0, supertest_1.default)(t.http).get(`${THREAD}?page=3`).expect(200);
        strict_1.default.deepEqual(postNumbers(page3.text), Array.from({ length: 20 }, (_, i) => i + 101));
        const pager = one((0, htmlparser2_1.parseDocument)(page3.text), (e) => hasClass(e, 'pager'));
        strict_1.default.ok(pager, 'a pager');
        await (0, html_1.assertValidHtml)(page3.text, 'thread page 3');
        await (0, html_1.assertValidHtml)((await alice.agent.get(`${THREAD}?page=2`).expect(200)).text, 'thread page 2 (member)');
        for (const bad of ['4', '0', 'abc', '-1', '1.5', '99999999', '2abc']) {
            await (0, supertest_1.default)(t.http).get(`${THREAD}?page=${bad}`).expect((r) => strict_1.default.equal(r.status, 404, `?page=${bad}`));
        }
    });
    (0, node_test_1.it)('redirects /posts/:id (302) to the post’s page and anchor', async () => {
        for (const [n, where] of [
            [1, `${THREAD}#p1`],
            [50, `${THREAD}#p50`],
            [51, `${THREAD}?page=2#p51`],
            [75, `${THREAD}?page=2#p75`],
            [120, `${THREAD}?page=3#p120`],
        ]) {
            await (0, supertest_1.default)(t.http).get(`/posts/${posts[n - 1].id}`).expect(302).expect('Location', where);
        }
        await (0, supertest_1.default)(t.http).get('/posts/999999').expect(404);
        await (0, supertest_1.default)(t.http).get('/posts/abc').expect((r) => strict_1.default.ok([400, 404].includes(r.status), String(r.status)));
    });
    (0, node_test_1.it)('leaves a placeholder with the number when a post is deleted, and never reuses the number', async () => {
        const target = posts[4];
        await submit(bob, `/posts/${target.id}/delete`).expect(403);
        const res = await submit(alice, `/posts/${target.id}/delete`).expect(303);
        strict_1.default.equal(res.headers.location, `${THREAD}#p5`);
        const row = await t.em().findOneOrFail(post_entity_1.Post, target.id);
        strict_1.default.equal(row.state, 'deleted');
        strict_1.default.equal(row.number, 5);
        for (const viewer of [(0, supertest_1.default)(t.http), alice.agent, mod.agent]) {
            const page = await viewer.get(THREAD).expect(200);
            const item = postItem(page.text, 5);
            strict_1.default.ok(item, '#5 is still there');
            strict_1.default.equal(textOf(one(item, (e) => hasClass(e, 'post__placeholder'))), `#5 ${msg('post.deleted')}`);
            strict_1.default.equal(one(item, (e) => hasClass(e, 'post__body')), null, 'no body');
            strict_1.default.ok(!textOf(item).includes('投稿 5'), 'the text is gone from the page');
            strict_1.default.equal(postNumbers(page.text).length, 50);
        }
        await (0, supertest_1.default)(t.http).get(`/posts/${target.id}`).expect(302).expect('Location', `${THREAD}#p5`);
        const next = await createPost(t, alice, { body: '次の投稿' });
        strict_1.default.equal(next.number, 121);
        await assertCountersExact(t);
    });
    (0, node_test_1.it)('keeps a deleted post’s text off the reply and quote forms, and refuses replies to it', async () => {
        const target = posts[9];
        await submit(alice, `/posts/${target.id}/delete`).expect(303);
        for (const path of [`/posts/${target.id}/reply`, `/posts/${target.id}/reply?quote=1`]) {
            const res = await bob.agent.get(path);
            strict_1.default.equal(res.status, 404, path);
            strict_1.default.ok(!res.text.includes('投稿 10'), `${path} does not show the deleted text`);
        }
        const before = await snapshot(t, bob.user.id);
        const res = await postTo(bob, { body: '削除済みへの返信', replyTo: String(target.id) }).expect(422);
        strict_1.default.equal(fieldError(res.text, 'f-body'), msg('post.replyTo.invalid'));
        await assertNothingSaved(t, before, bob.user.id);
    });
    (0, node_test_1.it)('shows a hidden post to its author and moderators; others see the placeholder', async () => {
        const target = posts[5];
        await t.em().nativeUpdate(post_entity_1.Post, { id: target.id }, { state: 'hidden', stateReason: 'スパム' });
        for (const [who, viewer] of [['author', alice.agent], ['moderator', mod.agent]]) {
            const page = await viewer.get(THREAD).expect(200);
            const item = postItem(page.text, 6);
            strict_1.default.equal(bodyText(item), '投稿 6', who);
            strict_1.default.ok(one(item, (e) => hasClass(e, 'badge--hidden')), `${who} sees the hidden badge`);
            await viewer.get(`/posts/${target.id}`).expect(302);
            await (0, html_1.assertValidHtml)(page.text, `thread with a hidden post (${who})`);
        }
        for (const [who, viewer] of [['member', bob.agent], ['guest', (0, supertest_1.default)(t.http)]]) {
            const page = await viewer.get(THREAD).expect(200);
            const item = postItem(page.text, 6);
            strict_1.default.ok(item, `${who} sees #6`);
            strict_1.default.equal(textOf(one(item, (e) => hasClass(e, 'post__placeholder'))), `#6 ${msg('post.hiddenPlaceholder')}`, who);
            strict_1.default.ok(!page.text.includes('投稿 6<'), `${who} does not get the text`);
            await viewer.get(`/posts/${target.id}`).expect(404);
        }
    });
    (0, node_test_1.it)('shows a held post to its author and moderators only; it is absent for everyone else', async () => {
        const target = posts[6];
        await t.em().nativeUpdate(post_entity_1.Post, { id: target.id }, { state: 'held' });
        for (const [who, viewer] of [['author', alice.agent], ['moderator', mod.agent]]) {
            const page = await viewer.get(THREAD).expect(200);
            const item = postItem(page.text, 7);
            strict_1.default.equal(bodyText(item), '投稿 7', who);
            strict_1.default.ok(one(item, (e) => hasClass(e, 'badge--held')), `${who} sees the held badge`);
            await viewer.get(`/posts/${target.id}`).expect(302).expect('Location', `${THREAD}#p7`);
            await (0, html_1.assertValidHtml)(page.text, `thread with a held post (${who})`);
        }
        for (const [who, viewer] of [['member', bob.agent], ['guest', (0, supertest_1.default)(t.http)]]) {
            const page = await viewer.get(THREAD).expect(200);
            strict_1.default.equal(postItem(page.text, 7), null, `${who} does not see #7 at all`);
            strict_1.default.ok(!page.text.includes('投稿 7<'), who);
            strict_1.default.deepEqual(postNumbers(page.text).slice(5, 7), [6, 8]);
            await viewer.get(`/posts/${target.id}`).expect(404);
        }
        await bob.agent.get(`/posts/${target.id}/reply`).expect(404);
    });
});
(0, node_test_1.describe)('editing and deleting', () => {
    let t;
    let alice;
    let bob;
    let carol;
    let mod;
    (0, node_test_1.before)(async () => {
        t = await boardApp();
        [alice, bob, carol, mod] = [await member(t), await member(t), await member(t), await member(t, viewer_1.Role.Moderator)];
    });
    (0, node_test_1.after)(() => t.close());
    async function editedMark(viewer, n) {
        const page = await viewer.get(THREAD).expect(200);
        const mark = one(postItem(page.text, n), (e) => hasClass(e, 'post__edited'));
        if (!mark)
            return null;
        strict_1.default.equal(textOf(mark), msg('post.edited'));
        return mark.name === 'a' ? mark.attribs.href : '';
    }
    (0, node_test_1.it)('keeps the old text as a revision; the mark links to the revisions for the author and moderators only', async () => {
        const post = await createPost(t, alice, { body: '最初の本文' });
        strict_1.default.equal(await editedMark(alice.agent, post.number), null, 'no mark before an edit');
        const form = await alice.agent.get(`/posts/${post.id}/edit`).expect(200);
        strict_1.default.equal(textareaText(form.text, 'e-body'), '最初の本文');
        await (0, html_1.assertValidHtml)(form.text, 'edit form');
        const res = await submit(alice, `/posts/${post.id}/edit`, { body: '直した本文 **強調**' }).expect(303);
        strict_1.default.equal(res.headers.location, `${THREAD}#p${post.number}`);
        const saved = await t.em().findOneOrFail(post_entity_1.Post, post.id);
        strict_1.default.equal(saved.bodySource, '直した本文 **強調**');
        strict_1.default.match(saved.bodyHtml, /<strong>強調<\/strong>/);
        strict_1.default.equal(saved.revisionCount, 1);
        strict_1.default.ok(saved.editedAt);
        const revisions = await t.em().find(post_revision_entity_1.PostRevision, { post: post.id }, { populate: ['editor'] });
        strict_1.default.deepEqual(revisions.map((r) => [r.revision, r.bodySource, r.editor.getEntity().username]), [[1, '最初の本文', alice.user.username]]);
        const link = `/posts/${post.id}/revisions`;
        strict_1.default.equal(await editedMark(alice.agent, post.number), link);
        strict_1.default.equal(await editedMark(mod.agent, post.number), link);
        strict_1.default.equal(await editedMark(bob.agent, post.number), '', 'others see the mark without a link');
        strict_1.default.equal(await editedMark((0, supertest_1.default)(t.http), post.number), '');
        for (const viewer of [alice.agent, mod.agent]) {
            const page = await viewer.get(link).expect(200);
            const sources = all((0, htmlparser2_1.parseDocument)(page.text), (e) => hasClass(e, 'revision__source')).map((e) => htmlparser2_1.DomUtils.textContent(e));
            strict_1.default.deepEqual(sources, ['直した本文 **強調**', '最初の本文']);
            await (0, html_1.assertValidHtml)(page.text, 'revisions');
        }
        await bob.agent.get(link).expect(403);
        await (0, supertest_1.default)(t.http).get(link).expect((r) => strict_1.default.ok([401, 403, 404].includes(r.status), String(r.status)));
        await submit(alice, `/posts/${post.id}/edit`, { body: '直した本文 **強調**' }).expect(303);
        strict_1.default.equal(await t.em().count(post_revision_entity_1.PostRevision, { post: post.id }), 1);
    });
    (0, node_test_1.it)('does not let another member edit (403) and leaves the post as it was', async () => {
        const post = await createPost(t, alice, { body: 'アリスの投稿' });
        const page = await bob.agent.get(THREAD).expect(200);
        strict_1.default.equal(one(postItem(page.text, post.number), (e) => e.name === 'a' && e.attribs.href === `/posts/${post.id}/edit`), null, 'no edit link');
        await bob.agent.get(`/posts/${post.id}/edit`).expect(403);
        await submit(bob, `/posts/${post.id}/edit`, { body: '書き換え' }).expect(403);
        const row = await t.em().findOneOrFail(post_entity_1.Post, post.id);
        strict_1.default.equal(row.bodySource, 'アリスの投稿');
        strict_1.default.equal(row.revisionCount, 0);
        strict_1.default.equal(await t.em().count(post_revision_entity_1.PostRevision, { post: post.id }), 0);
        await (0, supertest_1.default)(t.http).get(`/posts/${post.id}/edit`).expect(401);
    });
    (0, node_test_1.it)('refuses an empty edit with 422, keeping the post', async () => {
        const post = await createPost(t, alice, { body: '空にしない' });
        const res = await submit(alice, `/posts/${post.id}/edit`, { body: '  ' }).expect(422);
        strict_1.default.equal(fieldError(res.text, 'e-body'), msg('post.body.required'));
        strict_1.default.equal(textareaText(res.text, 'e-body'), '  ');
        await (0, html_1.assertValidHtml)(res.text, 'edit form 422');
        strict_1.default.equal((await t.em().findOneOrFail(post_entity_1.Post, post.id)).bodySource, '空にしない');
    });
    (0, node_test_1.it)('round-trips </textarea><script> through the edit form as text', async () => {
        const source = '</textarea><script>alert(1)</script>\n"quoted" & \'single\' `tick` =';
        const post = await createPost(t, alice, { body: source });
        const form = await alice.agent.get(`/posts/${post.id}/edit`).expect(200);
        const d = (0, htmlparser2_1.parseDocument)(form.text);
        strict_1.default.equal(all(d, (e) => e.name === 'script').length, 0, 'no script element on the page');
        strict_1.default.equal(all(d, (e) => e.name === 'textarea').length, 1, 'one textarea');
        strict_1.default.equal(textareaText(form.text, 'e-body'), source, 'the textarea holds exactly the source');
        await (0, html_1.assertValidHtml)(form.text, 'edit form with markup in the source');
        await submit(alice, `/posts/${post.id}/edit`, formFields(form.text, `/posts/${post.id}/edit`)).expect(303);
        const row = await t.em().findOneOrFail(post_entity_1.Post, post.id);
        strict_1.default.equal(row.bodySource, source);
        strict_1.default.equal(row.revisionCount, 0);
        const page = await (0, supertest_1.default)(t.http).get(THREAD).expect(200);
        strict_1.default.equal(all((0, htmlparser2_1.parseDocument)(page.text), (e) => e.name === 'script').length, 0);
    });
    (0, node_test_1.it)('deletes one’s own report softly and takes it and its confirmations out of the statistics', async () => {
        const post = await createPost(t, alice, report());
        await submit(bob, `/posts/${post.id}/confirm`, { platform: 'ws2003' }).expect(303);
        await submit(carol, `/posts/${post.id}/confirm`, { platform: 'other', platformOther: 'NT 3.51' }).expect(303);
        await assertCountersExact(t);
        const table = await expectedTable(t);
        strict_1.default.deepEqual([table['Windows 2000 SP4'], table['Windows Server 2003'], table[OTHER_LABEL]], [[0, 1, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0]]);
        await submit(bob, `/posts/${post.id}/delete`).expect(403);
        await submit(alice, `/posts/${post.id}/delete`).expect(303);
        const row = await t.em().findOneOrFail(post_entity_1.Post, post.id);
        strict_1.default.equal(row.state, 'deleted');
        strict_1.default.ok(await t.em().findOne(field_report_entity_1.FieldReport, { post: post.id }), 'the report row stays (soft delete)');
        const thread = await threadRow(t);
        strict_1.default.equal(thread.reportCount, 0);
        strict_1.default.equal(thread.problemCount, 0);
        await assertCountersExact(t);
        const page = await (0, supertest_1.default)(t.http).get(THREAD).expect(200);
        strict_1.default.equal(textOf(one(postItem(page.text, post.number), (e) => hasClass(e, 'post__placeholder'))), `#${post.number} ${msg('post.deleted')}`);
        strict_1.default.equal(renderedTable(page.text), null, 'the table is empty again');
        strict_1.default.ok(textOf(byId((0, htmlparser2_1.parseDocument)(page.text), 'stats-title').parent).includes(msg('stats.empty')));
        await alice.agent.get(`/posts/${post.id}/edit`).expect(403);
        await submit(alice, `/posts/${post.id}/delete`).expect(403);
        await submit(mod, `/posts/${post.id}/confirm`, { platform: 'ws2003' }).expect(403);
        await submit(bob, `/posts/${post.id}/unconfirm`).expect(303);
        await assertCountersExact(t);
    });
});
(0, node_test_1.describe)('watching and notifications', () => {
    let t;
    let alice;
    let bob;
    let carol;
    let alicePost;
    (0, node_test_1.before)(async () => {
        t = await boardApp();
        [alice, bob, carol] = [await member(t), await member(t), await member(t)];
    });
    (0, node_test_1.after)(() => t.close());
    const notificationsOf = (m) => t.em().find(notification_entity_1.Notification, { user: m.user.id }, { orderBy: { id: 'asc' }, populate: ['post'] });
    const unreadOf = async (m) => (await userRow(t, m.user.id)).unreadNotifications;
    async function assertUnread(m, n) {
        strict_1.default.equal(await t.em().count(notification_entity_1.Notification, { user: m.user.id, readAt: null }), n, 'unread rows');
        strict_1.default.equal(await unreadOf(m), n, 'users.unread_notifications');
        strict_1.default.equal(unreadCount((await m.agent.get('/').expect(200)).text), n, 'the header count');
    }
    (0, node_test_1.it)('watches the thread on posting', async () => {
        strict_1.default.equal(await t.em().count(watch_entity_1.Watch, { user: alice.user.id }), 0);
        const before = await alice.agent.get(THREAD).expect(200);
        strict_1.default.ok(textOf(byId((0, htmlparser2_1.parseDocument)(before.text), 'main')).includes(msg('thread.watch')));
        alicePost = await createPost(t, alice, { body: 'アリスの最初の投稿' });
        strict_1.default.equal(await t.em().count(watch_entity_1.Watch, { user: alice.user.id, advisory: ID }), 1);
        const page = await alice.agent.get(THREAD).expect(200);
        strict_1.default.ok(one((0, htmlparser2_1.parseDocument)(page.text), (e) => e.name === 'form' && e.attribs.action === `${BULLETIN}/watch`), 'a watch form');
        strict_1.default.ok(textOf(one((0, htmlparser2_1.parseDocument)(page.text), (e) => hasClass(e, 'thread-header__actions'))).includes(msg('thread.unwatch')));
        await createPost(t, alice, { body: '二つ目' });
        strict_1.default.equal(await t.em().count(watch_entity_1.Watch, { user: alice.user.id }), 1, 'watching twice is one watch');
    });
    (0, node_test_1.it)('tells a watcher of a new field report by someone else, not of plain posts', async () => {
        const bobs = await createPost(t, bob, { body: 'ボブの返信ではない投稿' });
        await createPost(t, bob, { body: '自分への補足', replyTo: String(bobs.id) });
        await assertUnread(alice, 0);
        await assertUnread(bob, 0);
        const bobReport = await createPost(t, bob, report());
        const list = await notificationsOf(alice);
        strict_1.default.deepEqual(list.map((n) => [n.kind, n.post.id, n.actor?.id]), [['report', bobReport.id, bob.user.id]]);
        await assertUnread(alice, 1);
        strict_1.default.equal((await notificationsOf(bob)).length, 0, 'not of one’s own report');
        strict_1.default.equal((await notificationsOf(carol)).length, 0, 'not watching, not told');
    });
    (0, node_test_1.it)('tells a post’s author of a reply, a quote and a confirmation', async () => {
        const replyPage = await bob.agent.get(`/posts/${alicePost.id}/reply`).expect(200);
        await (0, html_1.assertValidHtml)(replyPage.text, 'reply form');
        const replyFields = formFields(replyPage.text, THREAD);
        strict_1.default.equal(replyFields.replyTo, String(alicePost.id));
        strict_1.default.equal(replyFields.quote, undefined);
        const reply = await createPost(t, bob, { ...replyFields, _csrf: bob.csrf, body: '同じ症状です。' });
        strict_1.default.equal(reply.replyTo?.id, alicePost.id);
        const quotePage = await carol.agent.get(`/posts/${alicePost.id}/reply?quote=1`).expect(200);
        await (0, html_1.assertValidHtml)(quotePage.text, 'quote form');
        const quoteFields = formFields(quotePage.text, THREAD);
        strict_1.default.equal(quoteFields.quote, 'on');
        strict_1.default.equal(quoteFields.body, `> **#${alicePost.number} ${alice.user.username}** さん:\n>\n> アリスの最初の投稿\n\n`);
        const quote = await createPost(t, carol, { ...quoteFields, _csrf: carol.csrf, body: `${quoteFields.body}うちでも再現しました。` });
        strict_1.default.ok(one((0, htmlparser2_1.parseDocument)(quote.bodyHtml), (e) => e.name === 'blockquote'));
        const aliceReport = await createPost(t, alice, report({ outcome: 'success', platform: 'ws2003' }));
        await submit(carol, `/posts/${aliceReport.id}/confirm`, { platform: 'ws2003' }).expect(303);
        const kinds = (await notificationsOf(alice)).map((n) => [n.kind, n.post.id]);
        strict_1.default.deepEqual(kinds.slice(1), [['reply', reply.id], ['quote', quote.id], ['confirmation', aliceReport.id]]);
        strict_1.default.deepEqual((await notificationsOf(bob)).map((n) => n.kind), ['report']);
        strict_1.default.deepEqual((await notificationsOf(carol)).map((n) => n.kind), ['report']);
        await assertUnread(alice, 4);
    });
    (0, node_test_1.it)('lists notifications newest first, linking to the posts, and marks one and then all read', async () => {
        const page = await alice.agent.get('/notifications').expect(200);
        await (0, html_1.assertValidHtml)(page.text, 'notifications');
        const d = (0, htmlparser2_1.parseDocument)(page.text);
        const items = all(d, (e) => e.name === 'li' && hasClass(e, 'notification'));
        const rows = [...(await notificationsOf(alice))].reverse();
        strict_1.default.equal(items.length, rows.length);
        for (const [i, item] of items.entries()) {
            const link = one(item, (e) => e.name === 'a');
            const n = rows[i];
            const post = n.post.getEntity();
            const page = Math.ceil(post.number / 50);
            strict_1.default.equal(link.attribs.href, `${THREAD}${page > 1 ? `?page=${page}` : ''}#p${post.number}`, `notification ${i} links to its post`);
            strict_1.default.ok(hasClass(item, 'notification--unread'));
        }
        strict_1.default.ok(textOf(items[0]).includes(msg('notifications.kind.confirmation', { actor: carol.user.username, number: rows[0].post.getEntity().number })));
        const first = rows[0];
        const res = await submit(alice, '/notifications/read', { id: String(first.id) }).expect(303);
        strict_1.default.equal(res.headers.location, '/notifications');
        await assertUnread(alice, 3);
        strict_1.default.ok((await t.em().findOneOrFail(notification_entity_1.Notification, first.id)).readAt);
        await submit(alice, '/notifications/read', { id: String(first.id) }).expect(303);
        await assertUnread(alice, 3);
        const bobs = (await notificationsOf(bob))[0];
        await submit(alice, '/notifications/read', { id: String(bobs.id) }).expect(303);
        strict_1.default.equal((await t.em().findOneOrFail(notification_entity_1.Notification, bobs.id)).readAt, null);
        await submit(alice, '/notifications/read').expect(303);
        await assertUnread(alice, 0);
        const after = await alice.agent.get('/notifications').expect(200);
        strict_1.default.equal(all((0, htmlparser2_1.parseDocument)(after.text), (e) => hasClass(e, 'notification--unread')).length, 0);
        strict_1.default.equal(one((0, htmlparser2_1.parseDocument)(after.text), (e) => hasClass(e, 'unread-count')), null, 'no count in the header');
        await (0, html_1.assertValidHtml)(after.text, 'notifications, all read');
        await (0, supertest_1.default)(t.http).get('/notifications').expect(401);
    });
    (0, node_test_1.it)('stops report notifications after unwatching, and starts again on watching', async () => {
        const res = await submit(alice, `${BULLETIN}/watch`, { watch: 'off' }).expect(303);
        strict_1.default.equal(res.headers.location, THREAD);
        strict_1.default.equal(await t.em().count(watch_entity_1.Watch, { user: alice.user.id }), 0);
        await createPost(t, bob, report({ outcome: 'rolled-back' }));
        await assertUnread(alice, 0);
        await submit(alice, `${BULLETIN}/watch`).expect(303);
        strict_1.default.equal(await t.em().count(watch_entity_1.Watch, { user: alice.user.id }), 1);
        const another = await createPost(t, bob, report({ outcome: 'install-failed' }));
        const last = (await notificationsOf(alice)).at(-1);
        strict_1.default.deepEqual([last.kind, last.post.id], ['report', another.id]);
        await assertUnread(alice, 1);
        await (0, supertest_1.default)(t.http).post(`${BULLETIN}/watch`).type('form').send('watch=on').expect((r) => strict_1.default.ok([401, 403].includes(r.status)));
    });
});
(0, node_test_1.describe)('script in posts (XSS through the real form)', () => {
    const PAYLOADS = [
        '<script>alert(1)</script>',
        '<img src=x onerror=alert(1)>',
        '[x](javascript:alert(1))',
        '[x](JaVaScRiPt:alert(1))',
        '[x](&#106;avascript:alert(1))',
        '[x](data:text/html,<script>alert(1)</script>)',
        '<svg onload=alert(1)>',
        '<iframe src=//evil>',
        '<form action=//evil><input name=x>',
        '<style>*{}</style>',
        '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
        '</textarea><script>alert(1)</script>',
        '[x](//evil.example/path)',
        '[x](vbscript:msgbox(1))',
        '<a href="javascript:alert(1)">x</a>',
        '"><script>alert(1)</script>',
        "' onmouseover='alert(1)",
        '[x](https://example.com/" onmouseover="alert(1))',
    ];
    const STORED_TAGS = new Set(['p', 'br', 'em', 'strong', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'h3', 'h4', 'hr']);
    const FORBIDDEN_IN_BODY = new Set(['script', 'iframe', 'svg', 'math', 'style', 'img', 'form', 'input', 'object', 'embed', 'link', 'meta', 'base', 'textarea', 'button', 'select']);
    let t;
    let alice;
    (0, node_test_1.before)(async () => {
        t = await boardApp();
        alice = await member(t);
    });
    (0, node_test_1.after)(() => t.close());
    function assertInert(html, label) {
        const d = (0, htmlparser2_1.parseDocument)(html);
        for (const body of all(d, (e) => hasClass(e, 'post__body'))) {
            const bad = all(body, (e) => FORBIDDEN_IN_BODY.has(e.name)).map((e) => e.name);
            strict_1.default.deepEqual(bad, [], `${label}: elements inside .post__body`);
        }
        strict_1.default.deepEqual(all(d, (e) => e.name === 'script' || e.name === 'iframe').map((e) => e.name), [], `${label}: script or iframe on the page`);
        const handlers = all(d, () => true).flatMap((e) => Object.keys(e.attribs).filter((a) => /^on/i.test(a)).map((a) => `<${e.name} ${a}>`));
        strict_1.default.deepEqual(handlers, [], `${label}: event handler attributes`);
        const badLinks = all(d, (e) => 'href' in e.attribs)
            .map((e) => e.attribs.href)
            .filter((href) => !(/^(?:https?:\/\/|mailto:)/i.test(href) || /^\/(?![/\\])/.test(href) || /^[#?]/.test(href)));
        strict_1.default.deepEqual(badLinks, [], `${label}: links to other schemes or protocol-relative hosts`);
        const badActions = all(d, (e) => e.name === 'form').map((e) => e.attribs.action).filter((a) => !/^\/(?![/\\])/.test(a ?? ''));
        strict_1.default.deepEqual(badActions, [], `${label}: form actions`);
        for (const e of all(d, (x) => 'style' in x.attribs || 'srcdoc' in x.attribs || 'formaction' in x.attribs))
            strict_1.default.fail(`${label}: <${e.name}> with ${Object.keys(e.attribs).join(' ')}`);
    }
    (0, node_test_1.it)('stores and shows every payload inert: in the body, the software and the platform name', async () => {
        for (const payload of PAYLOADS) {
            await createPost(t, alice, { body: payload });
            await createPost(t, alice, { body: payload, outcome: 'problem', platform: 'other', platformOther: payload.slice(0, 100), hosts: '1', software: payload });
        }
        for (const post of await t.em().find(post_entity_1.Post, {})) {
            const stored = (0, htmlparser2_1.parseDocument)(post.bodyHtml);
            const label = `stored HTML of ${JSON.stringify(post.bodySource)}: ${post.bodyHtml}`;
            strict_1.default.deepEqual(all(stored, (e) => !STORED_TAGS.has(e.name)).map((e) => e.name), [], label);
            strict_1.default.deepEqual(all(stored, (e) => Object.keys(e.attribs).some((a) => a !== 'href' && a !== 'rel')).map((e) => e.name), [], label);
            strict_1.default.deepEqual(all(stored, (e) => 'href' in e.attribs && !/^(?:https?:\/\/|mailto:)/i.test(e.attribs.href)).map((e) => e.attribs.href), [], label);
        }
        const pageCount = Math.ceil((await threadRow(t)).postCount / 50);
        for (let p = 1; p <= pageCount; p++) {
            for (const [who, viewer] of [['guest', (0, supertest_1.default)(t.http)], ['author', alice.agent]]) {
                const page = await viewer.get(`${THREAD}${p > 1 ? `?page=${p}` : ''}`).expect(200);
                assertInert(page.text, `thread page ${p} (${who})`);
                await (0, html_1.assertValidHtml)(page.text, `thread with payloads, page ${p} (${who})`);
            }
        }
        const page = await (0, supertest_1.default)(t.http).get(THREAD).expect(200);
        strict_1.default.equal(bodyText(postItem(page.text, 1)), '<script>alert(1)</script>');
        const reportItem = postItem(page.text, 2);
        strict_1.default.ok(textOf(reportItem).includes(`${OTHER_LABEL}: <script>alert(1)</script>`));
    });
    (0, node_test_1.it)('keeps the reply, quote, edit, preview and error pages inert too', async () => {
        const posts = await t.em().find(post_entity_1.Post, {}, { orderBy: { number: 'asc' } });
        for (const post of posts.slice(0, 24)) {
            for (const path of [`/posts/${post.id}/reply`, `/posts/${post.id}/reply?quote=1`, `/posts/${post.id}/edit`]) {
                const page = await alice.agent.get(path).expect(200);
                assertInert(page.text, path);
            }
            const edit = await alice.agent.get(`/posts/${post.id}/edit`).expect(200);
            strict_1.default.equal(textareaText(edit.text, 'e-body'), post.bodySource);
        }
        for (const payload of PAYLOADS) {
            const preview = await postTo(alice, { body: payload, intent: 'preview' }).expect(200);
            assertInert(preview.text, `preview of ${payload}`);
            strict_1.default.equal(textareaText(preview.text, 'f-body'), payload);
            const refused = await postTo(alice, { body: payload, outcome: 'problem', platform: 'other', platformOther: payload, hosts: payload, software: payload }).expect(422);
            assertInert(refused.text, `422 with ${payload}`);
            strict_1.default.equal(inputValue(refused.text, 'f-software'), payload);
            strict_1.default.equal(inputValue(refused.text, 'f-hosts'), payload);
        }
        await (0, html_1.assertValidHtml)((await alice.agent.get(`/posts/${posts[0].id}/reply?quote=1`).expect(200)).text, 'quote of a payload');
    });
});
//# sourceMappingURL=threads.e2e-spec.js.map