"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.AuditService = void 0;
const common_1 = require("@nestjs/common");
const audit_entry_entity_1 = require("./audit-entry.entity");
let AuditService = class AuditService {
    record(em, actor, entry) {
        const row = new audit_entry_entity_1.AuditEntry({
            actorId: typeof actor === 'string' ? null : actor.id,
            actorName: actor === 'cli' ? '(command line)' : actor === 'system' ? '(automatic)' : (actor.username ?? '?'),
            action: entry.action,
            targetType: entry.targetType,
            targetId: String(entry.targetId),
            reason: entry.reason,
            detail: entry.detail,
        });
        em.persist(row);
        return row;
    }
};
exports.AuditService = AuditService;
exports.AuditService = AuditService = __decorate([
    (0, common_1.Injectable)()
], AuditService);
//# sourceMappingURL=audit.service.js.map