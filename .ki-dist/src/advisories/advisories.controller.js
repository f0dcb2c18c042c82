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
exports.AdvisoriesController = void 0;
const core_1 = require("@mikro-orm/core");
const common_1 = require("@nestjs/common");
const current_viewer_decorator_1 = require("../common/decorators/current-viewer.decorator");
const public_decorator_1 = require("../common/decorators/public.decorator");
const actions_1 = require("../policy/actions");
const policy_service_1 = require("../policy/policy.service");
const advisory_format_1 = require("./advisory-format");
const advisory_entity_1 = require("./advisory.entity");
const advisory_view_model_1 = require("./advisory.view-model");
const advisories_service_1 = require("./advisories.service");
const known_issues_service_1 = require("../known-issues/known-issues.service");
const thread_page_service_1 = require("../threads/thread-page.service");
const thread_entity_1 = require("../threads/thread.entity");
const PAGE_SIZE = 50;
let AdvisoriesController = class AdvisoriesController {
    constructor(advisories, policy, em, threadPages, knownIssues) {
        this.advisories = advisories;
        this.policy = policy;
        this.em = em;
        this.threadPages = threadPages;
        this.knownIssues = knownIssues;
    }
    async index(after) {
        const cursor = parseCursor(after);
        const { items, next } = await this.advisories.listPublished(cursor, PAGE_SIZE);
        const threads = items.length ? await this.em.fork().find(thread_entity_1.Thread, { advisory: { $in: items.map((a) => a.id) } }) : [];
        const threadOf = new Map(threads.map((t) => [t.advisory.id, t]));
        return {
            titleKey: 'index.title',
            advisories: items.map((a) => ({ ...(0, advisory_view_model_1.advisoryRow)(a), activity: activity(threadOf.get(a.id)) })),
            nextUrl: next ? `/?after=${encodeURIComponent(`${next.updatedOn}~${next.id}`)}` : null,
            isFirstPage: !cursor,
        };
    }
    async export(id, viewer) {
        return this.advisories.toDocument(await this.visible(id, viewer));
    }
    async show(id, viewer) {
        const advisory = await this.visible(id, viewer);
        const linked = await this.publishedIds(advisory.relatedAdvisories);
        const thread = await this.em.fork().findOne(thread_entity_1.Thread, { advisory });
        return {
            title: `${advisory.id} ${advisory.title}`,
            advisory: (0, advisory_view_model_1.advisoryPage)(advisory, linked),
            activity: activity(thread ?? undefined),
            stats: thread ? await this.threadPages.stats(thread.id, advisory.platforms.getItems()) : null,
            knownIssues: await this.knownIssues.summary(advisory, advisory.platforms.getItems()),
        };
    }
    async visible(rawId, viewer) {
        const id = (0, advisory_format_1.normalizeAdvisoryId)(rawId);
        const advisory = id ? await this.advisories.findById(id) : null;
        if (!advisory || !this.policy.can(viewer, actions_1.Action.ViewAdvisory, advisory))
            throw new common_1.NotFoundException();
        return advisory;
    }
    async publishedIds(ids) {
        if (!ids.length)
            return new Set();
        const rows = await this.em.find(advisory_entity_1.Advisory, { id: { $in: ids }, status: advisory_entity_1.AdvisoryStatus.Published }, { fields: ['id'] });
        return new Set(rows.map((r) => r.id));
    }
};
exports.AdvisoriesController = AdvisoriesController;
__decorate([
    (0, public_decorator_1.Public)(),
    (0, common_1.Get)('/'),
    (0, common_1.Render)('advisories/index'),
    __param(0, (0, common_1.Query)('after')),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String]),
    __metadata("design:returntype", Promise)
], AdvisoriesController.prototype, "index", null);
__decorate([
    (0, public_decorator_1.Public)(),
    (0, common_1.Get)('advisories/:id.json'),
    (0, common_1.Header)('Cache-Control', 'no-cache'),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, current_viewer_decorator_1.CurrentViewer)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, Object]),
    __metadata("design:returntype", Promise)
], AdvisoriesController.prototype, "export", null);
__decorate([
    (0, public_decorator_1.Public)(),
    (0, common_1.Get)('advisories/:id'),
    (0, common_1.Render)('advisories/show'),
    __param(0, (0, common_1.Param)('id')),
    __param(1, (0, current_viewer_decorator_1.CurrentViewer)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, Object]),
    __metadata("design:returntype", Promise)
], AdvisoriesController.prototype, "show", null);
exports.AdvisoriesController = AdvisoriesController = __decorate([
    (0, common_1.Controller)(),
    __metadata("design:paramtypes", [advisories_service_1.AdvisoriesService,
        policy_service_1.PolicyService,
        core_1.EntityManager,
        thread_page_service_1.ThreadPageService,
        known_issues_service_1.KnownIssuesService])
], AdvisoriesController);
function activity(thread) {
    return thread ? { reports: thread.reportCount, problems: thread.problemCount, posts: thread.postCount, lastPostedAt: thread.lastPostedAt } : null;
}
function parseCursor(raw) {
    const m = typeof raw === 'string' ? /^(\d{4}-\d{2}-\d{2})~([A-Z0-9-]{1,20})$/.exec(raw) : null;
    return m ? { updatedOn: m[1], id: m[2] } : null;
}
//# sourceMappingURL=advisories.controller.js.map