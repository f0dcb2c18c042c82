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
exports.KnownIssue = exports.OPEN_STATUSES = exports.KNOWN_ISSUE_STATUSES = void 0;
const core_1 = require("@mikro-orm/core");
const advisory_entity_1 = require("../advisories/advisory.entity");
const user_entity_1 = require("../users/user.entity");
exports.KNOWN_ISSUE_STATUSES = ['investigating', 'confirmed', 'mitigated', 'resolved', 'dismissed'];
exports.OPEN_STATUSES = ['investigating', 'confirmed', 'mitigated'];
let KnownIssue = class KnownIssue {
    constructor(advisory, title, symptom, createdBy) {
        this.platforms = [];
        this.software = '';
        this.workaround = '';
        this.resolution = '';
        this.references = [];
        this.status = 'investigating';
        this.position = 0;
        this.evidenceCount = 0;
        this.createdAt = new Date();
        this.updatedAt = new Date();
        this.advisory = advisory;
        this.title = title;
        this.symptom = symptom;
        this.createdBy = createdBy;
    }
    get isOpen() {
        return exports.OPEN_STATUSES.includes(this.status);
    }
};
exports.KnownIssue = KnownIssue;
__decorate([
    (0, core_1.PrimaryKey)({ type: 'integer', autoincrement: true }),
    __metadata("design:type", Number)
], KnownIssue.prototype, "id", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => advisory_entity_1.Advisory, { ref: true, deleteRule: 'cascade' }),
    __metadata("design:type", Object)
], KnownIssue.prototype, "advisory", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 200 }),
    __metadata("design:type", String)
], KnownIssue.prototype, "title", void 0);
__decorate([
    (0, core_1.Property)({ type: 'text' }),
    __metadata("design:type", String)
], KnownIssue.prototype, "symptom", void 0);
__decorate([
    (0, core_1.Property)({ type: 'json' }),
    __metadata("design:type", Array)
], KnownIssue.prototype, "platforms", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 200 }),
    __metadata("design:type", Object)
], KnownIssue.prototype, "software", void 0);
__decorate([
    (0, core_1.Property)({ type: 'text' }),
    __metadata("design:type", Object)
], KnownIssue.prototype, "workaround", void 0);
__decorate([
    (0, core_1.Property)({ type: 'text' }),
    __metadata("design:type", Object)
], KnownIssue.prototype, "resolution", void 0);
__decorate([
    (0, core_1.Property)({ type: 'json' }),
    __metadata("design:type", Array)
], KnownIssue.prototype, "references", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 16 }),
    __metadata("design:type", String)
], KnownIssue.prototype, "status", void 0);
__decorate([
    (0, core_1.Property)({ type: 'integer' }),
    __metadata("design:type", Object)
], KnownIssue.prototype, "position", void 0);
__decorate([
    (0, core_1.Property)({ type: 'integer' }),
    __metadata("design:type", Object)
], KnownIssue.prototype, "evidenceCount", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => user_entity_1.User, { ref: true }),
    __metadata("design:type", Object)
], KnownIssue.prototype, "createdBy", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime' }),
    __metadata("design:type", Date)
], KnownIssue.prototype, "createdAt", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime' }),
    __metadata("design:type", Date)
], KnownIssue.prototype, "updatedAt", void 0);
exports.KnownIssue = KnownIssue = __decorate([
    (0, core_1.Entity)({ tableName: 'known_issues' }),
    (0, core_1.Index)({ name: 'known_issues_advisory_idx', properties: ['advisory', 'position'] }),
    (0, core_1.Index)({ name: 'known_issues_status_idx', properties: ['status', 'updatedAt'] }),
    __metadata("design:paramtypes", [Object, String, String, Object])
], KnownIssue);
//# sourceMappingURL=known-issue.entity.js.map