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
exports.Post = void 0;
const core_1 = require("@mikro-orm/core");
const user_entity_1 = require("../users/user.entity");
const thread_entity_1 = require("./thread.entity");
let Post = class Post {
    constructor(thread, number, author, bodySource, bodyHtml) {
        this.isReport = false;
        this.state = 'visible';
        this.stateReason = null;
        this.replyTo = null;
        this.editedAt = null;
        this.revisionCount = 0;
        this.createdAt = new Date();
        this.thread = thread;
        this.number = number;
        this.author = author;
        this.bodySource = bodySource;
        this.bodyHtml = bodyHtml;
    }
};
exports.Post = Post;
__decorate([
    (0, core_1.PrimaryKey)({ type: 'integer', autoincrement: true }),
    __metadata("design:type", Number)
], Post.prototype, "id", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => thread_entity_1.Thread, { ref: true, deleteRule: 'cascade' }),
    __metadata("design:type", Object)
], Post.prototype, "thread", void 0);
__decorate([
    (0, core_1.Property)({ type: 'integer' }),
    __metadata("design:type", Number)
], Post.prototype, "number", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => user_entity_1.User, { ref: true }),
    __metadata("design:type", Object)
], Post.prototype, "author", void 0);
__decorate([
    (0, core_1.Property)({ type: 'text' }),
    __metadata("design:type", String)
], Post.prototype, "bodySource", void 0);
__decorate([
    (0, core_1.Property)({ type: 'text' }),
    __metadata("design:type", String)
], Post.prototype, "bodyHtml", void 0);
__decorate([
    (0, core_1.Property)({ type: 'boolean' }),
    __metadata("design:type", Boolean)
], Post.prototype, "isReport", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 10 }),
    __metadata("design:type", String)
], Post.prototype, "state", void 0);
__decorate([
    (0, core_1.Property)({ type: 'text', nullable: true }),
    __metadata("design:type", Object)
], Post.prototype, "stateReason", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => Post, { ref: true, nullable: true, deleteRule: 'set null' }),
    __metadata("design:type", Object)
], Post.prototype, "replyTo", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime', nullable: true }),
    __metadata("design:type", Object)
], Post.prototype, "editedAt", void 0);
__decorate([
    (0, core_1.Property)({ type: 'integer' }),
    __metadata("design:type", Object)
], Post.prototype, "revisionCount", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime' }),
    __metadata("design:type", Date)
], Post.prototype, "createdAt", void 0);
exports.Post = Post = __decorate([
    (0, core_1.Entity)({ tableName: 'posts' }),
    (0, core_1.Unique)({ name: 'posts_thread_number_unique', properties: ['thread', 'number'] }),
    (0, core_1.Index)({ name: 'posts_author_idx', properties: ['author', 'id'] }),
    __metadata("design:paramtypes", [Object, Number, Object, String, String])
], Post);
//# sourceMappingURL=post.entity.js.map