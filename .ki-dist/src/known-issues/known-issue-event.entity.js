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
exports.KnownIssueEvent = void 0;
const core_1 = require("@mikro-orm/core");
const user_entity_1 = require("../users/user.entity");
const known_issue_entity_1 = require("./known-issue.entity");
let KnownIssueEvent = class KnownIssueEvent {
    constructor(knownIssue, kind, fromStatus, toStatus, note, actor) {
        this.createdAt = new Date();
        this.knownIssue = knownIssue;
        this.kind = kind;
        this.fromStatus = fromStatus;
        this.toStatus = toStatus;
        this.note = note;
        this.actor = actor;
    }
};
exports.KnownIssueEvent = KnownIssueEvent;
__decorate([
    (0, core_1.PrimaryKey)({ type: 'integer', autoincrement: true }),
    __metadata("design:type", Number)
], KnownIssueEvent.prototype, "id", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => known_issue_entity_1.KnownIssue, { ref: true, deleteRule: 'cascade' }),
    __metadata("design:type", Object)
], KnownIssueEvent.prototype, "knownIssue", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 16 }),
    __metadata("design:type", String)
], KnownIssueEvent.prototype, "kind", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 16, nullable: true }),
    __metadata("design:type", Object)
], KnownIssueEvent.prototype, "fromStatus", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 16 }),
    __metadata("design:type", String)
], KnownIssueEvent.prototype, "toStatus", void 0);
__decorate([
    (0, core_1.Property)({ type: 'text' }),
    __metadata("design:type", String)
], KnownIssueEvent.prototype, "note", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => user_entity_1.User, { ref: true }),
    __metadata("design:type", Object)
], KnownIssueEvent.prototype, "actor", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime' }),
    __metadata("design:type", Date)
], KnownIssueEvent.prototype, "createdAt", void 0);
exports.KnownIssueEvent = KnownIssueEvent = __decorate([
    (0, core_1.Entity)({ tableName: 'known_issue_events' }),
    (0, core_1.Index)({ name: 'known_issue_events_issue_idx', properties: ['knownIssue', 'id'] }),
    __metadata("design:paramtypes", [Object, String, Object, String, String, Object])
], KnownIssueEvent);
//# sourceMappingURL=known-issue-event.entity.js.map