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
exports.PlatformStat = void 0;
const core_1 = require("@mikro-orm/core");
const thread_entity_1 = require("../threads/thread.entity");
let PlatformStat = class PlatformStat {
    constructor(thread, platformKey, outcome) {
        this.reports = 0;
        this.confirmations = 0;
        this.thread = thread;
        this.platformKey = platformKey;
        this.outcome = outcome;
    }
};
exports.PlatformStat = PlatformStat;
__decorate([
    (0, core_1.PrimaryKey)({ type: 'integer', autoincrement: true }),
    __metadata("design:type", Number)
], PlatformStat.prototype, "id", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => thread_entity_1.Thread, { ref: true, deleteRule: 'cascade' }),
    __metadata("design:type", Object)
], PlatformStat.prototype, "thread", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 40 }),
    __metadata("design:type", String)
], PlatformStat.prototype, "platformKey", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 16 }),
    __metadata("design:type", String)
], PlatformStat.prototype, "outcome", void 0);
__decorate([
    (0, core_1.Property)({ type: 'integer' }),
    __metadata("design:type", Object)
], PlatformStat.prototype, "reports", void 0);
__decorate([
    (0, core_1.Property)({ type: 'integer' }),
    __metadata("design:type", Object)
], PlatformStat.prototype, "confirmations", void 0);
exports.PlatformStat = PlatformStat = __decorate([
    (0, core_1.Entity)({ tableName: 'platform_stats' }),
    (0, core_1.Unique)({ name: 'platform_stats_thread_platform_outcome_unique', properties: ['thread', 'platformKey', 'outcome'] }),
    __metadata("design:paramtypes", [Object, String, String])
], PlatformStat);
//# sourceMappingURL=platform-stat.entity.js.map