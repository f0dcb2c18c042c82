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
exports.NotificationsService = void 0;
const core_1 = require("@mikro-orm/core");
const common_1 = require("@nestjs/common");
const sql_1 = require("../database/sql");
const post_entity_1 = require("../threads/post.entity");
const user_entity_1 = require("../users/user.entity");
const notification_entity_1 = require("./notification.entity");
const watch_entity_1 = require("./watch.entity");
let NotificationsService = class NotificationsService {
    constructor(em) {
        this.em = em;
    }
    async watch(em, userId, advisoryId) {
        await (0, sql_1.sql)(em, 'insert into watches (user_id, advisory_id, created_at) values (?, ?, ?) on conflict (user_id, advisory_id) do nothing', [userId, advisoryId, (0, sql_1.dbDate)(em, new Date())]);
    }
    async watchNow(userId, advisoryId) {
        await this.watch(this.em.fork(), userId, advisoryId);
    }
    async unwatch(userId, advisoryId) {
        await this.em.fork().nativeDelete(watch_entity_1.Watch, { user: userId, advisory: advisoryId });
    }
    async isWatching(userId, advisoryId) {
        return (await this.em.fork().count(watch_entity_1.Watch, { user: userId, advisory: advisoryId })) > 0;
    }
    async notifyWatchers(em, post, advisoryId, actorId) {
        await (0, sql_1.sql)(em, `insert into notifications (user_id, kind, post_id, actor_id, created_at)
       select user_id, 'report', ?, ?, ? from watches where advisory_id = ? and user_id <> ?`, [post.id, actorId, (0, sql_1.dbDate)(em, new Date()), advisoryId, actorId]);
        await (0, sql_1.sql)(em, 'update users set unread_notifications = unread_notifications + 1 where id in (select user_id from watches where advisory_id = ? and user_id <> ?)', [advisoryId, actorId]);
    }
    async notifyKnownIssue(em, issue, advisoryId, actorId) {
        await (0, sql_1.sql)(em, `insert into notifications (user_id, kind, known_issue_id, actor_id, created_at)
       select user_id, 'known-issue', ?, ?, ? from watches where advisory_id = ? and user_id <> ?`, [issue.id, actorId, (0, sql_1.dbDate)(em, new Date()), advisoryId, actorId]);
        await (0, sql_1.sql)(em, 'update users set unread_notifications = unread_notifications + 1 where id in (select user_id from watches where advisory_id = ? and user_id <> ?)', [advisoryId, actorId]);
    }
    async notify(em, userId, kind, postId, actorId) {
        if (userId === actorId)
            return;
        em.persist(new notification_entity_1.Notification((0, core_1.ref)(user_entity_1.User, userId), kind, (0, core_1.ref)(post_entity_1.Post, postId), (0, core_1.ref)(user_entity_1.User, actorId)));
        await em.flush();
        await (0, sql_1.sql)(em, 'update users set unread_notifications = unread_notifications + 1 where id = ?', [userId]);
    }
    async list(userId, beforeId) {
        const em = this.em.fork();
        const rows = await em.find(notification_entity_1.Notification, beforeId ? { user: userId, id: { $lt: beforeId } } : { user: userId }, {
            orderBy: { id: 'desc' },
            limit: 51,
            populate: ['post', 'post.thread', 'actor', 'knownIssue'],
        });
        const items = rows.slice(0, 50);
        return { items, nextBefore: rows.length > 50 ? items[items.length - 1].id : null };
    }
    async markRead(userId, id) {
        await this.em.fork().transactional(async (em) => {
            const now = (0, sql_1.dbDate)(em, new Date());
            const where = id === null ? 'user_id = ? and read_at is null' : 'user_id = ? and id = ? and read_at is null';
            const params = id === null ? [userId] : [userId, id];
            const changed = await (0, sql_1.sql)(em, `update notifications set read_at = ? where ${where}`, [now, ...params]);
            const n = Number(changed.affectedRows ?? 0);
            if (n)
                await (0, sql_1.sql)(em, 'update users set unread_notifications = case when unread_notifications >= ? then unread_notifications - ? else 0 end where id = ?', [n, n, userId]);
        });
    }
};
exports.NotificationsService = NotificationsService;
exports.NotificationsService = NotificationsService = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [core_1.EntityManager])
], NotificationsService);
//# sourceMappingURL=notifications.service.js.map