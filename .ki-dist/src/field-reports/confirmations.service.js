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
exports.ConfirmationsService = void 0;
const core_1 = require("@mikro-orm/core");
const common_1 = require("@nestjs/common");
const advisory_platform_entity_1 = require("../advisories/advisory-platform.entity");
const form_invalid_exception_1 = require("../common/forms/form-invalid.exception");
const sql_1 = require("../database/sql");
const notifications_service_1 = require("../notifications/notifications.service");
const actions_1 = require("../policy/actions");
const policy_service_1 = require("../policy/policy.service");
const posts_service_1 = require("../threads/posts.service");
const post_entity_1 = require("../threads/post.entity");
const user_entity_1 = require("../users/user.entity");
const confirmation_entity_1 = require("./confirmation.entity");
const field_report_entity_1 = require("./field-report.entity");
const stats_1 = require("./stats");
let ConfirmationsService = class ConfirmationsService {
    constructor(em, policy, notifications) {
        this.em = em;
        this.policy = policy;
        this.notifications = notifications;
    }
    async confirm(viewer, postId, platformKey, platformOther) {
        try {
            return await this.em.fork().transactional(async (em) => {
                const { post, report } = await this.load(em, postId);
                this.policy.ensure(viewer, actions_1.Action.ConfirmReport, { ...(0, posts_service_1.postSubject)(post, post.thread.getEntity()), isReport: true });
                const platforms = await em.find(advisory_platform_entity_1.AdvisoryPlatform, { advisory: post.thread.getEntity().advisory });
                const key = platformKey?.trim() || report.platform?.getEntity().key || posts_service_1.OTHER_PLATFORM;
                const confirmation = new confirmation_entity_1.Confirmation((0, core_1.ref)(report), (0, core_1.ref)(user_entity_1.User, viewer.id));
                if (key === posts_service_1.OTHER_PLATFORM) {
                    const other = (platformOther ?? '').normalize('NFKC').trim();
                    if (!other || other.length > 100)
                        throw new form_invalid_exception_1.FormInvalidException({ platformOther: 'report.platformOther.required' });
                    confirmation.platformOther = other;
                }
                else {
                    const platform = platforms.find((p) => p.key === key);
                    if (!platform)
                        throw new form_invalid_exception_1.FormInvalidException({ platform: 'report.platform.required' });
                    confirmation.platform = (0, core_1.ref)(platform);
                }
                if (await em.count(confirmation_entity_1.Confirmation, { report, user: viewer.id }))
                    return 'already';
                em.persist(confirmation);
                await em.flush();
                await (0, sql_1.sql)(em, 'update field_reports set confirmation_count = confirmation_count + 1 where post_id = ?', [post.id]);
                await (0, stats_1.bumpPlatformStat)(em, post.thread.id, key, report.outcome, 0, 1);
                await this.notifications.notify(em, post.author.id, 'confirmation', post.id, viewer.id);
                return 'confirmed';
            });
        }
        catch (err) {
            if (err instanceof core_1.UniqueConstraintViolationException)
                return 'already';
            throw err;
        }
    }
    async withdraw(viewer, postId) {
        await this.em.fork().transactional(async (em) => {
            const { post, report } = await this.load(em, postId);
            const mine = await em.findOne(confirmation_entity_1.Confirmation, { report, user: viewer.id }, { populate: ['platform'] });
            if (!mine || !(await em.nativeDelete(confirmation_entity_1.Confirmation, { id: mine.id })))
                return;
            await (0, sql_1.sql)(em, 'update field_reports set confirmation_count = confirmation_count - 1 where post_id = ?', [post.id]);
            if (post.state === 'visible')
                await (0, stats_1.bumpPlatformStat)(em, post.thread.id, mine.platform?.getEntity().key ?? posts_service_1.OTHER_PLATFORM, report.outcome, 0, -1);
        });
    }
    async load(em, postId) {
        const post = await em.findOne(post_entity_1.Post, postId, { populate: ['thread', 'thread.advisory'] });
        const report = post?.isReport ? await em.findOne(field_report_entity_1.FieldReport, { post }, { populate: ['platform'] }) : null;
        if (!post || !report)
            throw new common_1.NotFoundException();
        return { post, report };
    }
};
exports.ConfirmationsService = ConfirmationsService;
exports.ConfirmationsService = ConfirmationsService = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [core_1.EntityManager,
        policy_service_1.PolicyService,
        notifications_service_1.NotificationsService])
], ConfirmationsService);
//# sourceMappingURL=confirmations.service.js.map