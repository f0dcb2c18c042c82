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
exports.Thread = void 0;
const core_1 = require("@mikro-orm/core");
const advisory_entity_1 = require("../advisories/advisory.entity");
let Thread = class Thread {
    constructor(advisory) {
        this.locked = false;
        this.postCount = 0;
        this.reportCount = 0;
        this.problemCount = 0;
        this.lastPostedAt = null;
        this.createdAt = new Date();
        this.advisory = advisory;
    }
};
exports.Thread = Thread;
__decorate([
    (0, core_1.PrimaryKey)({ type: 'integer', autoincrement: true }),
    __metadata("design:type", Number)
], Thread.prototype, "id", void 0);
__decorate([
    (0, core_1.OneToOne)(() => advisory_entity_1.Advisory, { owner: true, unique: 'threads_advisory_unique', deleteRule: 'cascade' }),
    __metadata("design:type", advisory_entity_1.Advisory)
], Thread.prototype, "advisory", void 0);
__decorate([
    (0, core_1.Property)({ type: 'boolean' }),
    __metadata("design:type", Object)
], Thread.prototype, "locked", void 0);
__decorate([
    (0, core_1.Property)({ type: 'integer' }),
    __metadata("design:type", Object)
], Thread.prototype, "postCount", void 0);
__decorate([
    (0, core_1.Property)({ type: 'integer' }),
    __metadata("design:type", Object)
], Thread.prototype, "reportCount", void 0);
__decorate([
    (0, core_1.Property)({ type: 'integer' }),
    __metadata("design:type", Object)
], Thread.prototype, "problemCount", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime', nullable: true }),
    __metadata("design:type", Object)
], Thread.prototype, "lastPostedAt", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime' }),
    __metadata("design:type", Date)
], Thread.prototype, "createdAt", void 0);
exports.Thread = Thread = __decorate([
    (0, core_1.Entity)({ tableName: 'threads' }),
    __metadata("design:paramtypes", [advisory_entity_1.Advisory])
], Thread);
//# sourceMappingURL=thread.entity.js.map