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
exports.ModerationController = void 0;
const core_1 = require("@mikro-orm/core");
const common_1 = require("@nestjs/common");
const advisory_view_model_1 = require("../advisories/advisory.view-model");
const advisory_format_1 = require("../advisories/advisory-format");
const auth_setup_1 = require("../auth/auth.setup");
const current_viewer_decorator_1 = require("../common/decorators/current-viewer.decorator");
const form_invalid_exception_1 = require("../common/forms/form-invalid.exception");
const actions_1 = require("../policy/actions");
const policy_service_1 = require("../policy/policy.service");
const thread_page_service_1 = require("../threads/thread-page.service");
const thread_entity_1 = require("../threads/thread.entity");
const audit_entry_entity_1 = require("./audit-entry.entity");
const flag_entity_1 = require("./flag.entity");
const moderation_service_1 = require("./moderation.service");
const LOG_PAGE = 100;
let ModerationController = class ModerationController {
    constructor(moderation, policy, em) {
        this.moderation = moderation;
        this.policy = policy;
        this.em = em;
    }
    async flag(id, body, viewer, res) {
        const str = (k) => (typeof body[k] === 'string' ? body[k] : undefined);
        try {
            await this.moderation.flag(viewer, id, str('reason'), str('note'));
        }
        catch (err) {
            if (!(err instanceof form_invalid_exception_1.FormInvalidException))
                throw err;
            return res.status(422).render('errors/error', { titleKey: 'flag.refused', messageKey: Object.values(err.errors)[0], status: 422 });
        }
        res.render('moderation/flagged', { titleKey: 'flag.thanks' });
    }
    async queue(viewer, req, res) {
        this.policy.ensure(viewer, actions_1.Action.ModerateQueue);
        const { flagged, held } = await this.moderation.queue();
        res.render('moderation/queue', {
            titleKey: 'mod.title',
            csrfToken: (0, auth_setup_1.csrfToken)(req),
            flagged: flagged.map(({ post, flags }) => ({
                id: post.id,
                number: post.number,
                url: (0, thread_page_service_1.postPath)(post.thread.getEntity().advisory.id, post.number),
                advisoryId: post.thread.getEntity().advisory.id,
                author: post.author.getEntity().username,
                bodyHtml: post.bodyHtml,
                stateKey: `post.state.${post.state}`,
                since: flags[0].createdAt,
                count: flags.length,
                reasons: flag_entity_1.FLAG_REASONS.map((r) => ({ key: `flag.reason.${r}`, count: flags.filter((f) => f.reason === r).length })).filter((r) => r.count > 0),
                notes: flags.filter((f) => f.note).map((f) => ({ user: f.user.getEntity().username, note: f.note })),
                deferred: flags.every((f) => f.state === 'deferred'),
            })),
            held: held.map((post) => ({ id: post.id, number: post.number, url: (0, thread_page_service_1.postPath)(post.thread.getEntity().advisory.id, post.number), advisoryId: post.thread.getEntity().advisory.id, author: post.author.getEntity().username, bodyHtml: post.bodyHtml, createdAt: post.createdAt })),
        });
    }
    async resolve(id, body, viewer, res) {
        const decision = body.decision === 'agree' || body.decision === 'disagree' || body.decision === 'defer' ? body.decision : null;
        try {
            if (!decision)
                throw new form_invalid_exception_1.FormInvalidException({ decision: 'form.invalid' });
            await this.moderation.resolve(viewer, id, decision, typeof body.reason === 'string' ? body.reason : '');
        }
        catch (err) {
            if (!(err instanceof form_invalid_exception_1.FormInvalidException))
                throw err;
            return res.status(422).render('errors/error', { titleKey: 'mod.refused', messageKey: Object.values(err.errors)[0], status: 422 });
        }
        res.redirect(303, '/mod');
    }
    async review(id, body, viewer, res) {
        try {
            if (body.decision !== 'approve' && body.decision !== 'reject')
                throw new form_invalid_exception_1.FormInvalidException({ decision: 'form.invalid' });
            await this.moderation.review(viewer, id, body.decision === 'approve', typeof body.reason === 'string' ? body.reason : '');
        }
        catch (err) {
            if (!(err instanceof form_invalid_exception_1.FormInvalidException))
                throw err;
            return res.status(422).render('errors/error', { titleKey: 'mod.refused', messageKey: Object.values(err.errors)[0], status: 422 });
        }
        res.redirect(303, '/mod');
    }
    async accountState(id, body, viewer, res) {
        const state = body.state === 'silenced' || body.state === 'suspended' || body.state === 'active' ? body.state : null;
        const days = typeof body.days === 'string' && /^\d{1,4}$/.test(body.days) ? Number(body.days) : NaN;
        try {
            if (!state)
                throw new form_invalid_exception_1.FormInvalidException({ state: 'form.invalid' });
            const user = await this.moderation.setAccountState(viewer, id, state, days, typeof body.reason === 'string' ? body.reason : '');
            res.redirect(303, `/users/${encodeURIComponent(user.username)}`);
        }
        catch (err) {
            if (!(err instanceof form_invalid_exception_1.FormInvalidException))
                throw err;
            res.status(422).render('errors/error', { titleKey: 'mod.refused', messageKey: Object.values(err.errors)[0], status: 422 });
        }
    }
    hide(id, reason, viewer, res) {
        return this.visibility(id, false, reason, viewer, res);
    }
    restore(id, reason, viewer, res) {
        return this.visibility(id, true, reason, viewer, res);
    }
    lock(rawId, body, viewer, res) {
        return this.locking(rawId, body.locked !== 'off', body.reason, viewer, res);
    }
    async log(query, viewer, res) {
        this.policy.ensure(viewer, actions_1.Action.ViewAuditLog);
        const str = (k) => (typeof query[k] === 'string' ? query[k].trim().slice(0, 64) : '');
        const where = {};
        if (str('actor'))
            where.actorName = str('actor');
        if (str('action'))
            where.action = str('action');
        const advisory = (0, advisory_format_1.normalizeAdvisoryId)(str('advisory'));
        if (advisory)
            where.detail = { advisory };
        const before = /^\d{1,10}$/.test(str('before')) ? Number(str('before')) : null;
        if (before)
            where.id = { $lt: before };
        const rows = await this.em.fork().find(audit_entry_entity_1.AuditEntry, where, { orderBy: { id: 'desc' }, limit: LOG_PAGE + 1 });
        const items = rows.slice(0, LOG_PAGE);
        const params = new URLSearchParams({ actor: str('actor'), action: str('action'), advisory: advisory ?? '' });
        res.render('moderation/log', {
            titleKey: 'mod.log.title',
            filters: { actor: str('actor'), action: str('action'), advisory: advisory ?? '' },
            entries: items.map((e) => ({ id: e.id, at: e.createdAt, actor: e.actorName, action: e.action, target: `${e.targetType} ${e.targetId}`, reason: e.reason, detail: e.detail ? JSON.stringify(e.detail) : null })),
            nextUrl: rows.length > LOG_PAGE ? `/mod/log?${params.toString()}&before=${items[items.length - 1].id}` : null,
        });
    }
    async visibility(id, visible, reason, viewer, res) {
        try {
            const post = await this.moderation.setVisibility(viewer, id, visible, typeof reason === 'string' ? reason : '');
            res.redirect(303, (0, thread_page_service_1.postPath)(post.thread.getEntity().advisory.id, post.number));
        }
        catch (err) {
            if (!(err instanceof form_invalid_exception_1.FormInvalidException))
                throw err;
            res.status(422).render('errors/error', { titleKey: 'mod.refused', messageKey: Object.values(err.errors)[0], status: 422 });
        }
    }
    async locking(rawId, locked, reason, viewer, res) {
        const id = (0, advisory_format_1.normalizeAdvisoryId)(rawId);
        const thread = id ? await this.em.fork().findOne(thread_entity_1.Thread, { advisory: id }) : null;
        if (!thread)
            return res.status(404).render('errors/error', { titleKey: 'error.404.title', messageKey: 'error.404.message', status: 404 });
        try {
            await this.moderation.setLocked(viewer, thread.id, locked, typeof reason === 'string' ? reason : '');
        }
        catch (err) {
            if (!(err instanceof form_invalid_exception_1.FormInvalidException))
                throw err;
            return res.status(422).render('errors/error', { titleKey: 'mod.refused', messageKey: Object.values(err.errors)[0], status: 422 });
        }
        res.redirect(303, (0, advisory_view_model_1.threadPath)(id));
    }
};
exports.ModerationController = ModerationController;
__decorate([
    (0, common_1.Post)('posts/:id/flag'),
    __param(0, (0, common_1.Param)('id', common_1.ParseIntPipe)),
    __param(1, (0, common_1.Body)()),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], ModerationController.prototype, "flag", null);
