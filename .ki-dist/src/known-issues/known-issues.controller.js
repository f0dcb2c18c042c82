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
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.KnownIssuesController = void 0;
const core_1 = require("@mikro-orm/core");
const common_1 = require("@nestjs/common");
const advisory_entity_1 = require("../advisories/advisory.entity");
const advisory_format_1 = require("../advisories/advisory-format");
const advisory_view_model_1 = require("../advisories/advisory.view-model");
const auth_setup_1 = require("../auth/auth.setup");
const current_viewer_decorator_1 = require("../common/decorators/current-viewer.decorator");
const public_decorator_1 = require("../common/decorators/public.decorator");
const form_invalid_exception_1 = require("../common/forms/form-invalid.exception");
const actions_1 = require("../policy/actions");
const policy_service_1 = require("../policy/policy.service");
const post_entity_1 = require("../threads/post.entity");
const thread_page_service_1 = require("../threads/thread-page.service");
const known_issue_event_entity_1 = require("./known-issue-event.entity");
const known_issue_evidence_entity_1 = require("./known-issue-evidence.entity");
const known_issue_entity_1 = require("./known-issue.entity");
const known_issues_service_1 = require("./known-issues.service");
const known_issue_view_model_1 = require("./known-issue.view-model");
const FIELDS = ['title', 'symptom', 'platforms', 'software', 'workaround', 'resolution', 'references', 'status', 'note'];
function formInput(body) {
    const input = {};
    for (const k of FIELDS)
        if (typeof body[k] === 'string' || (k === 'platforms' && Array.isArray(body[k])))
            input[k] = body[k];
    return input;
}
let KnownIssuesController = class KnownIssuesController {
    constructor(em, issues, policy) {
        this.em = em;
        this.issues = issues;
        this.policy = policy;
    }
    async forAdvisory(rawId, viewer, req, res) {
        const advisory = await this.advisory(rawId, viewer);
        const em = this.em.fork();
        const all = await em.find(known_issue_entity_1.KnownIssue, { advisory }, { orderBy: [{ position: 'asc' }, { id: 'asc' }] });
        const ids = all.map((i) => i.id);
        const events = ids.length ? await em.find(known_issue_event_entity_1.KnownIssueEvent, { knownIssue: { $in: ids } }, { orderBy: { id: 'asc' }, populate: ['actor'] }) : [];
        const evidence = ids.length ? await em.find(known_issue_evidence_entity_1.KnownIssueEvidence, { knownIssue: { $in: ids } }, { orderBy: { id: 'asc' }, populate: ['post', 'post.author'] }) : [];
        const reports = await this.issues.reportsWithConfirmations(evidence.map((e) => e.post.id), advisory.platforms.getItems());
        const behind = await this.issues.confirmationsBehind(ids);
        const canManage = this.policy.can(viewer, actions_1.Action.ManageKnownIssues);
        const mine = viewer.isGuest ? [] : await em.find(post_entity_1.Post, { author: viewer.id, isReport: true, state: 'visible', thread: { advisory } }, { orderBy: { number: 'asc' }, fields: ['id', 'number'] });
        const linked = new Set(evidence.map((e) => `${e.knownIssue.id}:${e.post.id}`));
        const view = (i) => ({
            ...(0, known_issue_view_model_1.issueView)(i, advisory, advisory.platforms.getItems(), behind.get(i.id) ?? 0),
            canManage,
            myReports: mine.filter((p) => !linked.has(`${i.id}:${p.id}`)).map((p) => ({ id: p.id, number: p.number })),
            history: events.filter((e) => e.knownIssue.id === i.id).map((e) => ({ kind: e.kind, statusKey: `knownIssue.status.${e.toStatus}`, status: e.toStatus, fromKey: e.fromStatus ? `knownIssue.status.${e.fromStatus}` : null, note: e.note, actor: e.actor.getEntity().username, at: e.createdAt })),
            evidence: evidence
                .filter((e) => e.knownIssue.id === i.id)
                .map((e) => ({ postId: e.post.id, number: e.post.getEntity().number, url: (0, thread_page_service_1.postPath)(advisory.id, e.post.getEntity().number), author: e.post.getEntity().author.getEntity().username, ...(reports.get(e.post.id) ?? {}) })),
        });
        res.render('known-issues/advisory', {
            title: `${advisory.id} — ${advisory.title}`,
            csrfToken: viewer.isGuest ? undefined : (0, auth_setup_1.csrfToken)(req),
            advisory: { id: advisory.id, title: advisory.title, url: (0, advisory_view_model_1.advisoryPath)(advisory.id), threadUrl: (0, advisory_view_model_1.threadPath)(advisory.id) },
            open: all.filter((i) => i.isOpen).map(view),
            closed: all.filter((i) => !i.isOpen).map(view),
            canManage,
            newUrl: canManage ? `${(0, known_issue_view_model_1.knownIssuesPath)(advisory.id)}/new` : null,
        });
    }
    async newForm(rawId, from, viewer, req, res) {
        this.policy.ensure(viewer, actions_1.Action.ManageKnownIssues);
        const advisory = await this.advisory(rawId, viewer);
        const values = { status: 'investigating' };
        const fromId = from && /^\d{1,10}$/.test(from) ? Number(from) : null;
        if (fromId) {
            const found = await this.issues.reportOf(fromId);
            if (!found || found.post.thread.getEntity().advisory.id !== advisory.id)
                throw new common_1.NotFoundException();
            values.from = String(fromId);
            values.platforms = found.report.platform ? [found.report.platform.getEntity().key] : [];
            values.software = found.report.software;
            values.symptom = found.post.bodySource;
            values.title = found.report.software ? `${found.report.software}: ` : '';
        }
        res.render('known-issues/form', this.formView(advisory, req, values, {}, null));
    }
    async create(rawId, body, viewer, req, res) {
        this.policy.ensure(viewer, actions_1.Action.ManageKnownIssues);
        const advisory = await this.advisory(rawId, viewer);
        const from = typeof body.from === 'string' && /^\d{1,10}$/.test(body.from) ? Number(body.from) : null;
        try {
            const issue = await this.issues.create(viewer, advisory.id, formInput(body), from);
            res.redirect(303, `${(0, known_issue_view_model_1.knownIssuesPath)(advisory.id)}#ki${issue.id}`);
        }
        catch (err) {
            if (!(err instanceof form_invalid_exception_1.FormInvalidException))
                throw err;
            res.status(422).render('known-issues/form', this.formView(advisory, req, { ...formInput(body), from: from ? String(from) : undefined }, err.errors, null));
        }
    }
    async editForm(kid, viewer, req, res) {
        this.policy.ensure(viewer, actions_1.Action.ManageKnownIssues);
        const issue = await this.load(kid);
        const advisory = issue.advisory.getEntity();
        const values = { title: issue.title, symptom: issue.symptom, platforms: issue.platforms, software: issue.software, workaround: issue.workaround, resolution: issue.resolution, references: issue.references.join('\n'), status: issue.status };
        res.render('known-issues/form', this.formView(advisory, req, values, {}, issue));
    }
    async edit(kid, body, viewer, req, res) {
        this.policy.ensure(viewer, actions_1.Action.ManageKnownIssues);
        const issue = await this.load(kid);
        try {
            await this.issues.update(viewer, kid, formInput(body));
            res.redirect(303, `${(0, known_issue_view_model_1.knownIssuesPath)(issue.advisory.id)}#ki${kid}`);
        }
        catch (err) {
            if (!(err instanceof form_invalid_exception_1.FormInvalidException))
                throw err;
            res.status(422).render('known-issues/form', this.formView(issue.advisory.getEntity(), req, formInput(body), err.errors, issue));
        }
    }
    async move(kid, direction, viewer, res) {
        const issue = await this.issues.move(viewer, kid, direction === 'up' ? 'up' : 'down');
        res.redirect(303, `${(0, known_issue_view_model_1.knownIssuesPath)(issue.advisory.id)}#ki${kid}`);
    }
    async addEvidence(kid, post, viewer, res) {
        const issue = await this.load(kid);
        const postId = typeof post === 'string' && /^\d{1,10}$/.test(post) ? Number(post) : 0;
        try {
            await this.issues.addEvidence(viewer, kid, postId);
        }
        catch (err) {
            if (!(err instanceof form_invalid_exception_1.FormInvalidException))
                throw err;
            return res.status(422).render('errors/error', { titleKey: 'knownIssue.evidence.refused', messageKey: Object.values(err.errors)[0], status: 422 });
        }
        res.redirect(303, `${(0, known_issue_view_model_1.knownIssuesPath)(issue.advisory.id)}#ki${kid}`);
    }
    async removeEvidence(kid, postId, reason, viewer, res) {
        const issue = await this.load(kid);
        try {
            await this.issues.removeEvidence(viewer, kid, postId, typeof reason === 'string' ? reason : '');
        }
        catch (err) {
            if (!(err instanceof form_invalid_exception_1.FormInvalidException))
                throw err;
            return res.status(422).render('errors/error', { titleKey: 'knownIssue.evidence.refused', messageKey: 'form.reasonRequired', status: 422 });
        }
        res.redirect(303, `${(0, known_issue_view_model_1.knownIssuesPath)(issue.advisory.id)}#ki${kid}`);
    }
    async all(status, platform, software, res) {
        const statuses = status && known_issue_entity_1.OPEN_STATUSES.includes(status) ? [status] : [...known_issue_entity_1.OPEN_STATUSES];
        const em = this.em.fork();
        const softwareText = typeof software === 'string' ? software.normalize('NFKC').trim().slice(0, 100) : '';
        const issues = await em.find(known_issue_entity_1.KnownIssue, { status: { $in: statuses }, advisory: { status: 'published' } }, { orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }], limit: 500, populate: ['advisory', 'advisory.platforms'] });
        const platformKey = typeof platform === 'string' ? platform.slice(0, 40) : '';
        const shown = issues.filter((i) => (!platformKey || i.platforms.includes(platformKey)) && (!softwareText || i.software.toLowerCase().includes(softwareText.toLowerCase())));
        const behind = await this.issues.confirmationsBehind(shown.map((i) => i.id));
        const platformKeys = [...new Set(issues.flatMap((i) => i.platforms))].sort();
        res.render('known-issues/index', {
            titleKey: 'knownIssues.title',
            issues: shown.map((i) => ({ ...(0, known_issue_view_model_1.issueView)(i, i.advisory.getEntity(), i.advisory.getEntity().platforms.getItems(), behind.get(i.id) ?? 0), advisory: { id: i.advisory.id, url: (0, advisory_view_model_1.advisoryPath)(i.advisory.id) } })),
            filters: {
                statuses: known_issue_entity_1.OPEN_STATUSES.map((s) => ({ value: s, key: `knownIssue.status.${s}`, selected: s === status })),
                platforms: platformKeys.map((k) => ({ value: k, selected: k === platformKey })),
                software: softwareText,
            },
            count: shown.length,
        });
    }
    formView(advisory, req, values, errors, issue) {
        const chosen = new Set(Array.isArray(values.platforms) ? values.platforms : values.platforms ? [values.platforms] : []);
        return {
            titleKey: issue ? 'knownIssue.edit.title' : 'knownIssue.new.title',
            csrfToken: (0, auth_setup_1.csrfToken)(req),
            advisory: { id: advisory.id, title: advisory.title, url: (0, known_issue_view_model_1.knownIssuesPath)(advisory.id) },
            action: issue ? `/known-issues/${issue.id}/edit` : (0, known_issue_view_model_1.knownIssuesPath)(advisory.id),
            isEdit: issue !== null,
            values,
            platforms: advisory.platforms.getItems().map((p) => ({ value: p.key, label: p.label, checked: chosen.has(p.key) })),
            statuses: known_issue_entity_1.KNOWN_ISSUE_STATUSES.map((s) => ({ value: s, key: `knownIssue.status.${s}`, selected: s === (values.status || 'investigating') })),
            errors,
            hasErrors: Object.keys(errors).length > 0,
        };
    }
    async advisory(rawId, viewer) {
        const id = (0, advisory_format_1.normalizeAdvisoryId)(rawId);
        const advisory = id ? await this.em.fork().findOne(advisory_entity_1.Advisory, id, { populate: ['platforms'] }) : null;
        if (!advisory || !this.policy.can(viewer, actions_1.Action.ViewAdvisory, advisory))
            throw new common_1.NotFoundException();
        return advisory;
    }
    async load(id) {
        const issue = await this.em.fork().findOne(known_issue_entity_1.KnownIssue, id, { populate: ['advisory', 'advisory.platforms'] });
        if (!issue)
            throw new common_1.NotFoundException();
        return issue;
    }
};
exports.KnownIssuesController = KnownIssuesController;
__decorate([
    (0, public_decorator_1.Public)(),
    (0, common_1.Get)('advisories/:id/known-issues'),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(2, (0, common_1.Req)()),
    __param(3, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], KnownIssuesController.prototype, "forAdvisory", null);
__decorate([
    (0, common_1.Get)('advisories/:id/known-issues/new'),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, common_1.Query)('from')),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Req)()),
    __param(4, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, Object, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], KnownIssuesController.prototype, "newForm", null);
