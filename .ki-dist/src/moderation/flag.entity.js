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
exports.Flag = exports.FLAG_REASONS = void 0;
const core_1 = require("@mikro-orm/core");
const post_entity_1 = require("../threads/post.entity");
const user_entity_1 = require("../users/user.entity");
exports.FLAG_REASONS = ['spam', 'off-topic', 'abusive', 'dangerous', 'other'];
let Flag = class Flag {
    constructor(post, user, reason, note) {
        this.state = 'open';
        this.resolvedBy = null;
        this.resolvedAt = null;
        this.createdAt = new Date();
        this.post = post;
        this.user = user;
        this.reason = reason;
        this.note = note;
    }
};
exports.Flag = Flag;
__decorate([
    (0, core_1.PrimaryKey)({ type: 'integer', autoincrement: true }),
    __metadata("design:type", Number)
], Flag.prototype, "id", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => post_entity_1.Post, { ref: true, deleteRule: 'cascade' }),
    __metadata("design:type", Object)
], Flag.prototype, "post", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => user_entity_1.User, { ref: true, deleteRule: 'cascade' }),
    __metadata("design:type", Object)
], Flag.prototype, "user", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 16 }),
    __metadata("design:type", String)
], Flag.prototype, "reason", void 0);
__decorate([
    (0, core_1.Property)({ type: 'text', nullable: true }),
    __metadata("design:type", Object)
], Flag.prototype, "note", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 10 }),
    __metadata("design:type", String)
], Flag.prototype, "state", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => user_entity_1.User, { ref: true, nullable: true, deleteRule: 'set null' }),
    __metadata("design:type", Object)
], Flag.prototype, "resolvedBy", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime', nullable: true }),
    __metadata("design:type", Object)
], Flag.prototype, "resolvedAt", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime' }),
    __metadata("design:type", Date)
], Flag.prototype, "createdAt", void 0);
exports.Flag = Flag = __decorate([
    (0, core_1.Entity)({ tableName: 'flags' }),
    (0, core_1.Unique)({ name: 'flags_post_user_unique', properties: ['post', 'user'] }),
    (0, core_1.Index)({ name: 'flags_state_idx', properties: ['state', 'id'] }),
    __metadata("design:paramtypes", [Object, Object, String, Object])
], Flag);
//# sourceMappingURL=flag.entity.js.map