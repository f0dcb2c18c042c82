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
exports.Confirmation = void 0;
const core_1 = require("@mikro-orm/core");
const advisory_platform_entity_1 = require("../advisories/advisory-platform.entity");
const user_entity_1 = require("../users/user.entity");
const field_report_entity_1 = require("./field-report.entity");
let Confirmation = class Confirmation {
    constructor(report, user) {
        this.platform = null;
        this.platformOther = null;
        this.createdAt = new Date();
        this.report = report;
        this.user = user;
    }
};
exports.Confirmation = Confirmation;
__decorate([
    (0, core_1.PrimaryKey)({ type: 'integer', autoincrement: true }),
    __metadata("design:type", Number)
], Confirmation.prototype, "id", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => field_report_entity_1.FieldReport, { ref: true, deleteRule: 'cascade', fieldName: 'report_id' }),
    __metadata("design:type", Object)
], Confirmation.prototype, "report", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => user_entity_1.User, { ref: true }),
    __metadata("design:type", Object)
], Confirmation.prototype, "user", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => advisory_platform_entity_1.AdvisoryPlatform, { ref: true, nullable: true }),
    __metadata("design:type", Object)
], Confirmation.prototype, "platform", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 100, nullable: true }),
    __metadata("design:type", Object)
], Confirmation.prototype, "platformOther", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime' }),
    __metadata("design:type", Date)
], Confirmation.prototype, "createdAt", void 0);
exports.Confirmation = Confirmation = __decorate([
    (0, core_1.Entity)({ tableName: 'confirmations' }),
    (0, core_1.Unique)({ name: 'confirmations_report_user_unique', properties: ['report', 'user'] }),
    (0, core_1.Index)({ name: 'confirmations_user_idx', properties: ['user'] }),
    __metadata("design:paramtypes", [Object, Object])
], Confirmation);
//# sourceMappingURL=confirmation.entity.js.map