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
exports.Notification = void 0;
const core_1 = require("@mikro-orm/core");
const known_issue_entity_1 = require("../known-issues/known-issue.entity");
const post_entity_1 = require("../threads/post.entity");
const user_entity_1 = require("../users/user.entity");
let Notification = class Notification {
    constructor(user, kind, post, actor) {
        this.knownIssue = null;
        this.readAt = null;
        this.createdAt = new Date();
        this.user = user;
        this.kind = kind;
        this.post = post;
        this.actor = actor;
    }
};
exports.Notification = Notification;
__decorate([
    (0, core_1.PrimaryKey)({ type: 'integer', autoincrement: true }),
    __metadata("design:type", Number)
], Notification.prototype, "id", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => user_entity_1.User, { ref: true, deleteRule: 'cascade' }),
    __metadata("design:type", Object)
], Notification.prototype, "user", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 16 }),
    __metadata("design:type", String)
], Notification.prototype, "kind", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => post_entity_1.Post, { ref: true, nullable: true, deleteRule: 'cascade' }),
    __metadata("design:type", Object)
], Notification.prototype, "post", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => known_issue_entity_1.KnownIssue, { ref: true, nullable: true, deleteRule: 'cascade' }),
    __metadata("design:type", Object)
], Notification.prototype, "knownIssue", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => user_entity_1.User, { ref: true, nullable: true, deleteRule: 'set null' }),
    __metadata("design:type", Object)
], Notification.prototype, "actor", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime', nullable: true }),
    __metadata("design:type", Object)
], Notification.prototype, "readAt", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime' }),
    __metadata("design:type", Date)
], Notification.prototype, "createdAt", void 0);
exports.Notification = Notification = __decorate([
    (0, core_1.Entity)({ tableName: 'notifications' }),
    (0, core_1.Index)({ name: 'notifications_user_idx', properties: ['user', 'id'] }),
    __metadata("design:paramtypes", [Object, String, Object, Object])
], Notification);
//# sourceMappingURL=notification.entity.js.map