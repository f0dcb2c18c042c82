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
exports.NotificationsController = void 0;
const common_1 = require("@nestjs/common");
const auth_setup_1 = require("../auth/auth.setup");
const current_viewer_decorator_1 = require("../common/decorators/current-viewer.decorator");
const thread_page_service_1 = require("../threads/thread-page.service");
const notifications_service_1 = require("./notifications.service");
const known_issue_view_model_1 = require("../known-issues/known-issue.view-model");
let NotificationsController = class NotificationsController {
    constructor(notifications) {
        this.notifications = notifications;
    }
    async list(viewer, before, req, res) {
        const beforeId = before && /^\d{1,10}$/.test(before) ? Number(before) : null;
        const { items, nextBefore } = await this.notifications.list(viewer.id, beforeId);
        res.render('notifications/index', {
            titleKey: 'notifications.title',
            csrfToken: (0, auth_setup_1.csrfToken)(req),
            notifications: items.map((n) => {
                const post = n.post?.getEntity();
                const issue = n.knownIssue?.getEntity();
                const advisoryId = post ? post.thread.getEntity().advisory.id : issue.advisory.id;
                return {
                    id: n.id,
                    kindKey: `notifications.kind.${n.kind}`,
                    actor: n.actor?.getEntity().username ?? null,
                    postNumber: post?.number ?? null,
                    title: issue?.title ?? null,
                    advisoryId,
                    url: post ? (0, thread_page_service_1.postPath)(advisoryId, post.number) : `${(0, known_issue_view_model_1.knownIssuesPath)(advisoryId)}#ki${issue.id}`,
                    createdAt: n.createdAt,
                    unread: n.readAt === null,
                };
            }),
            nextUrl: nextBefore ? `/notifications?before=${nextBefore}` : null,
        });
    }
    async read(viewer, id, res) {
        const one = typeof id === 'string' && /^\d{1,10}$/.test(id) ? Number(id) : null;
        await this.notifications.markRead(viewer.id, one);
        res.redirect(303, '/notifications');
    }
};
exports.NotificationsController = NotificationsController;
__decorate([
    (0, common_1.Get)(),
    __param(0, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(1, (0, common_1.Query)('before')),
    __param(2, (0, common_1.Req)()),
    __param(3, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], NotificationsController.prototype, "list", null);
__decorate([
    (0, common_1.Post)('read'),
    __param(0, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(1, (0, common_1.Body)('id')),
    __param(2, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object, Object]),
    __metadata("design:returntype", Promise)
], NotificationsController.prototype, "read", null);
exports.NotificationsController = NotificationsController = __decorate([
    (0, common_1.Controller)('notifications'),
    __metadata("design:paramtypes", [notifications_service_1.NotificationsService])
], NotificationsController);
//# sourceMappingURL=notifications.controller.js.map