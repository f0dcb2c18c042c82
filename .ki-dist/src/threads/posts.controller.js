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
exports.PostsController = void 0;
const core_1 = require("@mikro-orm/core");
const common_1 = require("@nestjs/common");
const advisory_view_model_1 = require("../advisories/advisory.view-model");
const auth_setup_1 = require("../auth/auth.setup");
const current_viewer_decorator_1 = require("../common/decorators/current-viewer.decorator");
const public_decorator_1 = require("../common/decorators/public.decorator");
const form_invalid_exception_1 = require("../common/forms/form-invalid.exception");
const markdown_1 = require("../common/html/markdown");
const confirmations_service_1 = require("../field-reports/confirmations.service");
const actions_1 = require("../policy/actions");
const policy_service_1 = require("../policy/policy.service");
const post_revision_entity_1 = require("./post-revision.entity");
const post_entity_1 = require("./post.entity");
const posts_service_1 = require("./posts.service");
const thread_page_service_1 = require("./thread-page.service");
let PostsController = class PostsController {
    constructor(em, posts, confirmations, policy) {
        this.em = em;
        this.posts = posts;
        this.confirmations = confirmations;
        this.policy = policy;
    }
    async permalink(id, viewer, res) {
        const post = await this.visible(id, viewer);
        res.redirect(302, (0, thread_page_service_1.postPath)(post.thread.getEntity().advisory.id, post.number));
    }
    async replyForm(id, quote, viewer, req, res) {
        const post = await this.visible(id, viewer);
        if (post.state === 'deleted')
            throw new common_1.NotFoundException();
        const thread = post.thread.getEntity();
        this.policy.ensure(viewer, actions_1.Action.CreatePost, thread);
        res.render('posts/reply', {
            titleKey: 'post.reply.title',
            csrfToken: (0, auth_setup_1.csrfToken)(req),
            target: { number: post.number, author: post.author.getEntity().username, bodyHtml: post.bodyHtml, url: (0, thread_page_service_1.postPath)(thread.advisory.id, post.number) },
            action: (0, advisory_view_model_1.threadPath)(thread.advisory.id),
            values: { replyTo: String(post.id), quote: quote ? 'on' : undefined, body: quote ? (0, markdown_1.quoteMarkdown)(post.author.getEntity().username, post.number, post.bodySource) : '' },
        });
    }
    async editForm(id, viewer, req, res) {
        const post = await this.editable(id, viewer);
        res.render('posts/edit', { titleKey: 'post.edit.title', csrfToken: (0, auth_setup_1.csrfToken)(req), post: { id: post.id, number: post.number, url: (0, thread_page_service_1.postPath)(post.thread.getEntity().advisory.id, post.number) }, values: { body: post.bodySource } });
    }
    async edit(id, body, viewer, req, res) {
        const post = await this.editable(id, viewer);
        try {
            const saved = await this.posts.edit(viewer, id, typeof body === 'string' ? body : undefined);
            res.redirect(303, (0, thread_page_service_1.postPath)(post.thread.getEntity().advisory.id, saved.number));
        }
        catch (err) {
            if (!(err instanceof form_invalid_exception_1.FormInvalidException))
                throw err;
            res.status(422).render('posts/edit', {
                titleKey: 'post.edit.title',
                csrfToken: (0, auth_setup_1.csrfToken)(req),
                post: { id: post.id, number: post.number, url: (0, thread_page_service_1.postPath)(post.thread.getEntity().advisory.id, post.number) },
                values: { body: typeof body === 'string' ? body : '' },
                errors: err.errors,
                hasErrors: true,
            });
        }
    }
    async delete(id, viewer, res) {
        const post = await this.posts.deleteOwn(viewer, id);
        res.redirect(303, (0, thread_page_service_1.postPath)(post.thread.getEntity().advisory.id, post.number));
    }
    async revisions(id, viewer, res) {
        const post = await this.visible(id, viewer);
        this.policy.ensure(viewer, actions_1.Action.ViewRevisions, (0, posts_service_1.postSubject)(post, post.thread.getEntity()));
        const revisions = await this.em.fork().find(post_revision_entity_1.PostRevision, { post: id }, { orderBy: { revision: 'desc' }, populate: ['editor'] });
        res.render('posts/revisions', {
            titleKey: 'post.revisions.title',
            post: { number: post.number, url: (0, thread_page_service_1.postPath)(post.thread.getEntity().advisory.id, post.number), current: post.bodySource, editedAt: post.editedAt },
            revisions: revisions.map((r) => ({ revision: r.revision, body: r.bodySource, replacedBy: r.editor.getEntity().username, replacedAt: r.createdAt })),
        });
    }
    async confirm(id, body, viewer, res) {
        const post = await this.visible(id, viewer);
        const str = (k) => (typeof body[k] === 'string' ? body[k] : undefined);
        try {
            await this.confirmations.confirm(viewer, id, str('platform'), str('platformOther'));
        }
        catch (err) {
            if (!(err instanceof form_invalid_exception_1.FormInvalidException))
                throw err;
            return res.redirect(303, (0, thread_page_service_1.postPath)(post.thread.getEntity().advisory.id, post.number));
        }
        res.redirect(303, (0, thread_page_service_1.postPath)(post.thread.getEntity().advisory.id, post.number));
    }
    async unconfirm(id, viewer, res) {
        const post = await this.visible(id, viewer);
        if (viewer.isGuest)
            throw new common_1.NotFoundException();
        await this.confirmations.withdraw(viewer, id);
        res.redirect(303, (0, thread_page_service_1.postPath)(post.thread.getEntity().advisory.id, post.number));
    }
    async visible(id, viewer) {
        const post = await this.em.fork().findOne(post_entity_1.Post, id, { populate: ['thread', 'thread.advisory', 'author'] });
        if (!post || !this.policy.can(viewer, actions_1.Action.ViewPost, (0, posts_service_1.postSubject)(post, post.thread.getEntity())))
            throw new common_1.NotFoundException();
        return post;
    }
    async editable(id, viewer) {
        const post = await this.visible(id, viewer);
        this.policy.ensure(viewer, actions_1.Action.EditPost, (0, posts_service_1.postSubject)(post, post.thread.getEntity()));
        return post;
    }
};
exports.PostsController = PostsController;
__decorate([
    (0, public_decorator_1.Public)(),
    (0, common_1.Get)(),
    __param(0, (0, common_1.Param)('id', common_1.ParseIntPipe)),
    __param(1, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(2, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, Object, Object]),
    __metadata("design:returntype", Promise)
], PostsController.prototype, "permalink", null);
__decorate([
    (0, common_1.Get)('reply'),
    __param(0, (0, common_1.Param)('id', common_1.ParseIntPipe)),
    __param(1, (0, common_1.Query)('quote')),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Req)()),
    __param(4, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, Object, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], PostsController.prototype, "replyForm", null);
