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
exports.Session = void 0;
const core_1 = require("@mikro-orm/core");
let Session = class Session {
    constructor(sid, data, expiresAt) {
        this.userId = null;
        this.sid = sid;
        this.data = data;
        this.expiresAt = expiresAt;
    }
};
exports.Session = Session;
__decorate([
    (0, core_1.PrimaryKey)({ type: 'string', length: 64 }),
    __metadata("design:type", String)
], Session.prototype, "sid", void 0);
__decorate([
    (0, core_1.Index)({ name: 'sessions_user_id_index' }),
    (0, core_1.Property)({ type: 'integer', nullable: true }),
    __metadata("design:type", Object)
], Session.prototype, "userId", void 0);
__decorate([
    (0, core_1.Property)({ type: 'text' }),
    __metadata("design:type", String)
], Session.prototype, "data", void 0);
__decorate([
    (0, core_1.Index)({ name: 'sessions_expires_at_index' }),
    (0, core_1.Property)({ type: 'datetime' }),
    __metadata("design:type", Date)
], Session.prototype, "expiresAt", void 0);
exports.Session = Session = __decorate([
    (0, core_1.Entity)({ tableName: 'sessions' }),
    __metadata("design:paramtypes", [String, String, Date])
], Session);
//# sourceMappingURL=session.entity.js.map