__decorate([
    (0, common_1.Get)('mod'),
    __param(0, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(1, (0, common_1.Req)()),
    __param(2, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object, Object]),
    __metadata("design:returntype", Promise)
], ModerationController.prototype, "queue", null);
__decorate([
    (0, common_1.Post)('mod/posts/:id/resolve'),
    __param(0, (0, common_1.Param)('id', common_1.ParseIntPipe)),
    __param(1, (0, common_1.Body)()),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], ModerationController.prototype, "resolve", null);
__decorate([
    (0, common_1.Post)('mod/posts/:id/review'),
    __param(0, (0, common_1.Param)('id', common_1.ParseIntPipe)),
    __param(1, (0, common_1.Body)()),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], ModerationController.prototype, "review", null);
__decorate([
    (0, common_1.Post)('mod/users/:id/state'),
    __param(0, (0, common_1.Param)('id', common_1.ParseIntPipe)),
    __param(1, (0, common_1.Body)()),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], ModerationController.prototype, "accountState", null);
__decorate([
    (0, common_1.Post)('posts/:id/hide'),
    __param(0, (0, common_1.Param)('id', common_1.ParseIntPipe)),
    __param(1, (0, common_1.Body)('reason')),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, Object, Object, Object]),
    __metadata("design:returntype", void 0)
], ModerationController.prototype, "hide", null);
__decorate([
    (0, common_1.Post)('posts/:id/restore'),
    __param(0, (0, common_1.Param)('id', common_1.ParseIntPipe)),
    __param(1, (0, common_1.Body)('reason')),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, Object, Object, Object]),
    __metadata("design:returntype", void 0)
], ModerationController.prototype, "restore", null);
__decorate([
    (0, common_1.Post)('advisories/:id/lock'),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, common_1.Body)()),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, Object, Object, Object]),
    __metadata("design:returntype", void 0)
], ModerationController.prototype, "lock", null);
__decorate([
    (0, common_1.Get)('mod/log'),
    __param(0, (0, common_1.Query)()),
    __param(1, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(2, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object, Object]),
    __metadata("design:returntype", Promise)
], ModerationController.prototype, "log", null);
exports.ModerationController = ModerationController = __decorate([
    (0, common_1.Controller)(),
    __metadata("design:paramtypes", [moderation_service_1.ModerationService,
        policy_service_1.PolicyService,
        core_1.EntityManager])
], ModerationController);
//# sourceMappingURL=moderation.controller.js.map