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
exports.AuditEntry = void 0;
const core_1 = require("@mikro-orm/core");
let AuditEntry = class AuditEntry {
    constructor(init) {
        this.createdAt = new Date();
        this.actorId = init.actorId;
        this.actorName = init.actorName;
        this.action = init.action;
        this.targetType = init.targetType;
        this.targetId = init.targetId;
        this.reason = init.reason ?? null;
        this.detail = init.detail ?? null;
    }
};
exports.AuditEntry = AuditEntry;
__decorate([
    (0, core_1.PrimaryKey)({ type: 'integer', autoincrement: true }),
    __metadata("design:type", Number)
], AuditEntry.prototype, "id", void 0);
__decorate([
    (0, core_1.Property)({ type: 'integer', nullable: true }),
    __metadata("design:type", Object)
], AuditEntry.prototype, "actorId", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 64 }),
    __metadata("design:type", String)
], AuditEntry.prototype, "actorName", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 40 }),
    __metadata("design:type", String)
], AuditEntry.prototype, "action", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 20 }),
    __metadata("design:type", String)
], AuditEntry.prototype, "targetType", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 64 }),
    __metadata("design:type", String)
], AuditEntry.prototype, "targetId", void 0);
__decorate([
    (0, core_1.Property)({ type: 'text', nullable: true }),
    __metadata("design:type", Object)
], AuditEntry.prototype, "reason", void 0);
__decorate([
    (0, core_1.Property)({ type: 'json', nullable: true }),
    __metadata("design:type", Object)
], AuditEntry.prototype, "detail", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime' }),
    __metadata("design:type", Date)
], AuditEntry.prototype, "createdAt", void 0);
exports.AuditEntry = AuditEntry = __decorate([
    (0, core_1.Entity)({ tableName: 'audit_entries' }),
    (0, core_1.Index)({ name: 'audit_entries_actor_idx', properties: ['actorId', 'id'] }),
    (0, core_1.Index)({ name: 'audit_entries_action_idx', properties: ['action', 'id'] }),
    __metadata("design:paramtypes", [Object])
], AuditEntry);
//# sourceMappingURL=audit-entry.entity.js.map