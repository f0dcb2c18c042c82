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
exports.ModerationService = void 0;
const core_1 = require("@mikro-orm/core");
const common_1 = require("@nestjs/common");
const form_invalid_exception_1 = require("../common/forms/form-invalid.exception");
const config_1 = require("../config/config");
const notifications_service_1 = require("../notifications/notifications.service");
const actions_1 = require("../policy/actions");
const policy_service_1 = require("../policy/policy.service");
const posts_service_1 = require("../threads/posts.service");
const post_entity_1 = require("../threads/post.entity");
const thread_entity_1 = require("../threads/thread.entity");
const user_entity_1 = require("../users/user.entity");
const audit_service_1 = require("./audit.service");
const flag_entity_1 = require("./flag.entity");
let ModerationService = class ModerationService {
    constructor(em, policy, audit, notifications, posts, config) {
        this.em = em;
        this.policy = policy;
        this.audit = audit;
        this.notifications = notifications;
        this.posts = posts;
        this.config = config;
    }
    async flag(viewer, postId, reason, note) {
        const text = (note ?? '').trim();
        if (!flag_entity_1.FLAG_REASONS.includes(reason ?? ''))
            throw new form_invalid_exception_1.FormInvalidException({ reason: 'flag.reason.required' });
        if ((reason === 'other' && !text) || text.length > 500)
            throw new form_invalid_exception_1.FormInvalidException({ note: 'flag.note.required' });
        try {
            return await this.em.fork().transactional(async (em) => {
                const post = await this.load(em, postId);
                this.policy.ensure(viewer, actions_1.Action.FlagPost, (0, posts_service_1.postSubject)(post, post.thread.getEntity()));
                em.persist(new flag_entity_1.Flag((0, core_1.ref)(post), (0, core_1.ref)(user_entity_1.User, viewer.id), reason, text || null));
                await em.flush();
                const open = await em.count(flag_entity_1.Flag, { post, state: 'open' });
                if (open >= this.config.moderation.flagHideThreshold && post.state === 'visible') {
                    await this.setState(em, post, 'hidden', `flagged by ${open} members`);
                    this.audit.record(em, 'system', { action: 'post.hide', targetType: 'post', targetId: post.id, reason: `flagged by ${open} members, pending review`, detail: { advisory: post.thread.getEntity().advisory.id } });
                }
                return 'flagged';
            });
        }
        catch (err) {
            if (err instanceof core_1.UniqueConstraintViolationException)
                return 'already';
            throw err;
        }
    }
    async queue() {
        const em = this.em.fork();
        const flags = await em.find(flag_entity_1.Flag, { state: { $in: ['open', 'deferred'] } }, { orderBy: { id: 'asc' }, limit: 500, populate: ['post', 'post.author', 'post.thread.advisory', 'user'] });
        const byPost = new Map();
        for (const f of flags) {
            const entry = byPost.get(f.post.id) ?? { post: f.post.getEntity(), flags: [] };
            entry.flags.push(f);
            byPost.set(f.post.id, entry);
        }
        const held = await em.find(post_entity_1.Post, { state: 'held' }, { orderBy: { id: 'asc' }, limit: 200, populate: ['author', 'thread.advisory'] });
        return { flagged: [...byPost.values()], held };
    }
    async resolve(viewer, postId, decision, reason) {
        this.policy.ensure(viewer, actions_1.Action.ModerateQueue);
        const why = requireReason(reason);
        await this.em.fork().transactional(async (em) => {
            const post = await this.load(em, postId);
            const state = decision === 'agree' ? 'agreed' : decision === 'disagree' ? 'disagreed' : 'deferred';
            const changed = await em.nativeUpdate(flag_entity_1.Flag, { post, state: { $in: ['open', 'deferred'] } }, { state, resolvedBy: viewer.id, resolvedAt: new Date() });
            if (!changed)
                throw new common_1.NotFoundException();
            if (decision === 'agree' && post.state === 'visible')
                await this.setState(em, post, 'hidden', why);
            if (decision === 'disagree' && post.state === 'hidden' && post.stateReason?.startsWith('flagged by '))
                await this.setState(em, post, 'visible', null);
            this.audit.record(em, viewer, { action: `flags.${decision}`, targetType: 'post', targetId: post.id, reason: why, detail: { advisory: post.thread.getEntity().advisory.id, flags: changed } });
            if (decision === 'agree')
                await this.notifications.notify(em, post.author.id, 'hidden', post.id, viewer.id);
        });
    }
    async setVisibility(viewer, postId, visible, reason) {
        this.policy.ensure(viewer, actions_1.Action.ModeratePost);
        const why = requireReason(reason);
        return this.em.fork().transactional(async (em) => {
            const post = await this.load(em, postId);
            const from = visible ? ['hidden', 'deleted'] : ['visible'];
            if (!from.includes(post.state))
                throw new form_invalid_exception_1.FormInvalidException({ reason: 'moderation.stateUnchanged' });
            await this.setState(em, post, visible ? 'visible' : 'hidden', visible ? null : why);
            this.audit.record(em, viewer, { action: visible ? 'post.restore' : 'post.hide', targetType: 'post', targetId: post.id, reason: why, detail: { advisory: post.thread.getEntity().advisory.id } });
            await this.notifications.notify(em, post.author.id, visible ? 'restored' : 'hidden', post.id, viewer.id);
            return post;
        });
    }
    async review(viewer, postId, approve, reason) {
        this.policy.ensure(viewer, actions_1.Action.ModerateQueue);
        const why = approve ? (reason ?? '').trim().slice(0, 500) : requireReason(reason);
        return this.em.fork().transactional(async (em) => {
            const post = await this.load(em, postId);
            if (post.state !== 'held')
                throw new form_invalid_exception_1.FormInvalidException({ reason: 'moderation.stateUnchanged' });
            const state = approve ? 'visible' : 'hidden';
            if (!(await em.nativeUpdate(post_entity_1.Post, { id: post.id, state: 'held' }, { state, stateReason: approve ? null : why })))
                throw new form_invalid_exception_1.FormInvalidException({ reason: 'moderation.stateUnchanged' });
            Object.assign(post, { state, stateReason: approve ? null : why });
            const thread = post.thread.getEntity();
            if (approve) {
                thread.lastPostedAt = new Date();
                await this.posts.publish(em, post, thread.advisory.id, false);
            }
            this.audit.record(em, viewer, { action: approve ? 'post.approve' : 'post.reject', targetType: 'post', targetId: post.id, reason: why || null, detail: { advisory: thread.advisory.id } });
            await this.notifications.notify(em, post.author.id, approve ? 'approved' : 'rejected', post.id, viewer.id);
            return post;
        });
    }
    async setAccountState(viewer, userId, state, days, reason) {
        const why = requireReason(reason);
        if (state !== 'active' && !(Number.isInteger(days) && days >= 1 && days <= 3650))
            throw new form_invalid_exception_1.FormInvalidException({ days: 'mod.days.invalid' });
        return this.em.fork().transactional(async (em) => {
            const user = await em.findOne(user_entity_1.User, userId);
            if (!user)
                throw new common_1.NotFoundException();
            this.policy.ensure(viewer, actions_1.Action.ModerateUser, user);
            const from = user.effectiveState();
            user.state = state;
            user.stateUntil = state === 'active' ? null : new Date(Date.now() + days * 86_400_000);
            user.stateReason = state === 'active' ? null : why;
            this.audit.record(em, viewer, { action: state === 'active' ? 'user.lift' : `user.${state === 'silenced' ? 'silence' : 'suspend'}`, targetType: 'user', targetId: user.username, reason: why, detail: { from, to: state, until: user.stateUntil?.toISOString() ?? null } });
            return user;
        });
    }
    async setLocked(viewer, threadId, locked, reason) {
        this.policy.ensure(viewer, actions_1.Action.LockThread);
        const why = requireReason(reason);
        return this.em.fork().transactional(async (em) => {
            const thread = await em.findOne(thread_entity_1.Thread, threadId, { populate: ['advisory'] });
            if (!thread)
                throw new common_1.NotFoundException();
            if (thread.locked === locked)
                return thread;
            thread.locked = locked;
            this.audit.record(em, viewer, { action: locked ? 'thread.lock' : 'thread.unlock', targetType: 'thread', targetId: thread.advisory.id, reason: why, detail: { advisory: thread.advisory.id } });
            return thread;
        });
    }
    async setState(em, post, state, reason) {
        const wasCounted = post.state === 'visible';
        if (!(await em.nativeUpdate(post_entity_1.Post, { id: post.id, state: post.state }, { state, stateReason: reason })))
            throw new form_invalid_exception_1.FormInvalidException({ reason: 'moderation.stateUnchanged' });
        if (post.isReport && wasCounted !== (state === 'visible'))
            await (0, posts_service_1.recountReport)(em, post, state === 'visible' ? 1 : -1);
        Object.assign(post, { state, stateReason: reason });
    }
    async load(em, postId) {
        const post = await em.findOne(post_entity_1.Post, postId, { populate: ['thread', 'thread.advisory', 'author'] });
        if (!post)
            throw new common_1.NotFoundException();
        return post;
    }
};
exports.ModerationService = ModerationService;
exports.ModerationService = ModerationService = __decorate([
    (0, common_1.Injectable)(),
    __param(5, (0, common_1.Inject)(config_1.APP_CONFIG)),
    __metadata("design:paramtypes", [core_1.EntityManager,
        policy_service_1.PolicyService,
        audit_service_1.AuditService,
        notifications_service_1.NotificationsService,
        posts_service_1.PostsService, Object])
], ModerationService);
function requireReason(reason) {
    const why = (reason ?? '').trim();
    if (!why || why.length > 500)
        throw new form_invalid_exception_1.FormInvalidException({ reason: 'form.reasonRequired' });
    return why;
}
//# sourceMappingURL=moderation.service.js.map