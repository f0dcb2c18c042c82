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
exports.Advisory = exports.AdvisoryStatus = void 0;
const core_1 = require("@mikro-orm/core");
const advisory_platform_entity_1 = require("./advisory-platform.entity");
var AdvisoryStatus;
(function (AdvisoryStatus) {
    AdvisoryStatus["Draft"] = "draft";
    AdvisoryStatus["Published"] = "published";
})(AdvisoryStatus || (exports.AdvisoryStatus = AdvisoryStatus = {}));
let Advisory = class Advisory {
    constructor(id, title, registeredOn, updatedOn, severity, countermeasure) {
        this.kb = [];
        this.exploitCodePublic = null;
        this.rebootRequired = null;
        this.uninstallable = null;
        this.targets = [];
        this.references = [];
        this.relatedAdvisories = [];
        this.summary = '';
        this.vulnerabilities = [];
        this.platforms = new core_1.Collection(this);
        this.labTestedOn = [];
        this.editorNotes = [];
        this.packages = [];
        this.status = AdvisoryStatus.Draft;
        this.publishedAt = null;
        this.createdAt = new Date();
        this.modifiedAt = new Date();
        this.id = id;
        this.title = title;
        this.registeredOn = registeredOn;
        this.updatedOn = updatedOn;
        this.severity = severity;
        this.countermeasure = countermeasure;
    }
    get isPublished() {
        return this.status === AdvisoryStatus.Published;
    }
};
exports.Advisory = Advisory;
__decorate([
    (0, core_1.PrimaryKey)({ type: 'string', length: 20 }),
    __metadata("design:type", String)
], Advisory.prototype, "id", void 0);
__decorate([
    (0, core_1.Property)({ type: 'json' }),
    __metadata("design:type", Array)
], Advisory.prototype, "kb", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 300 }),
    __metadata("design:type", String)
], Advisory.prototype, "title", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 300, nullable: true }),
    __metadata("design:type", Object)
], Advisory.prototype, "officialTitle", void 0);
__decorate([
    (0, core_1.Property)({ type: 'date' }),
    __metadata("design:type", String)
], Advisory.prototype, "registeredOn", void 0);
__decorate([
    (0, core_1.Property)({ type: 'date' }),
    __metadata("design:type", String)
], Advisory.prototype, "updatedOn", void 0);
__decorate([
    (0, core_1.Property)({ type: 'smallint' }),
    __metadata("design:type", Number)
], Advisory.prototype, "severity", void 0);
__decorate([
    (0, core_1.Property)({ type: 'boolean', nullable: true }),
    __metadata("design:type", Object)
], Advisory.prototype, "exploitCodePublic", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 10 }),
    __metadata("design:type", String)
], Advisory.prototype, "countermeasure", void 0);
__decorate([
    (0, core_1.Property)({ type: 'boolean', nullable: true }),
    __metadata("design:type", Object)
], Advisory.prototype, "rebootRequired", void 0);
__decorate([
    (0, core_1.Property)({ type: 'boolean', nullable: true }),
    __metadata("design:type", Object)
], Advisory.prototype, "uninstallable", void 0);
__decorate([
    (0, core_1.Property)({ type: 'json' }),
    __metadata("design:type", Array)
], Advisory.prototype, "targets", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 100, nullable: true }),
    __metadata("design:type", Object)
], Advisory.prototype, "vulnerabilityId", void 0);
__decorate([
    (0, core_1.Property)({ type: 'json' }),
    __metadata("design:type", Array)
], Advisory.prototype, "references", void 0);
__decorate([
    (0, core_1.Property)({ type: 'json' }),
    __metadata("design:type", Array)
], Advisory.prototype, "relatedAdvisories", void 0);
__decorate([
    (0, core_1.Property)({ type: 'text' }),
    __metadata("design:type", Object)
], Advisory.prototype, "summary", void 0);
__decorate([
    (0, core_1.Property)({ type: 'json' }),
    __metadata("design:type", Array)
], Advisory.prototype, "vulnerabilities", void 0);
__decorate([
    (0, core_1.OneToMany)(() => advisory_platform_entity_1.AdvisoryPlatform, (p) => p.advisory, { orderBy: { position: 'asc' }, orphanRemoval: true }),
    __metadata("design:type", Object)
], Advisory.prototype, "platforms", void 0);
__decorate([
    (0, core_1.Property)({ type: 'json' }),
    __metadata("design:type", Array)
], Advisory.prototype, "labTestedOn", void 0);
__decorate([
    (0, core_1.Property)({ type: 'json' }),
    __metadata("design:type", Array)
], Advisory.prototype, "editorNotes", void 0);
__decorate([
    (0, core_1.Property)({ type: 'json' }),
    __metadata("design:type", Array)
], Advisory.prototype, "packages", void 0);
__decorate([
    (0, core_1.Enum)({ items: () => AdvisoryStatus, length: 10 }),
    __metadata("design:type", String)
], Advisory.prototype, "status", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime', nullable: true }),
    __metadata("design:type", Object)
], Advisory.prototype, "publishedAt", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime' }),
    __metadata("design:type", Date)
], Advisory.prototype, "createdAt", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime', onUpdate: () => new Date() }),
    __metadata("design:type", Date)
], Advisory.prototype, "modifiedAt", void 0);
exports.Advisory = Advisory = __decorate([
    (0, core_1.Entity)({ tableName: 'advisories' }),
    (0, core_1.Index)({ name: 'advisories_listing_idx', properties: ['status', 'updatedOn', 'id'] }),
    __metadata("design:paramtypes", [String, String, String, String, Number, String])
], Advisory);
//# sourceMappingURL=advisory.entity.js.map