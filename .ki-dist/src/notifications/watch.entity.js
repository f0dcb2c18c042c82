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
exports.Watch = void 0;
const core_1 = require("@mikro-orm/core");
const advisory_entity_1 = require("../advisories/advisory.entity");
const user_entity_1 = require("../users/user.entity");
let Watch = class Watch {
    constructor(user, advisory) {
        this.createdAt = new Date();
        this.user = user;
        this.advisory = advisory;
    }
};
exports.Watch = Watch;
__decorate([
    (0, core_1.PrimaryKey)({ type: 'integer', autoincrement: true }),
    __metadata("design:type", Number)
], Watch.prototype, "id", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => user_entity_1.User, { ref: true, deleteRule: 'cascade' }),
    __metadata("design:type", Object)
], Watch.prototype, "user", void 0);
__decorate([
    (0, core_1.ManyToOne)(() => advisory_entity_1.Advisory, { ref: true, deleteRule: 'cascade' }),
    __metadata("design:type", Object)
], Watch.prototype, "advisory", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime' }),
    __metadata("design:type", Date)
], Watch.prototype, "createdAt", void 0);
exports.Watch = Watch = __decorate([
    (0, core_1.Entity)({ tableName: 'watches' }),
    (0, core_1.Unique)({ name: 'watches_user_advisory_unique', properties: ['user', 'advisory'] }),
    __metadata("design:paramtypes", [Object, Object])
], Watch);
//# sourceMappingURL=watch.entity.js.map