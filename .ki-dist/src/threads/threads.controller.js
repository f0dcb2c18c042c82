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
exports.ThreadsController = void 0;
const common_1 = require("@nestjs/common");
const advisory_view_model_1 = require("../advisories/advisory.view-model");
const auth_setup_1 = require("../auth/auth.setup");
const current_viewer_decorator_1 = require("../common/decorators/current-viewer.decorator");
const public_decorator_1 = require("../common/decorators/public.decorator");
const form_invalid_exception_1 = require("../common/forms/form-invalid.exception");
const field_report_entity_1 = require("../field-reports/field-report.entity");
const known_issues_service_1 = require("../known-issues/known-issues.service");
const notifications_service_1 = require("../notifications/notifications.service");
const actions_1 = require("../policy/actions");
const policy_service_1 = require("../policy/policy.service");
const posts_service_1 = require("./posts.service");
const thread_page_service_1 = require("./thread-page.service");
const FORM_FIELDS = ['body', 'replyTo', 'quote', 'platform', 'platformOther', 'outcome', 'hosts', 'software', 'intent'];
let ThreadsController = class ThreadsController {
    constructor(pages, posts, notifications, policy, knownIssues) {
        this.pages = pages;
        this.posts = posts;
        this.notifications = notifications;
        this.policy = policy;
        this.knownIssues = knownIssues;
    }
    async show(rawId, rawPage, viewer, req, res) {
        const { thread, platforms } = await this.pages.findThread(rawId, viewer);
        const pageCount = (0, thread_page_service_1.pageOf)(thread.postCount);
        const page = rawPage === undefined ? 1 : /^\d{1,7}$/.test(rawPage) ? Number(rawPage) : 0;
        if (page < 1 || page > pageCount)
            throw new common_1.NotFoundException();
        res.render('threads/show', await this.view(thread, platforms, viewer, req, page, {}));
    }
    async create(rawId, body, viewer, req, res) {
        const { thread, platforms } = await this.pages.findThread(rawId, viewer);
        this.policy.ensure(viewer, actions_1.Action.CreatePost, thread);
        const input = formInput(body);
        const lastPage = (0, thread_page_service_1.pageOf)(thread.postCount);
        try {
            if (body.intent === 'preview') {
                const { html } = this.posts.check(platforms, input);
                return res.status(200).render('threads/show', await this.view(thread, platforms, viewer, req, lastPage, { values: input, preview: html }));
            }
            const post = await this.posts.create(viewer, thread.id, input);
            res.redirect(303, (0, thread_page_service_1.postPath)(thread.advisory.id, post.number));
        }
        catch (err) {
            if (!(err instanceof form_invalid_exception_1.FormInvalidException))
                throw err;
            res.status(422).render('threads/show', await this.view(thread, platforms, viewer, req, lastPage, { values: input, errors: err.errors, hasErrors: true }));
        }
    }
    async watch(rawId, watch, viewer, res) {
        const { thread } = await this.pages.findThread(rawId, viewer);
        this.policy.ensure(viewer, actions_1.Action.Watch, thread);
        if (watch === 'off')
            await this.notifications.unwatch(viewer.id, thread.advisory.id);
        else
            await this.notifications.watchNow(viewer.id, thread.advisory.id);
        res.redirect(303, (0, advisory_view_model_1.threadPath)(thread.advisory.id));
    }
    async view(thread, platforms, viewer, req, page, form) {
        const a = thread.advisory;
        const pageCount = (0, thread_page_service_1.pageOf)(thread.postCount);
        const { posts } = await this.pages.page(thread, platforms, viewer, page);
        const canPost = this.policy.can(viewer, actions_1.Action.CreatePost, thread);
        const values = form.values ?? {};
        return {
            title: `${a.id} — HFR BBS会議室`,
            csrfToken: viewer.isGuest ? undefined : (0, auth_setup_1.csrfToken)(req),
            advisory: { id: a.id, kb: a.kb, title: a.title, url: (0, advisory_view_model_1.advisoryPath)(a.id), threadUrl: (0, advisory_view_model_1.threadPath)(a.id) },
            thread: { postCount: thread.postCount, reportCount: thread.reportCount, problemCount: thread.problemCount, locked: thread.locked, lastPostedAt: thread.lastPostedAt },
            stats: await this.pages.stats(thread.id, platforms),
            knownIssues: await this.knownIssues.summary(a, platforms),
            canPromote: this.policy.can(viewer, actions_1.Action.ManageKnownIssues),
            canLock: this.policy.can(viewer, actions_1.Action.LockThread, thread),
            flagReasons: ['spam', 'off-topic', 'abusive', 'dangerous', 'other'].map((r) => ({ value: r, key: `flag.reason.${r}` })),
            posts,
            pager: pager(a.id, page, pageCount),
            canPost,
            signInUrl: viewer.isGuest ? `/login?next=${encodeURIComponent((0, advisory_view_model_1.threadPath)(a.id))}` : null,
            canWatch: this.policy.can(viewer, actions_1.Action.Watch, thread),
            watching: viewer.isGuest ? false : await this.notifications.isWatching(viewer.id, a.id),
            form: {
                values,
                platformOptions: [...platforms.map((p) => ({ value: p.key, label: p.label, selected: values.platform === p.key })), { value: posts_service_1.OTHER_PLATFORM, label: null, selected: values.platform === posts_service_1.OTHER_PLATFORM }],
                outcomeOptions: field_report_entity_1.OUTCOMES.map((o) => ({ value: o, key: `outcome.${o}`, selected: values.outcome === o })),
                preview: form.preview ?? null,
                errors: form.errors ?? {},
            },
            hasErrors: form.hasErrors ?? false,
            errors: form.errors ?? {},
        };
    }
};
exports.ThreadsController = ThreadsController;
__decorate([
    (0, public_decorator_1.Public)(),
    (0, common_1.Get)('thread'),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, common_1.Query)('page')),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Req)()),
    __param(4, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, Object, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], ThreadsController.prototype, "show", null);
__decorate([
    (0, common_1.Post)('thread'),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, common_1.Body)()),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Req)()),
    __param(4, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, Object, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], ThreadsController.prototype, "create", null);
__decorate([
    (0, common_1.Post)('watch'),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, common_1.Body)('watch')),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], ThreadsController.prototype, "watch", null);
exports.ThreadsController = ThreadsController = __decorate([
    (0, common_1.Controller)('advisories/:id'),
    __metadata("design:paramtypes", [thread_page_service_1.ThreadPageService,
        posts_service_1.PostsService,
        notifications_service_1.NotificationsService,
        policy_service_1.PolicyService,
        known_issues_service_1.KnownIssuesService])
], ThreadsController);
function formInput(body) {
    const input = {};
    for (const key of FORM_FIELDS)
        if (typeof body[key] === 'string')
            input[key] = body[key];
    return input;
}
function pager(advisoryId, page, pageCount) {
    if (pageCount <= 1)
        return null;
    const url = (n) => `${(0, advisory_view_model_1.threadPath)(advisoryId)}${n > 1 ? `?page=${n}` : ''}`;
    const around = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((x, y) => x - y);
    return {
        prev: page > 1 ? url(page - 1) : null,
        next: page < pageCount ? url(page + 1) : null,
        pages: around.map((n, i) => ({ n, url: url(n), current: n === page, gapBefore: i > 0 && n - around[i - 1] > 1 })),
    };
}
//# sourceMappingURL=threads.controller.js.map