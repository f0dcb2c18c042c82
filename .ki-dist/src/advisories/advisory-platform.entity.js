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
exports.AdvisoryPlatform = void 0;
const core_1 = require("@mikro-orm/core");
const advisory_entity_1 = require("./advisory.entity");
let AdvisoryPlatform = class AdvisoryPlatform {
    constructor(advisory, key, label, product, position) {
        this.advisory = advisory;
        this.key = key;
        this.label = label;
        this.product = product;
        this.position = position;
    }
};
exports.AdvisoryPlatform = AdvisoryPlatform;
__decorate([
    (0, core_1.PrimaryKey)({ type: 'integer', autoincrement: true }),
    __metadata("design:type", Number)
], AdvisoryPlatform.prototype, "id", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => advisory_entity_1.Advisory, { deleteRule: 'cascade' }),
    __metadata("design:type", advisory_entity_1.Advisory)
], AdvisoryPlatform.prototype, "advisory", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 40 }),
    __metadata("design:type", String)
], AdvisoryPlatform.prototype, "key", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 200 }),
    __metadata("design:type", String)
], AdvisoryPlatform.prototype, "label", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 200 }),
    __metadata("design:type", String)
], AdvisoryPlatform.prototype, "product", void 0);
__decorate([
    (0, core_1.Property)({ type: 'smallint' }),
    __metadata("design:type", Number)
], AdvisoryPlatform.prototype, "position", void 0);
exports.AdvisoryPlatform = AdvisoryPlatform = __decorate([
    (0, core_1.Entity)({ tableName: 'advisory_platforms' }),
    (0, core_1.Unique)({ name: 'advisory_platforms_key_unique', properties: ['advisory', 'key'] }),
    __metadata("design:paramtypes", [advisory_entity_1.Advisory, String, String, String, Number])
], AdvisoryPlatform);
//# sourceMappingURL=advisory-platform.entity.js.map