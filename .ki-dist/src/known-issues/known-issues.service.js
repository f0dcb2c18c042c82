"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.KnownIssuesService = void 0;
exports.checkKnownIssue = checkKnownIssue;
const core_1 = require("@mikro-orm/core");
const common_1 = require("@nestjs/common");
const advisory_entity_1 = require("../advisories/advisory.entity");
const form_invalid_exception_1 = require("../common/forms/form-invalid.exception");
const sql_1 = require("../database/sql");
const field_report_entity_1 = require("../field-reports/field-report.entity");
const audit_service_1 = require("../moderation/audit.service");
const notifications_service_1 = require("../notifications/notifications.service");
const actions_1 = require("../policy/actions");
const policy_service_1 = require("../policy/policy.service");
const post_entity_1 = require("../threads/post.entity");
const posts_service_1 = require("../threads/posts.service");
const user_entity_1 = require("../users/user.entity");
const known_issue_event_entity_1 = require("./known-issue-event.entity");
const known_issue_evidence_entity_1 = require("./known-issue-evidence.entity");
const known_issue_entity_1 = require("./known-issue.entity");
const known_issue_view_model_1 = require("./known-issue.view-model");
const KB = /^(?:KB)?(\d{5,7})$/i;
function checkKnownIssue(input, platforms, requireNote) {
    const errors = {};
    const text = (v) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim() : '');
    const title = text(input.title);
    const symptom = text(input.symptom);
    const software = text(input.software).normalize('NFKC');
    const workaround = text(input.workaround);
    const resolution = text(input.resolution);
    const note = text(input.note);
    if (!title || title.length > 200)
        errors.title = 'knownIssue.title.invalid';
    if (!symptom || symptom.length > 5000)
        errors.symptom = 'knownIssue.symptom.invalid';
    if (software.length > 200)
        errors.software = 'knownIssue.software.tooLong';
    if (workaround.length > 5000)
        errors.workaround = 'knownIssue.text.tooLong';
    if (resolution.length > 5000)
        errors.resolution = 'knownIssue.text.tooLong';
    const keys = new Set(platforms.map((p) => p.key));
    const chosen = (Array.isArray(input.platforms) ? input.platforms : input.platforms ? [input.platforms] : []).filter((k) => typeof k === 'string');
    if (chosen.some((k) => !keys.has(k)))
        errors.platforms = 'knownIssue.platforms.invalid';
    const references = [];
    for (const line of text(input.references).split('\n').map((l) => l.trim()).filter(Boolean)) {
        const kb = KB.exec(line.normalize('NFKC'));
        if (kb)
            references.push(kb[1]);
        else if (isHttpUrl(line))
            references.push(line);
        else
            errors.references = 'knownIssue.references.invalid';
    }
    if (references.length > 20)
        errors.references = 'knownIssue.references.invalid';
    const status = text(input.status) || 'investigating';
    if (!known_issue_entity_1.KNOWN_ISSUE_STATUSES.includes(status))
        errors.status = 'knownIssue.status.invalid';
    if (requireNote && (!note || note.length > 1000))
        errors.note = 'knownIssue.note.required';
    else if (note.length > 1000)
        errors.note = 'knownIssue.note.required';
    if (Object.keys(errors).length)
        throw new form_invalid_exception_1.FormInvalidException(errors);
    const ordered = platforms.map((p) => p.key).filter((k) => chosen.includes(k));
    return { title, symptom, platforms: ordered, software, workaround, resolution, references: [...new Set(references)], status: status, note };
}
function isHttpUrl(s) {
    try {
        const u = new URL(s);
        return (u.protocol === 'http:' || u.protocol === 'https:') && s.length <= 500;
    }
    catch {
        return false;
    }
}
let KnownIssuesService = class KnownIssuesService {
    constructor(em, policy, audit, notifications) {
        this.em = em;
        this.policy = policy;
        this.audit = audit;
        this.notifications = notifications;
    }
    async create(viewer, advisoryId, input, fromPostId) {
        this.policy.ensure(viewer, actions_1.Action.ManageKnownIssues);
        return this.em.fork().transactional(async (em) => {
            const advisory = await em.findOne(advisory_entity_1.Advisory, advisoryId, { populate: ['platforms'] });
            if (!advisory)
                throw new common_1.NotFoundException();
            const checked = checkKnownIssue(input, advisory.platforms.getItems(), true);
            const [{ n }] = await (0, sql_1.sql)(em, 'select max(position) as n from known_issues where advisory_id = ?', [advisory.id], 'all');
            const issue = new known_issue_entity_1.KnownIssue((0, core_1.ref)(advisory), checked.title, checked.symptom, (0, core_1.ref)(user_entity_1.User, viewer.id));
            apply(issue, checked);
            issue.status = checked.status;
            issue.position = Number(n ?? 0) + 1;
            em.persist(issue);
            em.persist(new known_issue_event_entity_1.KnownIssueEvent((0, core_1.ref)(issue), 'created', null, issue.status, checked.note, (0, core_1.ref)(user_entity_1.User, viewer.id)));
            await em.flush();
            if (fromPostId)
                await this.link(em, viewer, issue, fromPostId, true);
            this.audit.record(em, viewer, { action: 'known-issue.create', targetType: 'known-issue', targetId: issue.id, reason: checked.note, detail: { advisory: advisory.id, title: issue.title, status: issue.status, fromPost: fromPostId } });
            await this.notifications.notifyKnownIssue(em, issue, advisory.id, viewer.id);
            return issue;
        });
    }
    async update(viewer, id, input) {
        this.policy.ensure(viewer, actions_1.Action.ManageKnownIssues);
        return this.em.fork().transactional(async (em) => {
            const issue = await em.findOne(known_issue_entity_1.KnownIssue, id, { populate: ['advisory', 'advisory.platforms'] });
            if (!issue)
                throw new common_1.NotFoundException();
            const statusChanges = typeof input.status === 'string' && input.status !== '' && input.status !== issue.status;
            const checked = checkKnownIssue({ ...input, status: statusChanges ? input.status : issue.status }, issue.advisory.getEntity().platforms.getItems(), true);
            const from = issue.status;
            apply(issue, checked);
            issue.status = checked.status;
            issue.updatedAt = new Date();
            em.persist(new known_issue_event_entity_1.KnownIssueEvent((0, core_1.ref)(issue), statusChanges ? 'status' : 'edited', from, issue.status, checked.note, (0, core_1.ref)(user_entity_1.User, viewer.id)));
            this.audit.record(em, viewer, { action: statusChanges ? 'known-issue.status' : 'known-issue.edit', targetType: 'known-issue', targetId: issue.id, reason: checked.note, detail: { advisory: issue.advisory.id, from, to: issue.status } });
            if (statusChanges)
                await this.notifications.notifyKnownIssue(em, issue, issue.advisory.id, viewer.id);
            return issue;
        });
    }
    async move(viewer, id, direction) {
        this.policy.ensure(viewer, actions_1.Action.ManageKnownIssues);
        return this.em.fork().transactional(async (em) => {
            const issue = await em.findOne(known_issue_entity_1.KnownIssue, id);
            if (!issue)
                throw new common_1.NotFoundException();
            const siblings = await em.find(known_issue_entity_1.KnownIssue, { advisory: issue.advisory }, { orderBy: [{ position: 'asc' }, { id: 'asc' }] });
            const i = siblings.findIndex((s) => s.id === issue.id);
            const j = direction === 'up' ? i - 1 : i + 1;
            if (j < 0 || j >= siblings.length)
                return issue;
            [siblings[i], siblings[j]] = [siblings[j], siblings[i]];
            siblings.forEach((s, k) => (s.position = k + 1));
            this.audit.record(em, viewer, { action: 'known-issue.reorder', targetType: 'known-issue', targetId: issue.id, detail: { advisory: issue.advisory.id, direction } });
            return issue;
        });
    }
    async addEvidence(viewer, id, postId) {
        await this.em.fork().transactional(async (em) => {
            const issue = await em.findOne(known_issue_entity_1.KnownIssue, id);
            if (!issue)
                throw new common_1.NotFoundException();
            await this.link(em, viewer, issue, postId, this.policy.can(viewer, actions_1.Action.ManageKnownIssues));
        });
    }
    async removeEvidence(viewer, id, postId, reason) {
        this.policy.ensure(viewer, actions_1.Action.ManageKnownIssues);
        if (!reason.trim())
            throw new form_invalid_exception_1.FormInvalidException({ reason: 'form.reasonRequired' });
        await this.em.fork().transactional(async (em) => {
            const deleted = await em.nativeDelete(known_issue_evidence_entity_1.KnownIssueEvidence, { knownIssue: id, post: postId });
            if (!deleted)
                throw new common_1.NotFoundException();
            await (0, sql_1.sql)(em, 'update known_issues set evidence_count = evidence_count - 1 where id = ?', [id]);
            this.audit.record(em, viewer, { action: 'known-issue.evidence-remove', targetType: 'known-issue', targetId: id, reason: reason.trim(), detail: { post: postId } });
        });
    }
    async link(em, viewer, issue, postId, asModerator) {
        const post = await em.findOne(post_entity_1.Post, { id: postId, isReport: true }, { populate: ['thread', 'thread.advisory'] });
        if (!post || post.thread.getEntity().advisory.id !== issue.advisory.id || post.state !== 'visible')
            throw new form_invalid_exception_1.FormInvalidException({ evidence: 'knownIssue.evidence.invalid' });
        if (!asModerator && !this.policy.can(viewer, actions_1.Action.AddOwnEvidence, (0, posts_service_1.postSubject)(post, post.thread.getEntity())))
            throw new form_invalid_exception_1.FormInvalidException({ evidence: 'knownIssue.evidence.notYours' });
        try {
            em.persist(new known_issue_evidence_entity_1.KnownIssueEvidence((0, core_1.ref)(issue), (0, core_1.ref)(post), (0, core_1.ref)(user_entity_1.User, viewer.id)));
            await em.flush();
        }
        catch (err) {
            if (err instanceof core_1.UniqueConstraintViolationException)
                throw new form_invalid_exception_1.FormInvalidException({ evidence: 'knownIssue.evidence.already' });
            throw err;
        }
        await (0, sql_1.sql)(em, 'update known_issues set evidence_count = evidence_count + 1 where id = ?', [issue.id]);
    }
    async summary(advisory, platforms) {
        const em = this.em.fork();
        const issues = await em.find(known_issue_entity_1.KnownIssue, { advisory, status: { $ne: 'dismissed' } }, { orderBy: [{ position: 'asc' }, { id: 'asc' }] });
        const behind = await this.confirmationsBehind(issues.map((i) => i.id));
        const view = (i) => (0, known_issue_view_model_1.issueView)(i, advisory, platforms, behind.get(i.id) ?? 0);
        return { open: issues.filter((i) => i.isOpen).map(view), resolved: issues.filter((i) => !i.isOpen).map(view), pageUrl: (0, known_issue_view_model_1.knownIssuesPath)(advisory.id) };
    }
    async confirmationsBehind(issueIds) {
        if (!issueIds.length)
            return new Map();
        const rows = await (0, sql_1.sql)(this.em.fork(), `select e.known_issue_id as id, sum(r.confirmation_count) as n from known_issue_evidence e join field_reports r on r.post_id = e.post_id
       where e.known_issue_id in (${issueIds.map(() => '?').join(',')}) group by e.known_issue_id`, issueIds, 'all');
        return new Map(rows.map((r) => [Number(r.id), Number(r.n ?? 0)]));
    }
    async reportsWithConfirmations(postIds, platforms) {
        const result = new Map();
        if (!postIds.length)
            return result;
        const em = this.em.fork();
        const reports = await em.find(field_report_entity_1.FieldReport, { post: { $in: postIds } }, { populate: ['platform'] });
        const marks = postIds.map(() => '?').join(',');
        const rows = await (0, sql_1.sql)(em, `select c.report_id as report_id, p.key as key, count(*) as n from confirmations c left join advisory_platforms p on p.id = c.platform_id where c.report_id in (${marks}) group by c.report_id, p.key`, postIds, 'all');
        const labels = new Map(platforms.map((p) => [p.key, p.label]));
        for (const r of reports) {
            result.set(r.post.id, {
                outcome: r.outcome,
                outcomeKey: `outcome.${r.outcome}`,
                platform: r.platform?.getEntity().label ?? r.platformOther,
                hosts: r.hosts,
                confirmationCount: r.confirmationCount,
                byPlatform: rows.filter((x) => Number(x.report_id) === r.post.id).map((x) => ({ label: x.key ? (labels.get(x.key) ?? x.key) : 'other', count: Number(x.n) })),
            });
        }
        return result;
    }
    async reportOf(postId) {
        const em = this.em.fork();
        const post = await em.findOne(post_entity_1.Post, { id: postId, isReport: true }, { populate: ['thread', 'thread.advisory'] });
        const report = post ? await em.findOne(field_report_entity_1.FieldReport, { post }, { populate: ['platform'] }) : null;
        return post && report ? { post, report } : null;
    }
};
exports.KnownIssuesService = KnownIssuesService;
exports.KnownIssuesService = KnownIssuesService = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [core_1.EntityManager,
        policy_service_1.PolicyService,
        audit_service_1.AuditService,
        notifications_service_1.NotificationsService])
], KnownIssuesService);
function apply(issue, c) {
    issue.title = c.title;
    issue.symptom = c.symptom;
    issue.platforms = c.platforms;
    issue.software = c.software;
    issue.workaround = c.workaround;
    issue.resolution = c.resolution;
    issue.references = c.references;
}
//# sourceMappingURL=known-issues.service.js.map