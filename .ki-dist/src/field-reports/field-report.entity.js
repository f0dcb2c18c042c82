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
exports.FieldReport = exports.OUTCOMES = void 0;
const core_1 = require("@mikro-orm/core");
const advisory_platform_entity_1 = require("../advisories/advisory-platform.entity");
const post_entity_1 = require("../threads/post.entity");
exports.OUTCOMES = ['success', 'problem', 'install-failed', 'rolled-back'];
let FieldReport = class FieldReport {
    constructor(post, outcome, hosts, software) {
        this.platform = null;
        this.platformOther = null;
        this.confirmationCount = 0;
        this.post = post;
        this.outcome = outcome;
        this.hosts = hosts;
        this.software = software;
    }
};
exports.FieldReport = FieldReport;
__decorate([
    (0, core_1.OneToOne)(() => post_entity_1.Post, { primary: true, owner: true, ref: true, deleteRule: 'cascade' }),
    __metadata("design:type", Object)
], FieldReport.prototype, "post", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => advisory_platform_entity_1.AdvisoryPlatform, { ref: true, nullable: true }),
    __metadata("design:type", Object)
], FieldReport.prototype, "platform", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 100, nullable: true }),
    __metadata("design:type", Object)
], FieldReport.prototype, "platformOther", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 16 }),
    __metadata("design:type", String)
], FieldReport.prototype, "outcome", void 0);
__decorate([
    (0, core_1.Property)({ type: 'integer' }),
    __metadata("design:type", Number)
], FieldReport.prototype, "hosts", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 200 }),
    __metadata("design:type", String)
], FieldReport.prototype, "software", void 0);
__decorate([
    (0, core_1.Property)({ type: 'integer' }),
    __metadata("design:type", Object)
], FieldReport.prototype, "confirmationCount", void 0);
exports.FieldReport = FieldReport = __decorate([
    (0, core_1.Entity)({ tableName: 'field_reports' }),
    __metadata("design:paramtypes", [Object, String, Number, String])
], FieldReport);
//# sourceMappingURL=field-report.entity.js.map