__decorate([
    (0, common_1.Post)('advisories/:id/known-issues'),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, common_1.Body)()),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Req)()),
    __param(4, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, Object, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], KnownIssuesController.prototype, "create", null);
__decorate([
    (0, common_1.Get)('known-issues/:kid/edit'),
    __param(0, (0, common_1.Param)('kid', common_1.ParseIntPipe)),
    __param(1, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(2, (0, common_1.Req)()),
    __param(3, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], KnownIssuesController.prototype, "editForm", null);
__decorate([
    (0, common_1.Post)('known-issues/:kid/edit'),
    __param(0, (0, common_1.Param)('kid', common_1.ParseIntPipe)),
    __param(1, (0, common_1.Body)()),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Req)()),
    __param(4, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, Object, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], KnownIssuesController.prototype, "edit", null);
__decorate([
    (0, common_1.Post)('known-issues/:kid/move'),
    __param(0, (0, common_1.Param)('kid', common_1.ParseIntPipe)),
    __param(1, (0, common_1.Body)('direction')),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, String, Object, Object]),
    __metadata("design:returntype", Promise)
], KnownIssuesController.prototype, "move", null);
__decorate([
    (0, common_1.Post)('known-issues/:kid/evidence'),
    __param(0, (0, common_1.Param)('kid', common_1.ParseIntPipe)),
    __param(1, (0, common_1.Body)('post')),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, String, Object, Object]),
    __metadata("design:returntype", Promise)
], KnownIssuesController.prototype, "addEvidence", null);
__decorate([
    (0, common_1.Post)('known-issues/:kid/evidence/:postId/remove'),
    __param(0, (0, common_1.Param)('kid', common_1.ParseIntPipe)),
    __param(1, (0, common_1.Param)('postId', common_1.ParseIntPipe)),
    __param(2, (0, common_1.Body)('reason')),
    __param(3, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(4, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, Number, String, Object, Object]),
    __metadata("design:returntype", Promise)
], KnownIssuesController.prototype, "removeEvidence", null);
__decorate([
    (0, public_decorator_1.Public)(),
    (0, common_1.Get)('known-issues'),
    __param(0, (0, common_1.Query)('status')),
    __param(1, (0, common_1.Query)('platform')),
    __param(2, (0, common_1.Query)('software')),
    __param(3, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], KnownIssuesController.prototype, "all", null);
exports.KnownIssuesController = KnownIssuesController = __decorate([
    (0, common_1.Controller)(),
    __metadata("design:paramtypes", [core_1.EntityManager,
        known_issues_service_1.KnownIssuesService,
        policy_service_1.PolicyService])
], KnownIssuesController);
//# sourceMappingURL=known-issues.controller.js.map