__decorate([
    (0, common_1.Get)('edit'),
    __param(0, (0, common_1.Param)('id', common_1.ParseIntPipe)),
    __param(1, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(2, (0, common_1.Req)()),
    __param(3, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], PostsController.prototype, "editForm", null);
__decorate([
    (0, common_1.Post)('edit'),
    __param(0, (0, common_1.Param)('id', common_1.ParseIntPipe)),
    __param(1, (0, common_1.Body)('body')),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Req)()),
    __param(4, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, Object, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], PostsController.prototype, "edit", null);
__decorate([
    (0, common_1.Post)('delete'),
    __param(0, (0, common_1.Param)('id', common_1.ParseIntPipe)),
    __param(1, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(2, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, Object, Object]),
    __metadata("design:returntype", Promise)
], PostsController.prototype, "delete", null);
__decorate([
    (0, common_1.Get)('revisions'),
    __param(0, (0, common_1.Param)('id', common_1.ParseIntPipe)),
    __param(1, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(2, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, Object, Object]),
    __metadata("design:returntype", Promise)
], PostsController.prototype, "revisions", null);
__decorate([
    (0, common_1.Post)('confirm'),
    __param(0, (0, common_1.Param)('id', common_1.ParseIntPipe)),
    __param(1, (0, common_1.Body)()),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], PostsController.prototype, "confirm", null);
__decorate([
    (0, common_1.Post)('unconfirm'),
    __param(0, (0, common_1.Param)('id', common_1.ParseIntPipe)),
    __param(1, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(2, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, Object, Object]),
    __metadata("design:returntype", Promise)
], PostsController.prototype, "unconfirm", null);
exports.PostsController = PostsController = __decorate([
    (0, common_1.Controller)('posts/:id'),
    __metadata("design:paramtypes", [core_1.EntityManager,
        posts_service_1.PostsService,
        confirmations_service_1.ConfirmationsService,
        policy_service_1.PolicyService])
], PostsController);
//# sourceMappingURL=posts.controller.js.map