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
exports.PostsService = exports.OTHER_PLATFORM = void 0;
exports.postSubject = postSubject;
exports.uncountReport = uncountReport;
exports.recountReport = recountReport;
const core_1 = require("@mikro-orm/core");
const common_1 = require("@nestjs/common");
const advisory_platform_entity_1 = require("../advisories/advisory-platform.entity");
const form_invalid_exception_1 = require("../common/forms/form-invalid.exception");
const markdown_1 = require("../common/html/markdown");
const rate_limiter_1 = require("../common/rate-limit/rate-limiter");
const config_1 = require("../config/config");
const sql_1 = require("../database/sql");
const field_report_entity_1 = require("../field-reports/field-report.entity");
const stats_1 = require("../field-reports/stats");
const notifications_service_1 = require("../notifications/notifications.service");
const actions_1 = require("../policy/actions");
const policy_service_1 = require("../policy/policy.service");
const user_entity_1 = require("../users/user.entity");
const post_revision_entity_1 = require("./post-revision.entity");
const post_entity_1 = require("./post.entity");
const thread_entity_1 = require("./thread.entity");
exports.OTHER_PLATFORM = 'other';
const MAX_HOSTS = 1_000_000;
let PostsService = class PostsService {
    constructor(em, policy, limiter, notifications, config) {
        this.em = em;
        this.policy = policy;
        this.limiter = limiter;
        this.notifications = notifications;
        this.config = config;
    }
    check(platforms, input) {
        const errors = {};
        const source = (input.body ?? '').replace(/\r\n?/g, '\n');
        if (source.trim() === '')
            errors.body = 'post.body.required';
        else if ([...source].length > markdown_1.MAX_BODY_CHARS)
            errors.body = 'post.body.tooLong';
        const report = this.checkReport(platforms, input, errors);
        if (Object.keys(errors).length)
            throw new form_invalid_exception_1.FormInvalidException(errors);
        return { source, html: (0, markdown_1.renderMarkdown)(source), report };
    }
    checkReport(platforms, input, errors) {
        const outcome = input.outcome?.trim() ?? '';
        const anyReportField = [input.platform, input.hosts, input.software, input.platformOther].some((v) => v !== undefined && v.trim() !== '');
        if (!outcome) {
            if (anyReportField)
                errors.outcome = 'report.outcome.required';
            return null;
        }
        if (!field_report_entity_1.OUTCOMES.includes(outcome))
            errors.outcome = 'report.outcome.invalid';
        const key = input.platform?.trim() ?? '';
        let platform = null;
        let platformOther = null;
        if (key === exports.OTHER_PLATFORM) {
            platformOther = (input.platformOther ?? '').normalize('NFKC').trim();
            if (!platformOther || platformOther.length > 100)
                errors.platformOther = 'report.platformOther.required';
        }
        else {
            platform = platforms.find((p) => p.key === key) ?? null;
            if (!platform)
                errors.platform = 'report.platform.required';
        }
        const hostsText = (input.hosts ?? '').normalize('NFKC').replace(/[,\s]/g, '');
        const hosts = /^\d{1,7}$/.test(hostsText) ? Number(hostsText) : NaN;
        if (!(hosts >= 1 && hosts <= MAX_HOSTS))
            errors.hosts = 'report.hosts.invalid';
        const software = (input.software ?? '').normalize('NFKC').trim();
        if (software.length > 200)
            errors.software = 'report.software.tooLong';
        return { platform, platformOther, outcome: outcome, hosts, software };
    }
    async create(viewer, threadId, input) {
        if (!this.policy.can(viewer, actions_1.Action.BypassPostLimit)) {
            const state = await this.limiter.consume('post-user', String(viewer.id), this.config.rateLimits.postsPerUser);
            if (!state.allowed)
                throw new rate_limiter_1.TooManyRequestsException(state.retryAfterSeconds);
        }
        return this.em.fork().transactional(async (em) => {
            const thread = await em.findOneOrFail(thread_entity_1.Thread, threadId, { populate: ['advisory'] });
            this.policy.ensure(viewer, actions_1.Action.CreatePost, thread);
            const platforms = await em.find(advisory_platform_entity_1.AdvisoryPlatform, { advisory: thread.advisory }, { orderBy: { position: 'asc' } });
            const { source, html, report } = this.check(platforms, input);
            const replyTo = await this.replyTarget(em, viewer, thread, input.replyTo);
            const [{ post_count: number }] = await (0, sql_1.sql)(em, 'update threads set post_count = post_count + 1 where id = ? returning post_count', [thread.id], 'all');
            const post = new post_entity_1.Post((0, core_1.ref)(thread), Number(number), (0, core_1.ref)(user_entity_1.User, viewer.id), source, html);
            post.replyTo = replyTo ? (0, core_1.ref)(replyTo) : null;
            post.isReport = report !== null;
            const author = await em.findOneOrFail(user_entity_1.User, viewer.id, { fields: ['id', 'approvedPosts'] });
            const held = !this.policy.can(viewer, actions_1.Action.PostWithoutApproval, { approvedPosts: author.approvedPosts, threshold: this.config.moderation.holdFirstPosts });
            if (held)
                post.state = 'held';
            else
                thread.lastPostedAt = post.createdAt;
            em.persist(post);
            if (report) {
                const fr = new field_report_entity_1.FieldReport((0, core_1.ref)(post), report.outcome, report.hosts, report.software);
                fr.platform = report.platform ? (0, core_1.ref)(report.platform) : null;
                fr.platformOther = report.platformOther;
                em.persist(fr);
            }
            await em.flush();
            await this.notifications.watch(em, viewer.id, thread.advisory.id);
            if (!held)
                await this.publish(em, post, thread.advisory.id, input.quote === 'on');
            return post;
        });
    }
    async publish(em, post, advisoryId, quoted) {
        if (post.isReport) {
            const report = await em.findOneOrFail(field_report_entity_1.FieldReport, { post }, { populate: ['platform'] });
            await (0, stats_1.countReport)(em, post.thread.id, report.platform?.getEntity().key ?? exports.OTHER_PLATFORM, report.outcome, 1);
            await this.notifications.notifyWatchers(em, post, advisoryId, post.author.id);
        }
        await (0, sql_1.sql)(em, 'update users set post_count = post_count + 1, approved_posts = approved_posts + 1 where id = ?', [post.author.id]);
        const replyTo = post.replyTo ? await em.findOne(post_entity_1.Post, post.replyTo.id, { fields: ['id', 'author'] }) : null;
        if (replyTo)
            await this.notifications.notify(em, replyTo.author.id, quoted ? 'quote' : 'reply', post.id, post.author.id);
    }
    async replyTarget(em, viewer, thread, raw) {
        if (!raw)
            return null;
        const id = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
        const target = Number.isFinite(id) ? await em.findOne(post_entity_1.Post, { id, thread }) : null;
        if (!target || target.state === 'deleted' || !this.policy.can(viewer, actions_1.Action.ViewPost, postSubject(target, thread)))
            throw new form_invalid_exception_1.FormInvalidException({ body: 'post.replyTo.invalid' });
        return target;
    }
    async edit(viewer, postId, body) {
        return this.em.fork().transactional(async (em) => {
            const post = await em.findOne(post_entity_1.Post, postId, { populate: ['thread', 'thread.advisory'] });
            if (!post)
                throw new common_1.NotFoundException();
            this.policy.ensure(viewer, actions_1.Action.EditPost, postSubject(post, post.thread.getEntity()));
            const source = (body ?? '').replace(/\r\n?/g, '\n');
            if (source.trim() === '')
                throw new form_invalid_exception_1.FormInvalidException({ body: 'post.body.required' });
            if ([...source].length > markdown_1.MAX_BODY_CHARS)
                throw new form_invalid_exception_1.FormInvalidException({ body: 'post.body.tooLong' });
            const [row] = await (0, sql_1.sql)(em, 'update posts set revision_count = revision_count + 1 where id = ? and body_source <> ? returning revision_count, body_source', [post.id, source], 'all');
            if (!row)
                return post;
            em.persist(new post_revision_entity_1.PostRevision((0, core_1.ref)(post), Number(row.revision_count), row.body_source, (0, core_1.ref)(user_entity_1.User, viewer.id)));
            post.revisionCount = Number(row.revision_count);
            post.bodySource = source;
            post.bodyHtml = (0, markdown_1.renderMarkdown)(source);
            post.editedAt = new Date();
            return post;
        });
    }
    async deleteOwn(viewer, postId) {
        return this.em.fork().transactional(async (em) => {
            const post = await em.findOne(post_entity_1.Post, postId, { populate: ['thread', 'thread.advisory'] });
            if (!post)
                throw new common_1.NotFoundException();
            this.policy.ensure(viewer, actions_1.Action.DeletePost, postSubject(post, post.thread.getEntity()));
            const counted = post.state === 'visible';
            if (!(await em.nativeUpdate(post_entity_1.Post, { id: post.id, state: post.state }, { state: 'deleted', stateReason: null })))
                throw new common_1.ForbiddenException();
            if (post.isReport && counted)
                await uncountReport(em, post);
            Object.assign(post, { state: 'deleted', stateReason: null });
            return post;
        });
    }
};
exports.PostsService = PostsService;
exports.PostsService = PostsService = __decorate([
    (0, common_1.Injectable)(),
    __param(4, (0, common_1.Inject)(config_1.APP_CONFIG)),
    __metadata("design:paramtypes", [core_1.EntityManager,
        policy_service_1.PolicyService,
        rate_limiter_1.RateLimiter,
        notifications_service_1.NotificationsService, Object])
], PostsService);
function postSubject(post, thread) {
    return { authorId: post.author.id, state: post.state, createdAt: post.createdAt, thread };
}
async function uncountReport(em, post) {
    await recountReport(em, post, -1);
}
async function recountReport(em, post, sign) {
    const report = await em.findOneOrFail(field_report_entity_1.FieldReport, { post }, { populate: ['platform'] });
    const rows = await (0, sql_1.sql)(em, 'select p.key as key, count(*) as n from confirmations c left join advisory_platforms p on p.id = c.platform_id where c.report_id = ? group by p.key', [post.id], 'all');
    const byPlatform = new Map(rows.map((r) => [r.key ?? exports.OTHER_PLATFORM, Number(r.n)]));
    await (0, stats_1.countReport)(em, post.thread.id, report.platform?.getEntity().key ?? exports.OTHER_PLATFORM, report.outcome, sign, byPlatform);
}
//# sourceMappingURL=posts.service.js.map