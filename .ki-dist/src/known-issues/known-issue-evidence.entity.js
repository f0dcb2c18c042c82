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
exports.KnownIssueEvidence = void 0;
const core_1 = require("@mikro-orm/core");
const post_entity_1 = require("../threads/post.entity");
const user_entity_1 = require("../users/user.entity");
const known_issue_entity_1 = require("./known-issue.entity");
let KnownIssueEvidence = class KnownIssueEvidence {
    constructor(knownIssue, post, addedBy) {
        this.createdAt = new Date();
        this.knownIssue = knownIssue;
        this.post = post;
        this.addedBy = addedBy;
    }
};
exports.KnownIssueEvidence = KnownIssueEvidence;
__decorate([
    (0, core_1.PrimaryKey)({ type: 'integer', autoincrement: true }),
    __metadata("design:type", Number)
], KnownIssueEvidence.prototype, "id", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => known_issue_entity_1.KnownIssue, { ref: true, deleteRule: 'cascade' }),
    __metadata("design:type", Object)
], KnownIssueEvidence.prototype, "knownIssue", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => post_entity_1.Post, { ref: true, deleteRule: 'cascade' }),
    __metadata("design:type", Object)
], KnownIssueEvidence.prototype, "post", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => user_entity_1.User, { ref: true }),
    __metadata("design:type", Object)
], KnownIssueEvidence.prototype, "addedBy", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime' }),
    __metadata("design:type", Date)
], KnownIssueEvidence.prototype, "createdAt", void 0);
exports.KnownIssueEvidence = KnownIssueEvidence = __decorate([
    (0, core_1.Entity)({ tableName: 'known_issue_evidence' }),
    (0, core_1.Unique)({ name: 'known_issue_evidence_unique', properties: ['knownIssue', 'post'] }),
    __metadata("design:paramtypes", [Object, Object, Object])
], KnownIssueEvidence);
//# sourceMappingURL=known-issue-evidence.entity.js.map