"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const strict_1 = __importDefault(require("node:assert/strict"));
const node_test_1 = require("node:test");
const htmlparser2_1 = require("htmlparser2");
const supertest_1 = __importDefault(require("supertest"));
const advisory_view_model_1 = require("../../src/advisories/advisory.view-model");
const i18n_1 = require("../../src/common/i18n/i18n");
const config_1 = require("../../src/config/config");
const known_issue_event_entity_1 = require("../../src/known-issues/known-issue-event.entity");
const known_issue_evidence_entity_1 = require("../../src/known-issues/known-issue-evidence.entity");
const known_issue_entity_1 = require("../../src/known-issues/known-issue.entity");
const audit_entry_entity_1 = require("../../src/moderation/audit-entry.entity");
const notification_entity_1 = require("../../src/notifications/notification.entity");
const viewer_1 = require("../../src/policy/viewer");
const post_entity_1 = require("../../src/threads/post.entity");
const user_entity_1 = require("../../src/users/user.entity");
const advisory_factory_1 = require("../factories/advisory.factory");
const user_factory_1 = require("../factories/user.factory");
const html_1 = require("../support/html");
const test_app_1 = require("../support/test-app");
const DEFAULTS = (0, config_1.loadConfig)({ NODE_ENV: 'test', LOG_REQUESTS: 'false', DEMO_DATA: 'false' }, (0, config_1.findRootDir)(__dirname));
const rule = (limit, windowSeconds = 900) => ({ limit, windowSeconds });
const limits = () => ({ ...DEFAULTS.rateLimits, loginPerIp: rule(10_000), loginPerUser: rule(10_000), registerPerIp: rule(10_000, 3600), postsPerUser: rule(10_000, 60) });
const ID = 'MS04-044';
const BULLETIN = `/advisories/${ID}`;
const THREAD = `${BULLETIN}/thread`;
const KI = `${BULLETIN}/known-issues`;
const KB891531_URL = 'http://support.microsoft.com/default.aspx?scid=kb;ja;891531';
const LABELS = Object.fromEntries((0, advisory_factory_1.referenceDocument)().platforms.map((p) => [p.key, p.label]));
const labelsOf = (keys) => (0, advisory_view_model_1.joinPlatformLabels)(keys.map((k) => LABELS[k]));
async function boardApp() {
    const t = await (0, test_app_1.createTestApp)({ rateLimits: limits() });
    await (0, advisory_factory_1.createAdvisories)(t.app, [(0, advisory_factory_1.referenceDocument)()]);
    return t;
}
const msg = (key, params = {}) => (0, i18n_1.translate)('ja', key, params);
const statusLabel = (s) => msg(`knownIssue.status.${s}`);
async function member(t, role) {
    const { agent, user } = await (0, user_factory_1.signedInAgent)(t.app, role);
    const page = await agent.get('/').expect(200);
    return { user, agent, csrf: (0, user_factory_1.csrfFrom)(page.text) };
}
async function guest(t) {
    const agent = supertest_1.default.agent(t.http);
    const page = await agent.get('/login').expect(200);
    return { agent, csrf: (0, user_factory_1.csrfFrom)(page.text) };
}
function encode(csrf, fields) {
    const params = new URLSearchParams({ _csrf: csrf });
    const entries = Array.isArray(fields) ? fields : Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]));
    for (const [k, v] of entries)
        params.append(k, v);
    return params.toString();
}
function submit(m, path, fields = {}) {
    return m.agent.post(path).type('form').send(encode(m.csrf, fields));
}
const report = (over = {}) => ({ outcome: 'problem', platform: 'win2000-sp4', hosts: '40', software: 'VERITAS Backup Exec 8.6', body: 'スケジュール・バックアップが失敗し、イベント ID 57480 が記録される。', ...over });
async function createPost(t, m, fields, advisoryId = ID) {
    const res = await submit(m, `/advisories/${advisoryId}/thread`, fields);
    strict_1.default.equal(res.status, 303, `expected 303, got ${res.status}: ${pageProblem(res.text)}`);
    const n = Number(/#p(\d+)$/.exec(res.headers.location)?.[1]);
    strict_1.default.ok(n > 0, `redirect to a post anchor: ${res.headers.location}`);
    return t.em().findOneOrFail(post_entity_1.Post, { thread: { advisory: advisoryId }, number: n });
}
const issueForm = (over = {}) => ({
    title: 'Backup Exec 8.6 のスケジュール・バックアップが失敗する',
    symptom: 'KB885835 の適用後、スケジュール・バックアップが失敗し、イベント ID 57480 が記録される。',
    platforms: ['win2000-sp4'],
    software: 'VERITAS Backup Exec 8.6',
    workaround: 'ベリタスのサポート窓口に問い合わせる。\nBackup Exec 9.1 への更新も有効。',
    resolution: '',
    references: 'KB891531',
    status: 'investigating',
    note: '複数の購読者から同じ症状の報告。',
    ...over,
});
async function createIssue(t, mod, over = {}, advisoryId = ID) {
    const res = await submit(mod, `/advisories/${advisoryId}/known-issues`, issueForm(over));
    strict_1.default.equal(res.status, 303, `expected 303, got ${res.status}: ${pageProblem(res.text)}`);
    const m = new RegExp(`^/advisories/${advisoryId}/known-issues#ki(\\d+)$`).exec(res.headers.location);
    strict_1.default.ok(m, `redirect to the issue's anchor: ${res.headers.location}`);
    return t.em().findOneOrFail(known_issue_entity_1.KnownIssue, Number(m[1]));
}
async function editFormValues(mod, id) {
    const page = await mod.agent.get(`/known-issues/${id}/edit`).expect(200);
    return formValues(page.text, `/known-issues/${id}/edit`).filter(([k]) => k !== '_csrf');
}
function editIssue(mod, id, current, over) {
    const kept = current.filter(([k]) => !(k in over));
    const added = Object.entries(over).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]));
    return submit(mod, `/known-issues/${id}/edit`, [...kept, ...added]);
}
async function changeStatus(mod, id, status, note, over = {}) {
    const current = await editFormValues(mod, id);
    const res = await editIssue(mod, id, current, { status, note, ...over });
    strict_1.default.equal(res.status, 303, `expected 303, got ${res.status}: ${pageProblem(res.text)}`);
    strict_1.default.equal(res.headers.location, `${KI}#ki${id}`);
}
const issueRow = (t, id) => t.em().findOneOrFail(known_issue_entity_1.KnownIssue, id);
const eventsOf = (t, id) => t.em().find(known_issue_event_entity_1.KnownIssueEvent, { knownIssue: id }, { orderBy: { id: 'asc' } });
const auditOf = (t, action, id) => t.em().find(audit_entry_entity_1.AuditEntry, { action, targetType: 'known-issue', targetId: String(id) }, { orderBy: { id: 'asc' } });
async function snapshot(t) {
    const em = t.em();
    const issues = await em.find(known_issue_entity_1.KnownIssue, {}, { orderBy: { id: 'asc' } });
    return {
        issues: issues.map((i) => JSON.stringify([i.id, i.title, i.symptom, i.platforms, i.software, i.workaround, i.resolution, i.references, i.status, i.position, i.evidenceCount, i.updatedAt.getTime()])),
        events: await em.count(known_issue_event_entity_1.KnownIssueEvent, {}),
        evidence: (await em.find(known_issue_evidence_entity_1.KnownIssueEvidence, {}, { orderBy: { id: 'asc' } })).map((e) => `${e.knownIssue.id}:${e.post.id}`),
        audit: await em.count(audit_entry_entity_1.AuditEntry, {}),
        notifications: await em.count(notification_entity_1.Notification, {}),
        unread: (await em.find(user_entity_1.User, {}, { orderBy: { id: 'asc' } })).map((u) => u.unreadNotifications),
    };
}
async function assertNothingChanged(t, before, what) {
    strict_1.default.deepEqual(await snapshot(t), before, `nothing was written: ${what}`);
}
const all = (root, test) => htmlparser2_1.DomUtils.findAll(test, root.children);
const one = (root, test) => htmlparser2_1.DomUtils.findOne(test, root.children, true);
const hasClass = (e, c) => (e.attribs.class ?? '').split(/\s+/).includes(c);
const textOf = (e) => (e ? htmlparser2_1.DomUtils.textContent(e).replace(/\s+/g, ' ').trim() : '');
const byId = (d, id) => one(d, (e) => e.attribs.id === id);
const byClass = (d, c) => one(d, (e) => hasClass(e, c));
const fieldError = (html, id) => textOf(byId((0, htmlparser2_1.parseDocument)(html), `${id}-error`));
function formValues(html, action) {
    const form = one((0, htmlparser2_1.parseDocument)(html), (e) => e.name === 'form' && e.attribs.action === action);
    strict_1.default.ok(form, `a form posting to ${action}`);
    const out = [];
    for (const e of all(form, (x) => ['input', 'textarea', 'select'].includes(x.name) && !!x.attribs.name)) {
        if (e.name === 'textarea')
            out.push([e.attribs.name, htmlparser2_1.DomUtils.textContent(e)]);
        else if (e.name === 'select') {
            const chosen = one(e, (o) => o.name === 'option' && 'selected' in o.attribs) ?? one(e, (o) => o.name === 'option');
            if (chosen)
                out.push([e.attribs.name, chosen.attribs.value ?? '']);
        }
        else if (e.attribs.type === 'checkbox') {
            if ('checked' in e.attribs)
                out.push([e.attribs.name, e.attribs.value ?? 'on']);
        }
        else
            out.push([e.attribs.name, e.attribs.value ?? '']);
    }
    return out;
}
const valuesOf = (pairs, name) => pairs.filter(([k]) => k === name).map(([, v]) => v);
const valueOf = (pairs, name) => valuesOf(pairs, name)[0];
function pageProblem(html) {
    const d = (0, htmlparser2_1.parseDocument)(html);
    return [textOf(one(d, (e) => e.name === 'title')), ...all(d, (e) => hasClass(e, 'field-error')).map(textOf)].join(' | ');
}
const card = (html, id) => byId((0, htmlparser2_1.parseDocument)(html), `ki${id}`);
function history(cardEl) {
    return all(cardEl, (e) => e.name === 'li' && hasClass(e, 'timeline__step')).map((li) => ({
        what: textOf(byClass(li, 'timeline__what')),
        who: textOf(byClass(li, 'timeline__who')),
        note: textOf(byClass(li, 'timeline__note')),
        at: textOf(one(li, (e) => e.name === 'time')),
    }));
}
function summary(html) {
    const section = one((0, htmlparser2_1.parseDocument)(html), (e) => e.name === 'section' && hasClass(e, 'ki-summary'));
    strict_1.default.ok(section, 'a known-issues summary');
    const details = one(section, (e) => e.name === 'details');
    const items = (root, inDetails) => root
        ? all(root, (e) => e.name === 'li' && hasClass(e, 'ki') && (inDetails || !isInside(e, 'details'))).map((li) => ({
            href: one(li, (e) => e.name === 'a' && hasClass(e, 'ki__title'))?.attribs.href ?? '',
            title: textOf(one(li, (e) => hasClass(e, 'ki__title'))),
            status: textOf(byClass(li, 'ki-status')),
            platforms: textOf(byClass(li, 'ki__platforms')),
            workaround: textOf(byClass(li, 'ki__workaround')),
            evidence: textOf(byClass(li, 'ki__evidence')),
        }))
        : [];
    return { open: items(section, false), resolved: items(details, true), hasDetails: !!details, text: textOf(section) };
}
function isInside(e, name) {
    for (let p = e.parent; p; p = p.parent)
        if (p.name === name)
            return true;
    return false;
}
function listedIds(html) {
    return all((0, htmlparser2_1.parseDocument)(html), (e) => e.name === 'a' && hasClass(e, 'ki__title')).map((a) => Number(/#ki(\d+)$/.exec(a.attribs.href)?.[1]));
}
function assertInert(html, label) {
    const d = (0, htmlparser2_1.parseDocument)(html);
    strict_1.default.deepEqual(all(d, (e) => e.name === 'script').length, 0, `${label}: no <script>`);
    strict_1.default.deepEqual(all(d, (e) => e.name === 'img').length, 0, `${label}: no <img>`);
    const handlers = all(d, (e) => Object.keys(e.attribs).some((a) => a.toLowerCase().startsWith('on')));
    strict_1.default.deepEqual(handlers.map((e) => `<${e.name} ${Object.keys(e.attribs).join(' ')}>`), [], `${label}: no on* attribute`);
}
(0, node_test_1.describe)('creating a known issue', () => {
    let t;
    let mod;
    (0, node_test_1.before)(async () => {
        t = await boardApp();
        mod = await member(t, viewer_1.Role.Moderator);
    });
    (0, node_test_1.after)(() => t.close());
    (0, node_test_1.it)('creates one from scratch: 303 to its anchor, a created event with the note, and an audit entry', async () => {
        const form = await mod.agent.get(`${KI}/new`).expect(200);
        await (0, html_1.assertValidHtml)(form.text, 'new known-issue form');
        const blank = formValues(form.text, KI);
        strict_1.default.equal(valueOf(blank, 'status'), 'investigating', 'a new issue starts as investigating');
        strict_1.default.deepEqual(valuesOf(blank, 'platforms'), [], 'no platform checked');
        strict_1.default.equal(valueOf(blank, 'from'), undefined, 'no report to link');
        const issue = await createIssue(t, mod, { platforms: ['ws2003', 'win2000-sp4'] });
        strict_1.default.equal(issue.title, 'Backup Exec 8.6 のスケジュール・バックアップが失敗する');
        strict_1.default.equal(issue.status, 'investigating');
        strict_1.default.deepEqual(issue.platforms, ['win2000-sp4', 'ws2003'], "kept in the bulletin's order of platforms");
        strict_1.default.deepEqual(issue.references, ['891531']);
        strict_1.default.equal(issue.evidenceCount, 0);
        strict_1.default.equal(issue.createdBy.id, mod.user.id);
        strict_1.default.equal(issue.position, 1);
        const events = await eventsOf(t, issue.id);
        strict_1.default.deepEqual(events.map((e) => [e.kind, e.fromStatus, e.toStatus, e.note, e.actor.id]), [['created', null, 'investigating', '複数の購読者から同じ症状の報告。', mod.user.id]]);
        const audit = await auditOf(t, 'known-issue.create', issue.id);
        strict_1.default.equal(audit.length, 1);
        strict_1.default.equal(audit[0].actorId, mod.user.id);
        strict_1.default.equal(audit[0].actorName, mod.user.username);
        strict_1.default.equal(audit[0].reason, '複数の購読者から同じ症状の報告。');
        strict_1.default.equal(audit[0].detail?.advisory, ID);
        const page = await mod.agent.get(KI).expect(200);
        await (0, html_1.assertValidHtml)(page.text, 'known-issues page (moderator)');
        const c = card(page.text, issue.id);
        strict_1.default.ok(c, 'the issue has its anchor on the page');
        strict_1.default.equal(textOf(one(c, (e) => e.name === 'h2')), issue.title);
        strict_1.default.ok(textOf(c).includes(statusLabel('investigating')));
        strict_1.default.ok(textOf(c).includes(labelsOf(['win2000-sp4', 'ws2003'])), textOf(c));
        strict_1.default.deepEqual(history(c).map((h) => [h.what, h.who, h.note]), [[statusLabel('investigating'), mod.user.username, '複数の購読者から同じ症状の報告。']]);
        await (0, html_1.assertValidHtml)((await (0, supertest_1.default)(t.http).get(KI).expect(200)).text, 'known-issues page (guest)');
        strict_1.default.equal((await createIssue(t, mod, { title: '二つ目' })).position, 2);
    });
    (0, node_test_1.it)('refuses each invalid field with 422, the message by the field and the input kept, writing nothing', async () => {
        const cases = [
            { over: { title: '' }, id: 'ki-title', key: 'knownIssue.title.invalid' },
            { over: { title: '   ' }, id: 'ki-title', key: 'knownIssue.title.invalid' },
            { over: { title: 'あ'.repeat(201) }, id: 'ki-title', key: 'knownIssue.title.invalid' },
            { over: { symptom: '' }, id: 'ki-symptom', key: 'knownIssue.symptom.invalid' },
            { over: { platforms: ['win2000-sp4', 'win2008-r2'] }, id: 'ki-platforms', key: 'knownIssue.platforms.invalid' },
            { over: { references: 'abc' }, id: 'ki-references', key: 'knownIssue.references.invalid' },
            { over: { references: 'KB891531\njavascript:x' }, id: 'ki-references', key: 'knownIssue.references.invalid' },
            { over: { references: 'javascript:alert(1)//http://example.com/' }, id: 'ki-references', key: 'knownIssue.references.invalid' },
            { over: { references: 'ftp://example.com/kb' }, id: 'ki-references', key: 'knownIssue.references.invalid' },
            { over: { status: 'exploded' }, id: 'ki-status', key: 'knownIssue.status.invalid' },
            { over: { note: '' }, id: 'ki-note', key: 'knownIssue.note.required' },
            { over: { note: '   ' }, id: 'ki-note', key: 'knownIssue.note.required' },
            { over: { note: 'n'.repeat(1001) }, id: 'ki-note', key: 'knownIssue.note.required' },
        ];
        for (const c of cases) {
            const label = JSON.stringify(c.over).slice(0, 80);
            const before = await snapshot(t);
            const fields = issueForm({ title: '入力を保持する件名', symptom: '入力を保持する症状', note: '保持するメモ', ...c.over });
            const res = await submit(mod, KI, fields).expect(422);
            strict_1.default.equal(fieldError(res.text, c.id), msg(c.key), label);
            strict_1.default.equal(all((0, htmlparser2_1.parseDocument)(res.text), (e) => hasClass(e, 'field-error')).length, 1, `${label}: one error shown`);
            strict_1.default.ok(textOf(byClass((0, htmlparser2_1.parseDocument)(res.text), 'notice--error')).includes(msg('form.hasErrors')), label);
            const kept = formValues(res.text, KI);
            for (const k of ['title', 'symptom', 'software', 'workaround', 'references', 'note'])
                strict_1.default.equal(valueOf(kept, k), fields[k], `${label}: ${k} kept`);
            const validPlatforms = fields.platforms.filter((p) => p in LABELS);
            strict_1.default.deepEqual(valuesOf(kept, 'platforms'), validPlatforms, `${label}: platforms kept`);
            if (c.over.status === undefined)
                strict_1.default.equal(valueOf(kept, 'status'), 'investigating', `${label}: status kept`);
            await assertNothingChanged(t, before, label);
        }
        const res = await submit(mod, KI, issueForm({ title: '', symptom: '', note: '' })).expect(422);
        await (0, html_1.assertValidHtml)(res.text, 'known-issue form with errors');
        for (const [id, key] of [['ki-title', 'knownIssue.title.invalid'], ['ki-symptom', 'knownIssue.symptom.invalid'], ['ki-note', 'knownIssue.note.required']]) {
            strict_1.default.equal(fieldError(res.text, id), msg(key));
            strict_1.default.equal(byId((0, htmlparser2_1.parseDocument)(res.text), id)?.attribs['aria-invalid'], 'true', `${id} is marked invalid`);
        }
    });
    (0, node_test_1.it)("accepts KB numbers as KB891531, 891531 or full-width digits and https URLs; the bulletin's KB links to its URL", async () => {
        const issue = await createIssue(t, mod, {
            title: '参照の形式',
            references: 'KB891531\n891531\n８９１５３１\nＫＢ２２４５２６\nkb885835\n https://support.microsoft.com/kb/891531 \nhttp://www.example.com/a?b=1&c=2',
        });
        strict_1.default.deepEqual(issue.references, ['891531', '224526', '885835', 'https://support.microsoft.com/kb/891531', 'http://www.example.com/a?b=1&c=2'], 'normalised, each once');
        const page = await (0, supertest_1.default)(t.http).get(KI).expect(200);
        await (0, html_1.assertValidHtml)(page.text, 'known-issues page with references');
        const fact = one(card(page.text, issue.id), (e) => e.name === 'div' && textOf(one(e, (x) => x.name === 'dt')) === msg('knownIssue.references'));
        const refs = fact && one(fact, (e) => e.name === 'dd');
        strict_1.default.ok(refs, 'the references are shown');
        const links = all(refs, (e) => e.name === 'a').map((a) => [textOf(a), a.attribs.href]);
        strict_1.default.deepEqual(links, [
            ['KB891531', KB891531_URL],
            ['KB224526', 'http://support.microsoft.com/default.aspx?scid=kb;ja;224526'],
            ['https://support.microsoft.com/kb/891531', 'https://support.microsoft.com/kb/891531'],
            ['http://www.example.com/a?b=1&c=2', 'http://www.example.com/a?b=1&c=2'],
        ]);
        strict_1.default.ok(textOf(refs).includes('KB885835'));
    });
});
(0, node_test_1.describe)('promoting a field report', () => {
    let t;
    let mod;
    let alice;
    let bob;
    let carol;
    let aliceReport;
    (0, node_test_1.before)(async () => {
        t = await boardApp();
        [mod, alice, bob, carol] = [await member(t, viewer_1.Role.Moderator), await member(t), await member(t), await member(t)];
        await (0, advisory_factory_1.createAdvisories)(t.app, [(0, advisory_factory_1.buildAdvisoryDoc)({ id: 'MS04-045' })]);
    });
    (0, node_test_1.after)(() => t.close());
    (0, node_test_1.it)('pre-fills the form from the report: its platform checked, its software and text', async () => {
        aliceReport = await createPost(t, alice, report());
        const thread = await mod.agent.get(THREAD).expect(200);
        strict_1.default.ok(one((0, htmlparser2_1.parseDocument)(thread.text), (e) => e.name === 'a' && e.attribs.href === `${KI}/new?from=${aliceReport.id}`), 'a promote link on the report');
        strict_1.default.equal(one((0, htmlparser2_1.parseDocument)((await alice.agent.get(THREAD).expect(200)).text), (e) => e.name === 'a' && e.attribs.href === `${KI}/new?from=${aliceReport.id}`), null, 'not for members');
        const page = await mod.agent.get(`${KI}/new?from=${aliceReport.id}`).expect(200);
        await (0, html_1.assertValidHtml)(page.text, 'known-issue form from a report');
        const values = formValues(page.text, KI);
        strict_1.default.deepEqual(valuesOf(values, 'platforms'), ['win2000-sp4']);
        strict_1.default.equal(valueOf(values, 'software'), 'VERITAS Backup Exec 8.6');
        strict_1.default.equal(valueOf(values, 'symptom'), report().body);
        strict_1.default.equal(valueOf(values, 'from'), String(aliceReport.id));
        strict_1.default.ok(valueOf(values, 'title').startsWith('VERITAS Backup Exec 8.6'));
        strict_1.default.ok(textOf((0, htmlparser2_1.parseDocument)(page.text)).includes(msg('knownIssue.fromReport', { id: aliceReport.id })));
    });
    (0, node_test_1.it)('links the report as evidence on creation; the page lists it with its confirmations by platform', async () => {
        await submit(bob, `/posts/${aliceReport.id}/confirm`, { platform: 'win2000-sp4' }).expect(303);
        await submit(carol, `/posts/${aliceReport.id}/confirm`, { platform: 'ws2003' }).expect(303);
        const page = await mod.agent.get(`${KI}/new?from=${aliceReport.id}`).expect(200);
        const values = formValues(page.text, KI).filter(([k]) => k !== '_csrf' && k !== 'title' && k !== 'note');
        const res = await submit(mod, KI, [...values, ['title', 'Backup Exec 8.6 のバックアップが失敗する'], ['note', 'アリスさんの報告から登録。']]).expect(303);
        const id = Number(/#ki(\d+)$/.exec(res.headers.location)?.[1]);
        const issue = await issueRow(t, id);
        strict_1.default.equal(issue.evidenceCount, 1);
        strict_1.default.deepEqual(issue.platforms, ['win2000-sp4']);
        strict_1.default.equal(issue.software, 'VERITAS Backup Exec 8.6');
        const evidence = await t.em().find(known_issue_evidence_entity_1.KnownIssueEvidence, { knownIssue: id });
        strict_1.default.deepEqual(evidence.map((e) => [e.post.id, e.addedBy.id]), [[aliceReport.id, mod.user.id]]);
        const audit = await auditOf(t, 'known-issue.create', id);
        strict_1.default.equal(audit[0].detail?.fromPost, aliceReport.id);
        const shown = await (0, supertest_1.default)(t.http).get(KI).expect(200);
        await (0, html_1.assertValidHtml)(shown.text, 'known-issues page with evidence');
        const c = card(shown.text, id);
        const ev = one(c, (e) => e.name === 'section' && hasClass(e, 'ki-evidence'));
        strict_1.default.ok(textOf(one(ev, (e) => e.name === 'h3')).endsWith('(1)'));
        const item = one(ev, (e) => e.name === 'li');
        strict_1.default.equal(one(item, (e) => e.name === 'a')?.attribs.href, `${THREAD}#p${aliceReport.number}`);
        const text = textOf(item);
        for (const part of [alice.user.username, msg('outcome.problem'), 'Windows 2000 SP4', msg('knownIssue.hosts', { count: 40 }), msg('confirm.count', { count: 2 })])
            strict_1.default.ok(text.includes(part), `${part} in ${text}`);
        const chips = all(item, (e) => hasClass(e, 'chip')).map(textOf).sort();
        strict_1.default.deepEqual(chips, ['Windows 2000 SP4 1', 'Windows Server 2003 1']);
        strict_1.default.equal(summary((await (0, supertest_1.default)(t.http).get(BULLETIN).expect(200)).text).open[0].evidence, msg('knownIssue.evidenceCount', { reports: 1, confirmations: 2 }));
    });
    (0, node_test_1.it)('refuses, writing nothing, a `from` that is a report of another advisory or not a report', async () => {
        const elsewhere = await createPost(t, alice, report({ body: '別のセキュリティ情報での報告' }), 'MS04-045');
        const plain = await createPost(t, alice, { body: 'ただの投稿' });
        for (const from of [elsewhere.id, plain.id, 999999]) {
            await mod.agent.get(`${KI}/new?from=${from}`).expect(404);
            const before = await snapshot(t);
            const res = await submit(mod, KI, issueForm({ from: String(from) }));
            strict_1.default.ok([404, 422].includes(res.status), `from=${from}: ${res.status}`);
            if (res.status === 422) {
                await (0, html_1.assertValidHtml)(res.text, 'form refused for its report');
                strict_1.default.equal(fieldError(res.text, 'ki-from'), msg('knownIssue.evidence.invalid'), 'the reason is shown');
                strict_1.default.equal(valueOf(formValues(res.text, KI), 'title'), issueForm().title, 'the input is kept');
            }
            await assertNothingChanged(t, before, `from=${from}`);
        }
    });
});
(0, node_test_1.describe)('the status lifecycle', () => {
    let t;
    let mod;
    let admin;
    let issue;
    (0, node_test_1.before)(async () => {
        t = await boardApp();
        [mod, admin] = [await member(t, viewer_1.Role.Moderator), await member(t, viewer_1.Role.Admin)];
        issue = await createIssue(t, mod);
    });
    (0, node_test_1.after)(() => t.close());
    (0, node_test_1.it)('goes investigating → confirmed → mitigated → resolved, each with its note, dated history and audit entry', async () => {
        const form = await mod.agent.get(`/known-issues/${issue.id}/edit`).expect(200);
        await (0, html_1.assertValidHtml)(form.text, 'edit form');
        const current = formValues(form.text, `/known-issues/${issue.id}/edit`);
        strict_1.default.equal(valueOf(current, 'title'), issue.title);
        strict_1.default.equal(valueOf(current, 'references'), '891531');
        strict_1.default.equal(valueOf(current, 'status'), 'investigating');
        strict_1.default.equal(valueOf(current, 'note'), '', 'a new note each time');
        const before = await snapshot(t);
        const refused = await editIssue(mod, issue.id, await editFormValues(mod, issue.id), { status: 'confirmed', note: '' }).expect(422);
        strict_1.default.equal(fieldError(refused.text, 'ki-note'), msg('knownIssue.note.required'));
        strict_1.default.equal(valueOf(formValues(refused.text, `/known-issues/${issue.id}/edit`), 'status'), 'confirmed', 'the chosen status is kept');
        await (0, html_1.assertValidHtml)(refused.text, 'edit form with errors');
        await assertNothingChanged(t, before, 'status change without a note');
        const steps = [
            ['confirmed', 'KB891531 で公開された。', mod],
            ['mitigated', '回避策を確認。', admin],
            ['resolved', '修正版で解決。', mod],
        ];
        for (const [status, note, who] of steps)
            await changeStatus(who, issue.id, status, note, status === 'resolved' ? { resolution: 'Backup Exec 9.1 SP1 で解決。' } : {});
        strict_1.default.equal((await issueRow(t, issue.id)).status, 'resolved');
        const events = await eventsOf(t, issue.id);
        strict_1.default.deepEqual(events.map((e) => [e.kind, e.fromStatus, e.toStatus, e.note, e.actor.id]), [
            ['created', null, 'investigating', '複数の購読者から同じ症状の報告。', mod.user.id],
            ['status', 'investigating', 'confirmed', 'KB891531 で公開された。', mod.user.id],
            ['status', 'confirmed', 'mitigated', '回避策を確認。', admin.user.id],
            ['status', 'mitigated', 'resolved', '修正版で解決。', mod.user.id],
        ]);
        const audit = await auditOf(t, 'known-issue.status', issue.id);
        strict_1.default.deepEqual(audit.map((a) => [a.actorId, a.reason, a.detail?.from, a.detail?.to]), [
            [mod.user.id, 'KB891531 で公開された。', 'investigating', 'confirmed'],
            [admin.user.id, '回避策を確認。', 'confirmed', 'mitigated'],
            [mod.user.id, '修正版で解決。', 'mitigated', 'resolved'],
        ]);
        const page = await (0, supertest_1.default)(t.http).get(KI).expect(200);
        await (0, html_1.assertValidHtml)(page.text, 'known-issues page with history');
        const shown = history(card(page.text, issue.id));
        strict_1.default.deepEqual(shown.map((h) => [h.what, h.who, h.note]), [
            [statusLabel('investigating'), mod.user.username, '複数の購読者から同じ症状の報告。'],
            [`${statusLabel('investigating')} → ${statusLabel('confirmed')}`, mod.user.username, 'KB891531 で公開された。'],
            [`${statusLabel('confirmed')} → ${statusLabel('mitigated')}`, admin.user.username, '回避策を確認。'],
            [`${statusLabel('mitigated')} → ${statusLabel('resolved')}`, mod.user.username, '修正版で解決。'],
        ]);
        for (const h of shown)
            strict_1.default.match(h.at, /^\d{4}年\d{1,2}月\d{1,2}日/, 'each step is dated');
        strict_1.default.ok(textOf(card(page.text, issue.id)).includes('Backup Exec 9.1 SP1 で解決。'), 'the resolution is shown');
    });
    (0, node_test_1.it)("records an edit that keeps the status as 'edited' with a 'known-issue.edit' audit entry", async () => {
        const b = await createIssue(t, mod, { title: '編集される問題', status: 'confirmed' });
        await changeStatus(mod, b.id, 'confirmed', '回避策を追記。', { workaround: 'サービスを再起動する。' });
        const row = await issueRow(t, b.id);
        strict_1.default.equal(row.status, 'confirmed');
        strict_1.default.equal(row.workaround, 'サービスを再起動する。');
        strict_1.default.ok(row.updatedAt.getTime() >= b.updatedAt.getTime());
        const events = await eventsOf(t, b.id);
        strict_1.default.deepEqual(events.map((e) => [e.kind, e.fromStatus, e.toStatus, e.note]), [
            ['created', null, 'confirmed', '複数の購読者から同じ症状の報告。'],
            ['edited', 'confirmed', 'confirmed', '回避策を追記。'],
        ]);
        strict_1.default.equal((await auditOf(t, 'known-issue.status', b.id)).length, 0);
        const audit = await auditOf(t, 'known-issue.edit', b.id);
        strict_1.default.deepEqual(audit.map((a) => [a.actorId, a.reason, a.detail?.from, a.detail?.to]), [[mod.user.id, '回避策を追記。', 'confirmed', 'confirmed']]);
        const page = await (0, supertest_1.default)(t.http).get(KI).expect(200);
        strict_1.default.deepEqual(history(card(page.text, b.id)).map((h) => h.what), [statusLabel('confirmed'), `${statusLabel('confirmed')} → ${statusLabel('confirmed')} (${msg('knownIssue.edited')})`]);
        const current = (await editFormValues(mod, b.id)).filter(([k]) => k !== 'status');
        await editIssue(mod, b.id, current, { note: '状態を送らない編集', title: '編集される問題(改)' }).expect(303);
        const again = await issueRow(t, b.id);
        strict_1.default.equal(again.title, '編集される問題(改)');
        strict_1.default.equal(again.status, 'confirmed', 'a missing status is no change of status');
        strict_1.default.deepEqual((await eventsOf(t, b.id)).at(-1).toStatus, 'confirmed');
    });
    (0, node_test_1.it)('drops a dismissed issue from the summaries and /known-issues, keeping it under 解決済み・却下', async () => {
        const d = await createIssue(t, mod, { title: '却下される問題', status: 'confirmed' });
        const open = await createIssue(t, mod, { title: '未解決のまま' });
        strict_1.default.ok(listedIds((await (0, supertest_1.default)(t.http).get('/known-issues').expect(200)).text).includes(d.id));
        await changeStatus(mod, d.id, 'dismissed', '修正プログラムと無関係と判明。');
        strict_1.default.deepEqual((await auditOf(t, 'known-issue.status', d.id)).map((a) => a.detail?.to), ['dismissed']);
        for (const path of [BULLETIN, THREAD]) {
            const page = await (0, supertest_1.default)(t.http).get(path).expect(200);
            await (0, html_1.assertValidHtml)(page.text, `${path} with a dismissed issue`);
            const s = summary(page.text);
            strict_1.default.ok(!s.text.includes('却下される問題'), `${path}: the dismissed issue is not in the summary`);
            strict_1.default.deepEqual(s.open.map((i) => i.title), ['編集される問題(改)', '未解決のまま']);
            strict_1.default.deepEqual(s.resolved.map((i) => i.title), [issue.title], `${path}: resolved ones only`);
        }
        const list = await (0, supertest_1.default)(t.http).get('/known-issues').expect(200);
        strict_1.default.ok(!listedIds(list.text).includes(d.id));
        strict_1.default.ok(listedIds(list.text).includes(open.id));
        const page = await (0, supertest_1.default)(t.http).get(KI).expect(200);
        await (0, html_1.assertValidHtml)(page.text, 'known-issues page with closed issues');
        const doc = (0, htmlparser2_1.parseDocument)(page.text);
        const closedTitle = one(doc, (e) => e.name === 'h2' && hasClass(e, 'ki-closed-title'));
        strict_1.default.equal(textOf(closedTitle), '解決済み・却下');
        const order = all(doc, (e) => (e.name === 'article' && hasClass(e, 'ki-card')) || e === closedTitle).map((e) => (e === closedTitle ? 'closed' : Number(e.attribs.id.slice(2))));
        const at = order.indexOf('closed');
        strict_1.default.ok(order.indexOf(open.id) < at, 'the open one above');
        strict_1.default.ok(order.indexOf(d.id) > at && order.indexOf(issue.id) > at, 'dismissed and resolved below the heading');
        strict_1.default.ok(textOf(byId(doc, `ki${d.id}`)).includes(statusLabel('dismissed')));
    });
});
(0, node_test_1.describe)('the summary on the bulletin and its thread', () => {
    let t;
    let mod;
    let alice;
    let bob;
    let a;
    let b;
    let c;
    let r;
    (0, node_test_1.before)(async () => {
        t = await boardApp();
        [mod, alice, bob] = [await member(t, viewer_1.Role.Moderator), await member(t), await member(t)];
    });
    (0, node_test_1.after)(() => t.close());
    (0, node_test_1.it)('shows open issues first in moderator order with status, platforms, one-line workaround and counts; resolved ones after in <details>', async () => {
        for (const path of [BULLETIN, THREAD]) {
            const empty = await (0, supertest_1.default)(t.http).get(path).expect(200);
            const s = summary(empty.text);
            strict_1.default.deepEqual([s.open, s.hasDetails], [[], false]);
            strict_1.default.ok(s.text.includes(msg('knownIssues.noneOpen')));
        }
        r = await createIssue(t, mod, { title: 'R 解決済みの問題', platforms: ['nt4-server-sp6a'], workaround: '' });
        await changeStatus(mod, r.id, 'resolved', '解決');
        a = await createIssue(t, mod, { title: 'A 最初の問題', platforms: ['win2000-sp3', 'win2000-sp4'], workaround: '一行目の回避策\n二行目は出ない', status: 'confirmed' });
        b = await createIssue(t, mod, { title: 'B 二つ目', platforms: [], workaround: '' });
        c = await createIssue(t, mod, { title: 'C 三つ目', platforms: ['ws2003'], workaround: 'w'.repeat(130), status: 'mitigated' });
        const rep = await createPost(t, alice, report());
        await submit(bob, `/posts/${rep.id}/confirm`, { platform: 'win2000-sp4' }).expect(303);
        await submit(alice, `/known-issues/${a.id}/evidence`, { post: String(rep.id) }).expect(303);
        for (const path of [BULLETIN, THREAD]) {
            const page = await (0, supertest_1.default)(t.http).get(path).expect(200);
            await (0, html_1.assertValidHtml)(page.text, `${path} with a summary`);
            const s = summary(page.text);
            strict_1.default.deepEqual(s.open.map((i) => i.title), ['A 最初の問題', 'B 二つ目', 'C 三つ目'], `${path}: open ones in order`);
            strict_1.default.deepEqual(s.open.map((i) => i.href), [a, b, c].map((i) => `${KI}#ki${i.id}`));
            strict_1.default.deepEqual(s.open.map((i) => i.status), [statusLabel('confirmed'), statusLabel('investigating'), statusLabel('mitigated')]);
            strict_1.default.deepEqual(s.open.map((i) => i.platforms), ['Windows 2000 SP3/SP4', '', 'Windows Server 2003']);
            strict_1.default.equal(s.open[0].workaround, `${msg('knownIssue.workaround')}: 一行目の回避策`, 'the first line only');
            strict_1.default.equal(s.open[1].workaround, '');
            strict_1.default.equal(s.open[2].workaround, `${msg('knownIssue.workaround')}: ${'w'.repeat(119)}…`, 'a long line is cut');
            strict_1.default.deepEqual(s.open.map((i) => i.evidence), [[1, 1], [0, 0], [0, 0]].map(([n, m]) => msg('knownIssue.evidenceCount', { reports: n, confirmations: m })));
            strict_1.default.ok(s.open[0].evidence.startsWith('報告 1件・確認 1件'));
            strict_1.default.ok(s.hasDetails, `${path}: resolved ones in <details>`);
            strict_1.default.deepEqual(s.resolved.map((i) => [i.title, i.status, i.href]), [['R 解決済みの問題', statusLabel('resolved'), `${KI}#ki${r.id}`]]);
            strict_1.default.ok(s.text.includes(msg('knownIssues.resolvedCount', { count: 1 })));
            strict_1.default.ok(one((0, htmlparser2_1.parseDocument)(page.text), (e) => e.name === 'a' && e.attribs.href === KI), 'a link to the full page');
        }
    });
    (0, node_test_1.it)("reorders with up and down (audited 'known-issue.reorder')", async () => {
        const order = async (path = BULLETIN) => summary((await (0, supertest_1.default)(t.http).get(path).expect(200)).text).open.map((i) => i.title[0]);
        const move = (id, direction) => submit(mod, `/known-issues/${id}/move`, { direction }).expect(303).expect('Location', `${KI}#ki${id}`);
        await move(c.id, 'up');
        strict_1.default.deepEqual(await order(), ['A', 'C', 'B']);
        await move(a.id, 'down');
        strict_1.default.deepEqual(await order(), ['C', 'A', 'B']);
        strict_1.default.deepEqual(await order(THREAD), ['C', 'A', 'B']);
        const page = await (0, supertest_1.default)(t.http).get(KI).expect(200);
        const cards = all((0, htmlparser2_1.parseDocument)(page.text), (e) => e.name === 'article' && hasClass(e, 'ki-card')).map((e) => Number(e.attribs.id.slice(2)));
        strict_1.default.deepEqual(cards, [c.id, a.id, b.id, r.id]);
        strict_1.default.deepEqual((await auditOf(t, 'known-issue.reorder', c.id)).map((x) => [x.actorId, x.detail?.direction]), [[mod.user.id, 'up']]);
        strict_1.default.deepEqual((await auditOf(t, 'known-issue.reorder', a.id)).map((x) => [x.actorId, x.detail?.direction]), [[mod.user.id, 'down']]);
        const last = (await t.em().find(known_issue_entity_1.KnownIssue, { advisory: ID }, { orderBy: [{ position: 'desc' }, { id: 'desc' }], limit: 1 }))[0];
        const before = await snapshot(t);
        await move(last.id, 'down');
        await assertNothingChanged(t, before, 'moving the last one down');
    });
});
(0, node_test_1.describe)('evidence from members', () => {
    let t;
    let mod;
    let alice;
    let bob;
    let issue;
    let aliceReport;
    let bobReport;
    (0, node_test_1.before)(async () => {
        t = await boardApp();
        [mod, alice, bob] = [await member(t, viewer_1.Role.Moderator), await member(t), await member(t)];
        issue = await createIssue(t, mod);
        aliceReport = await createPost(t, alice, report());
        bobReport = await createPost(t, bob, report({ platform: 'win2000-sp3', hosts: '3' }));
    });
    (0, node_test_1.after)(() => t.close());
    const evidenceRows = () => t.em().find(known_issue_evidence_entity_1.KnownIssueEvidence, { knownIssue: issue.id }, { orderBy: { id: 'asc' } });
    (0, node_test_1.it)('lets a member link their own visible report, counted, and only once', async () => {
        const page = await alice.agent.get(KI).expect(200);
        await (0, html_1.assertValidHtml)(page.text, 'known-issues page (member with a report)');
        const form = one((0, htmlparser2_1.parseDocument)(page.text), (e) => e.name === 'form' && e.attribs.action === `/known-issues/${issue.id}/evidence`);
        strict_1.default.ok(form, 'her reports are offered');
        strict_1.default.deepEqual(all(form, (e) => e.name === 'option').map((o) => o.attribs.value), [String(aliceReport.id)], 'only her own');
        await submit(alice, `/known-issues/${issue.id}/evidence`, { post: String(aliceReport.id) }).expect(303).expect('Location', `${KI}#ki${issue.id}`);
        strict_1.default.equal((await issueRow(t, issue.id)).evidenceCount, 1);
        strict_1.default.deepEqual((await evidenceRows()).map((e) => [e.post.id, e.addedBy.id]), [[aliceReport.id, alice.user.id]]);
        strict_1.default.equal(summary((await (0, supertest_1.default)(t.http).get(BULLETIN).expect(200)).text).open[0].evidence, msg('knownIssue.evidenceCount', { reports: 1, confirmations: 0 }));
        const after = await alice.agent.get(KI).expect(200);
        strict_1.default.equal(one((0, htmlparser2_1.parseDocument)(after.text), (e) => e.name === 'form' && e.attribs.action === `/known-issues/${issue.id}/evidence`), null, 'nothing left to offer');
        const before = await snapshot(t);
        const twice = await submit(alice, `/known-issues/${issue.id}/evidence`, { post: String(aliceReport.id) }).expect(422);
        strict_1.default.ok(textOf((0, htmlparser2_1.parseDocument)(twice.text)).includes(msg('knownIssue.evidence.already')));
        await (0, html_1.assertValidHtml)(twice.text, 'evidence refused');
        await assertNothingChanged(t, before, 'linking twice');
    });
    (0, node_test_1.it)("refuses someone else's report, a plain post, a missing one, a silenced member and a guest, writing nothing", async () => {
        const plain = await createPost(t, alice, { body: '報告ではない投稿' });
        const cases = [
            ["bob's report by alice", alice, String(bobReport.id), [422], 'knownIssue.evidence.notYours'],
            ['a plain post', alice, String(plain.id), [422], 'knownIssue.evidence.invalid'],
            ['a missing post', alice, '999999', [422], 'knownIssue.evidence.invalid'],
            ['not a number', alice, 'abc', [422], 'knownIssue.evidence.invalid'],
            ['a guest', await guest(t), String(bobReport.id), [401, 403], null],
        ];
        for (const [label, who, post, statuses, key] of cases) {
            const before = await snapshot(t);
            const res = await submit(who, `/known-issues/${issue.id}/evidence`, { post });
            strict_1.default.ok(statuses.includes(res.status), `${label}: ${res.status}`);
            if (key)
                strict_1.default.ok(textOf((0, htmlparser2_1.parseDocument)(res.text)).includes(msg(key)), `${label}: ${pageProblem(res.text)}`);
            await assertNothingChanged(t, before, label);
        }
        await t.em().nativeUpdate(user_entity_1.User, { id: bob.user.id }, { state: user_entity_1.AccountState.Silenced, stateUntil: new Date(Date.now() + 3600_000), stateReason: '連続投稿' });
        const before = await snapshot(t);
        const res = await submit(bob, `/known-issues/${issue.id}/evidence`, { post: String(bobReport.id) });
        strict_1.default.ok([403, 422].includes(res.status), `silenced: ${res.status}`);
        await assertNothingChanged(t, before, 'a silenced member');
        await t.em().nativeUpdate(user_entity_1.User, { id: bob.user.id }, { state: user_entity_1.AccountState.Active, stateUntil: null, stateReason: null });
        await submit(bob, `/known-issues/${issue.id}/evidence`, { post: String(bobReport.id) }).expect(303);
        strict_1.default.equal((await issueRow(t, issue.id)).evidenceCount, 2);
    });
    (0, node_test_1.it)('lets a moderator unlink evidence with a reason (audited), refusing without one', async () => {
        const page = await mod.agent.get(KI).expect(200);
        await (0, html_1.assertValidHtml)(page.text, 'known-issues page (moderator, with evidence)');
        const action = `/known-issues/${issue.id}/evidence/${bobReport.id}/remove`;
        strict_1.default.ok(one((0, htmlparser2_1.parseDocument)(page.text), (e) => e.name === 'form' && e.attribs.action === action), 'an unlink form');
        strict_1.default.equal(one((0, htmlparser2_1.parseDocument)((await alice.agent.get(KI).expect(200)).text), (e) => e.name === 'form' && e.attribs.action === action), null, 'not for members');
        for (const reason of [undefined, '', '   ']) {
            const before = await snapshot(t);
            const res = await submit(mod, action, reason === undefined ? {} : { reason }).expect(422);
            strict_1.default.ok(textOf((0, htmlparser2_1.parseDocument)(res.text)).includes(msg('form.reasonRequired')));
            await (0, html_1.assertValidHtml)(res.text, 'unlink refused');
            await assertNothingChanged(t, before, `unlink with reason ${JSON.stringify(reason)}`);
        }
        await submit(mod, action, { reason: ' 別の問題の報告だった ' }).expect(303).expect('Location', `${KI}#ki${issue.id}`);
        strict_1.default.deepEqual((await evidenceRows()).map((e) => e.post.id), [aliceReport.id]);
        strict_1.default.equal((await issueRow(t, issue.id)).evidenceCount, 1);
        const audit = await auditOf(t, 'known-issue.evidence-remove', issue.id);
        strict_1.default.deepEqual(audit.map((x) => [x.actorId, x.reason, x.detail?.post]), [[mod.user.id, '別の問題の報告だった', bobReport.id]]);
        const before = await snapshot(t);
        await submit(mod, action, { reason: 'もう一度' }).expect(404);
        await assertNothingChanged(t, before, 'unlinking what is not linked');
    });
});
(0, node_test_1.describe)('refusals', () => {
    let t;
    let mod;
    let issue;
    let rep;
    (0, node_test_1.before)(async () => {
        t = await boardApp();
        mod = await member(t, viewer_1.Role.Moderator);
        const alice = await member(t);
        issue = await createIssue(t, mod);
        rep = await createPost(t, alice, report());
        await submit(alice, `/known-issues/${issue.id}/evidence`, { post: String(rep.id) }).expect(303);
        await createIssue(t, mod, { title: '二つ目' });
    });
    (0, node_test_1.after)(() => t.close());
    const attempts = () => [
        { label: 'GET new', go: (m) => m.agent.get(`${KI}/new`) },
        { label: 'GET new from a report', go: (m) => m.agent.get(`${KI}/new?from=${rep.id}`) },
        { label: 'POST create', go: (m) => submit(m, KI, issueForm({ from: String(rep.id) })) },
        { label: 'GET edit', go: (m) => m.agent.get(`/known-issues/${issue.id}/edit`) },
        { label: 'POST edit', go: (m) => submit(m, `/known-issues/${issue.id}/edit`, issueForm({ status: 'resolved', note: '権限なし' })) },
        { label: 'move down', go: (m) => submit(m, `/known-issues/${issue.id}/move`, { direction: 'down' }) },
        { label: 'unlink', go: (m) => submit(m, `/known-issues/${issue.id}/evidence/${rep.id}/remove`, { reason: '権限なし' }) },
    ];
    (0, node_test_1.it)('refuses subscribers and editors with 403, changing nothing', async () => {
        for (const role of [viewer_1.Role.Subscriber, viewer_1.Role.Editor]) {
            const m = await member(t, role);
            const page = await m.agent.get(KI).expect(200);
            const d = (0, htmlparser2_1.parseDocument)(page.text);
            strict_1.default.equal(one(d, (e) => e.name === 'a' && (e.attribs.href ?? '').startsWith(`${KI}/new`)), null, `${role}: no new link`);
            strict_1.default.equal(one(d, (e) => e.name === 'a' && e.attribs.href === `/known-issues/${issue.id}/edit`), null, `${role}: no edit link`);
            strict_1.default.equal(one(d, (e) => e.name === 'form' && (e.attribs.action ?? '').endsWith('/move')), null, `${role}: no move form`);
            for (const a of attempts()) {
                const before = await snapshot(t);
                const res = await a.go(m);
                strict_1.default.equal(res.status, 403, `${role}: ${a.label}`);
                await assertNothingChanged(t, before, `${role}: ${a.label}`);
            }
        }
    });
    (0, node_test_1.it)('refuses a guest with 401, changing nothing', async () => {
        const g = await guest(t);
        for (const a of attempts()) {
            const before = await snapshot(t);
            const res = await a.go(g);
            strict_1.default.equal(res.status, 401, `guest: ${a.label}`);
            await assertNothingChanged(t, before, `guest: ${a.label}`);
        }
        const before = await snapshot(t);
        const res = await (0, supertest_1.default)(t.http).post(KI).type('form').send(encode('x', issueForm()));
        strict_1.default.ok([401, 403].includes(res.status));
        await assertNothingChanged(t, before, 'guest without a token');
    });
    (0, node_test_1.it)('answers 404 for unknown issues, advisories and evidence', async () => {
        const before = await snapshot(t);
        const missing = [
            ['GET edit 999999', () => mod.agent.get('/known-issues/999999/edit')],
            ['POST edit 999999', () => submit(mod, '/known-issues/999999/edit', issueForm())],
            ['move 999999', () => submit(mod, '/known-issues/999999/move', { direction: 'up' })],
            ['evidence 999999', () => submit(mod, '/known-issues/999999/evidence', { post: String(rep.id) })],
            ['unlink from 999999', () => submit(mod, `/known-issues/999999/evidence/${rep.id}/remove`, { reason: 'なし' })],
            ['unlink post 999999', () => submit(mod, `/known-issues/${issue.id}/evidence/999999/remove`, { reason: 'なし' })],
            ['GET edit 2147483648', () => mod.agent.get('/known-issues/2147483648/edit')],
            ['move 99999999999', () => submit(mod, '/known-issues/99999999999/move', { direction: 'up' })],
            ['unlink post 2147483648', () => submit(mod, `/known-issues/${issue.id}/evidence/2147483648/remove`, { reason: 'なし' })],
            ['GET advisory MS99-999', () => (0, supertest_1.default)(t.http).get('/advisories/MS99-999/known-issues')],
            ['GET new MS99-999', () => mod.agent.get('/advisories/MS99-999/known-issues/new')],
            ['POST create MS99-999', () => submit(mod, '/advisories/MS99-999/known-issues', issueForm())],
        ];
        const got = [];
        for (const [label, go] of missing)
            got.push(`${label}: ${(await go()).status}`);
        strict_1.default.deepEqual(got, missing.map(([label]) => `${label}: 404`));
        await assertNothingChanged(t, before, 'unknown ids');
        await (0, html_1.assertValidHtml)((await (0, supertest_1.default)(t.http).get('/advisories/MS99-999/known-issues')).text, '404 page');
    });
    (0, node_test_1.it)("hides a draft advisory's known issues from guests and members", async () => {
        await (0, advisory_factory_1.createAdvisories)(t.app, [(0, advisory_factory_1.buildAdvisoryDoc)({ id: 'MS05-001' })], false);
        const admin = await member(t, viewer_1.Role.Admin);
        const draftIssue = await createIssue(t, admin, { title: '下書きの問題' }, 'MS05-001');
        await (0, supertest_1.default)(t.http).get('/advisories/MS05-001/known-issues').expect(404);
        const m = await member(t);
        await m.agent.get('/advisories/MS05-001/known-issues').expect(404);
        await mod.agent.get('/advisories/MS05-001/known-issues/new').expect(404);
        const page = await admin.agent.get('/advisories/MS05-001/known-issues').expect(200);
        strict_1.default.ok(card(page.text, draftIssue.id), 'the editor-admin sees it');
    });
});
(0, node_test_1.describe)('/known-issues across advisories', () => {
    let t;
    let mod;
    let veritas;
    let nt4;
    let other;
    let draftIssue;
    let resolved;
    let dismissed;
    const OTHER = 'MS09-500';
    (0, node_test_1.before)(async () => {
        t = await boardApp();
        mod = await member(t, viewer_1.Role.Moderator);
        const admin = await member(t, viewer_1.Role.Admin);
        await (0, advisory_factory_1.createAdvisories)(t.app, [(0, advisory_factory_1.buildAdvisoryDoc)({ id: OTHER })]);
        await (0, advisory_factory_1.createAdvisories)(t.app, [(0, advisory_factory_1.buildAdvisoryDoc)({ id: 'MS09-501' })], false);
        veritas = await createIssue(t, mod, { title: 'Backup Exec の問題', platforms: ['win2000-sp4'], software: 'VERITAS Backup Exec 8.6', status: 'investigating' });
        nt4 = await createIssue(t, mod, { title: 'NT4 が起動しない', platforms: ['nt4-server-sp6a', 'nt4-tse-sp6'], software: '', status: 'confirmed' });
        other = await createIssue(t, mod, { title: '別のセキュリティ情報の問題', platforms: ['ws2003'], software: 'Symantec AntiVirus', status: 'mitigated', references: '' }, OTHER);
        draftIssue = await createIssue(t, admin, { title: '下書きの問題', platforms: ['win2000-sp4', 'ws2003'], software: 'VERITAS Backup Exec 8.6', status: 'confirmed', references: '' }, 'MS09-501');
        resolved = await createIssue(t, mod, { title: '解決済み', status: 'resolved' });
        dismissed = await createIssue(t, mod, { title: '却下', status: 'dismissed' });
    });
    (0, node_test_1.after)(() => t.close());
    const list = async (query) => {
        const res = await (0, supertest_1.default)(t.http).get(`/known-issues${query}`);
        strict_1.default.equal(res.status, 200, `/known-issues${query}: ${res.status}`);
        return res.text;
    };
    (0, node_test_1.it)('lists open issues of published advisories, linking each to its advisory and anchor', async () => {
        const html = await list('');
        await (0, html_1.assertValidHtml)(html, '/known-issues');
        const ids = listedIds(html);
        strict_1.default.deepEqual([...ids].sort((x, y) => x - y), [veritas.id, nt4.id, other.id].sort((x, y) => x - y));
        for (const hidden of [draftIssue, resolved, dismissed])
            strict_1.default.ok(!ids.includes(hidden.id), `${hidden.title} is not listed`);
        const d = (0, htmlparser2_1.parseDocument)(html);
        const item = one(d, (e) => e.name === 'li' && one(e, (a) => a.name === 'a' && a.attribs.href === `/advisories/${OTHER}/known-issues#ki${other.id}`) !== null);
        strict_1.default.ok(item, 'the other advisory’s issue links to its page');
        strict_1.default.ok(one(item, (e) => e.name === 'a' && e.attribs.href === `/advisories/${OTHER}`));
        strict_1.default.ok(textOf(item).includes(statusLabel('mitigated')));
        strict_1.default.ok(textOf(d).includes(msg('knownIssues.count', { count: 3 })));
        const options = all(byId(d, 'f-platform'), (e) => e.name === 'option').map((o) => o.attribs.value);
        strict_1.default.deepEqual(options, ['', 'nt4-server-sp6a', 'nt4-tse-sp6', 'win2000-sp4', 'ws2003']);
    });
    (0, node_test_1.it)('filters by status, platform and software (case- and width-insensitive)', async () => {
        const cases = [
            ['?status=confirmed', [nt4.id]],
            ['?status=investigating', [veritas.id]],
            ['?status=mitigated', [other.id]],
            ['?platform=ws2003', [other.id]],
            ['?platform=nt4-tse-sp6', [nt4.id]],
            ['?software=veritas', [veritas.id]],
            ['?software=BACKUP%20EXEC', [veritas.id]],
            [`?software=${encodeURIComponent('ＶＥＲＩＴＡＳ　Ｂａｃｋｕｐ')}`, [veritas.id]],
            [`?software=${encodeURIComponent('ｓｙｍａｎｔｅｃ')}`, [other.id]],
            ['?software=%20symantec%20', [other.id]],
            ['?status=investigating&platform=win2000-sp4&software=veritas', [veritas.id]],
            ['?status=confirmed&software=veritas', []],
        ];
        for (const [query, expected] of cases) {
            const html = await list(query);
            strict_1.default.deepEqual(listedIds(html).sort((x, y) => x - y), [...expected].sort((x, y) => x - y), query);
            if (!expected.length)
                strict_1.default.ok(textOf((0, htmlparser2_1.parseDocument)(html)).includes(msg('knownIssues.noneMatching')), query);
        }
        const filtered = await list('?status=confirmed&platform=nt4-tse-sp6&software=x');
        await (0, html_1.assertValidHtml)(filtered, '/known-issues filtered');
        const d = (0, htmlparser2_1.parseDocument)(filtered);
        strict_1.default.equal(one(byId(d, 'f-status'), (e) => e.name === 'option' && 'selected' in e.attribs)?.attribs.value, 'confirmed', 'the chosen status stays selected');
        strict_1.default.equal(one(byId(d, 'f-platform'), (e) => e.name === 'option' && 'selected' in e.attribs)?.attribs.value, 'nt4-tse-sp6');
        strict_1.default.equal(byId(d, 'f-software')?.attribs.value, 'x');
    });
    (0, node_test_1.it)('ignores bad filter values, never a 500, and never lists a draft’s issues', async () => {
        const allOpen = [veritas.id, nt4.id, other.id].sort((x, y) => x - y);
        for (const query of ['?status=dismissed', '?status=resolved', '?status=%3Cscript%3E', '?status=a&status=b', '?status[]=confirmed', '?status[a]=1', '?software[]=x', '?software=a&software=b', '?platform[]=ws2003', '?platform=a&platform=b', '?status=', '?software=%20%20', '?status=%E3%81%82', '?status=CONFIRMED']) {
            const html = await list(query);
            strict_1.default.deepEqual(listedIds(html).sort((x, y) => x - y), allOpen, `${query}: ignored`);
            strict_1.default.equal(one(byId((0, htmlparser2_1.parseDocument)(html), 'f-status'), (e) => e.name === 'option' && 'selected' in e.attribs), null, `${query}: no status selected`);
        }
        await (0, html_1.assertValidHtml)(await list('?status=%3Cscript%3E&software=%22%3E%3Cimg%20src%3Dx%3E'), '/known-issues with odd filters');
        assertInert(await list('?status=%3Cscript%3E&software=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E'), '/known-issues with odd filters');
        strict_1.default.equal((await (0, supertest_1.default)(t.http).get('/known-issues?status=confirmed%00&software=a%00')).status, 400);
        strict_1.default.deepEqual(listedIds(await list('?platform=win2008-r2')), []);
        strict_1.default.deepEqual(listedIds(await list(`?platform=${'x'.repeat(3000)}&software=${'y'.repeat(3000)}`)), []);
        for (const query of ['?status=confirmed', '?platform=win2000-sp4', '?software=veritas', '?status=confirmed&platform=ws2003&software=veritas']) {
            strict_1.default.ok(!listedIds(await list(query)).includes(draftIssue.id), query);
        }
    });
});
(0, node_test_1.describe)('notifications of known issues', () => {
    let t;
    let mod;
    let watcher;
    let bystander;
    let issue;
    (0, node_test_1.before)(async () => {
        t = await boardApp();
        [mod, watcher, bystander] = [await member(t, viewer_1.Role.Moderator), await member(t), await member(t)];
    });
    (0, node_test_1.after)(() => t.close());
    const notificationsOf = (m) => t.em().find(notification_entity_1.Notification, { user: m.user.id }, { orderBy: { id: 'asc' } });
    const unreadOf = async (m) => (await t.em().findOneOrFail(user_entity_1.User, m.user.id)).unreadNotifications;
    (0, node_test_1.it)('tells watchers (not the moderator who did it) of a new issue and of each status change, not of a plain edit', async () => {
        await submit(watcher, `${BULLETIN}/watch`).expect(303);
        await submit(mod, `${BULLETIN}/watch`).expect(303);
        issue = await createIssue(t, mod);
        strict_1.default.deepEqual((await notificationsOf(watcher)).map((n) => [n.kind, n.knownIssue?.id, n.post, n.actor?.id]), [['known-issue', issue.id, null, mod.user.id]]);
        strict_1.default.equal(await unreadOf(watcher), 1);
        strict_1.default.equal((await notificationsOf(mod)).length, 0, 'not the moderator who did it');
        strict_1.default.equal(await unreadOf(mod), 0);
        strict_1.default.equal((await notificationsOf(bystander)).length, 0, 'not watching, not told');
        await changeStatus(mod, issue.id, 'investigating', '文言の修正', { title: '件名を直した' });
        strict_1.default.equal((await notificationsOf(watcher)).length, 1, 'a plain edit tells nobody');
        await changeStatus(mod, issue.id, 'confirmed', '確認');
        strict_1.default.deepEqual((await notificationsOf(watcher)).map((n) => n.knownIssue?.id), [issue.id, issue.id]);
        strict_1.default.equal(await unreadOf(watcher), 2);
        strict_1.default.equal((await notificationsOf(mod)).length, 0);
        const other = await member(t, viewer_1.Role.Moderator);
        await changeStatus(other, issue.id, 'resolved', '解決');
        strict_1.default.equal((await notificationsOf(watcher)).length, 3);
        strict_1.default.deepEqual((await notificationsOf(mod)).map((n) => [n.kind, n.actor?.id]), [['known-issue', other.user.id]]);
        await submit(mod, `/known-issues/${issue.id}/move`, { direction: 'up' }).expect(303);
        strict_1.default.equal((await notificationsOf(watcher)).length, 3);
    });
    (0, node_test_1.it)('links each notification to the issue on its advisory’s page', async () => {
        const page = await watcher.agent.get('/notifications').expect(200);
        await (0, html_1.assertValidHtml)(page.text, 'notifications of known issues');
        const items = all((0, htmlparser2_1.parseDocument)(page.text), (e) => e.name === 'li' && hasClass(e, 'notification'));
        strict_1.default.equal(items.length, 3);
        for (const item of items) {
            strict_1.default.equal(one(item, (e) => e.name === 'a')?.attribs.href, `${KI}#ki${issue.id}`);
            strict_1.default.ok(hasClass(item, 'notification--unread'));
        }
    });
    (0, node_test_1.it)('says in words what happened: the advisory and the issue’s title, no raw key or placeholder', async () => {
        const page = await watcher.agent.get('/notifications').expect(200);
        const title = (await issueRow(t, issue.id)).title;
        for (const item of all((0, htmlparser2_1.parseDocument)(page.text), (e) => e.name === 'li' && hasClass(e, 'notification'))) {
            const text = textOf(one(item, (e) => e.name === 'a'));
            strict_1.default.ok(!/notifications\.kind\.|\{\w+\}/.test(text), `the notification reads as a message, not a key or a placeholder: "${text}"`);
            strict_1.default.ok(text.includes(ID) && text.includes(title), `names the advisory and the issue: "${text}"`);
        }
    });
});
(0, node_test_1.describe)('script in known issues', () => {
    const PAYLOAD = '<script>alert(1)</script> "><img src=x onerror=alert(1)>';
    let t;
    let mod;
    let watcher;
    (0, node_test_1.before)(async () => {
        t = await boardApp();
        [mod, watcher] = [await member(t, viewer_1.Role.Moderator), await member(t)];
        await submit(watcher, `${BULLETIN}/watch`).expect(303);
    });
    (0, node_test_1.after)(() => t.close());
    (0, node_test_1.it)('shows title, symptom, workaround and the rest escaped on every page', async () => {
        const fields = { title: `件名 ${PAYLOAD}`, symptom: `症状 ${PAYLOAD}`, workaround: `回避策 ${PAYLOAD}\n二行目 ${PAYLOAD}`, resolution: `解決 ${PAYLOAD}`, software: `ソフト ${PAYLOAD}`, note: `記録 ${PAYLOAD}` };
        const issue = await createIssue(t, mod, fields);
        strict_1.default.equal(issue.title, fields.title, 'stored as typed');
        await changeStatus(mod, issue.id, 'confirmed', `変更 ${PAYLOAD}`);
        const pages = [
            ['known-issues page', (await (0, supertest_1.default)(t.http).get(KI).expect(200)).text],
            ['known-issues page (moderator)', (await mod.agent.get(KI).expect(200)).text],
            ['bulletin', (await (0, supertest_1.default)(t.http).get(BULLETIN).expect(200)).text],
            ['thread', (await (0, supertest_1.default)(t.http).get(THREAD).expect(200)).text],
            ['/known-issues', (await (0, supertest_1.default)(t.http).get('/known-issues').expect(200)).text],
            ['/known-issues?software=', (await (0, supertest_1.default)(t.http).get(`/known-issues?software=${encodeURIComponent(PAYLOAD)}`).expect(200)).text],
            ['edit form', (await mod.agent.get(`/known-issues/${issue.id}/edit`).expect(200)).text],
            ['form with errors', (await submit(mod, KI, { ...fields, note: '' }).expect(422)).text],
            ['notifications', (await watcher.agent.get('/notifications').expect(200)).text],
        ];
        for (const [label, html] of pages) {
            await (0, html_1.assertValidHtml)(html, label);
            assertInert(html, label);
        }
        const kiPage = textOf((0, htmlparser2_1.parseDocument)(pages[0][1]));
        for (const v of [fields.title, fields.symptom, fields.resolution, fields.software, `記録 ${PAYLOAD}`, `変更 ${PAYLOAD}`])
            strict_1.default.ok(kiPage.includes(v.replace(/\s+/g, ' ')), `shown as text: ${v}`);
        for (const [label, html] of pages.slice(2, 5))
            strict_1.default.ok(textOf((0, htmlparser2_1.parseDocument)(html)).includes(fields.title), `${label}: the title as text`);
        const line = summary(pages[2][1]).open[0].workaround;
        strict_1.default.equal(line, `${msg('knownIssue.workaround')}: 回避策 ${PAYLOAD}`.replace(/\s+/g, ' '), 'the workaround line as text');
        const form = formValues(pages[7][1], KI);
        strict_1.default.equal(valueOf(form, 'title'), fields.title, 'kept in the form as typed');
        strict_1.default.equal(valueOf(form, 'symptom'), fields.symptom);
    });
    (0, node_test_1.it)('never links a reference that is not http(s)', async () => {
        const before = await snapshot(t);
        for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', '//evil.example/x']) {
            const res = await submit(mod, KI, issueForm({ references: bad })).expect(422);
            strict_1.default.equal(fieldError(res.text, 'ki-references'), msg('knownIssue.references.invalid'), bad);
            assertInert(res.text, `references ${bad}`);
        }
        await assertNothingChanged(t, before, 'bad references');
        const html = (await (0, supertest_1.default)(t.http).get(KI).expect(200)).text;
        const hrefs = all((0, htmlparser2_1.parseDocument)(html), (e) => e.name === 'a').map((a) => a.attribs.href ?? '');
        strict_1.default.ok(hrefs.every((h) => !/^\s*(javascript|data|vbscript):/i.test(h)), hrefs.join(' '));
    });
});
//# sourceMappingURL=known-issues.e2e-spec.js.map