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
exports.PostRevision = void 0;
const core_1 = require("@mikro-orm/core");
const user_entity_1 = require("../users/user.entity");
const post_entity_1 = require("./post.entity");
let PostRevision = class PostRevision {
    constructor(post, revision, bodySource, editor) {
        this.createdAt = new Date();
        this.post = post;
        this.revision = revision;
        this.bodySource = bodySource;
        this.editor = editor;
    }
};
exports.PostRevision = PostRevision;
__decorate([
    (0, core_1.PrimaryKey)({ type: 'integer', autoincrement: true }),
    __metadata("design:type", Number)
], PostRevision.prototype, "id", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => post_entity_1.Post, { ref: true, deleteRule: 'cascade' }),
    __metadata("design:type", Object)
], PostRevision.prototype, "post", void 0);
__decorate([
    (0, core_1.Property)({ type: 'integer' }),
    __metadata("design:type", Number)
], PostRevision.prototype, "revision", void 0);
__decorate([
    (0, core_1.Property)({ type: 'text' }),
    __metadata("design:type", String)
], PostRevision.prototype, "bodySource", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => user_entity_1.User, { ref: true }),
    __metadata("design:type", Object)
], PostRevision.prototype, "editor", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime' }),
    __metadata("design:type", Date)
], PostRevision.prototype, "createdAt", void 0);
exports.PostRevision = PostRevision = __decorate([
    (0, core_1.Entity)({ tableName: 'post_revisions' }),
    (0, core_1.Unique)({ name: 'post_revisions_post_revision_unique', properties: ['post', 'revision'] }),
    __metadata("design:paramtypes", [Object, Number, String, Object])
], PostRevision);
//# sourceMappingURL=post-revision.entity.js.map