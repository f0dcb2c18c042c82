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
exports.User = exports.AccountState = void 0;
const core_1 = require("@mikro-orm/core");
const subjects_1 = require("../policy/rules/subjects");
const viewer_1 = require("../policy/viewer");
var AccountState;
(function (AccountState) {
    AccountState["Active"] = "active";
    AccountState["Silenced"] = "silenced";
    AccountState["Suspended"] = "suspended";
})(AccountState || (exports.AccountState = AccountState = {}));
let User = class User {
    constructor(username, usernameKey, email, passwordHash) {
        this.role = viewer_1.Role.Subscriber;
        this.state = AccountState.Active;
        this.stateUntil = null;
        this.stateReason = null;
        this.postCount = 0;
        this.approvedPosts = 0;
        this.unreadNotifications = 0;
        this.createdAt = new Date();
        this.passwordChangedAt = new Date();
        this.username = username;
        this.usernameKey = usernameKey;
        this.email = email;
        this.passwordHash = passwordHash;
    }
    effectiveState(now = new Date()) {
        return (0, subjects_1.stateNow)(this, now);
    }
};
exports.User = User;
__decorate([
    (0, core_1.PrimaryKey)({ type: 'integer', autoincrement: true }),
    __metadata("design:type", Number)
], User.prototype, "id", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 64 }),
    __metadata("design:type", String)
], User.prototype, "username", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 128, unique: 'users_username_key_unique' }),
    __metadata("design:type", String)
], User.prototype, "usernameKey", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 254, unique: 'users_email_unique' }),
    __metadata("design:type", String)
], User.prototype, "email", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 255, hidden: true, lazy: true }),
    __metadata("design:type", String)
], User.prototype, "passwordHash", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 12 }),
    __metadata("design:type", String)
], User.prototype, "role", void 0);
__decorate([
    (0, core_1.Property)({ type: 'string', length: 12 }),
    __metadata("design:type", String)
], User.prototype, "state", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime', nullable: true }),
    __metadata("design:type", Object)
], User.prototype, "stateUntil", void 0);
__decorate([
    (0, core_1.Property)({ type: 'text', nullable: true }),
    __metadata("design:type", Object)
], User.prototype, "stateReason", void 0);
__decorate([
    (0, core_1.Property)({ type: 'integer' }),
    __metadata("design:type", Object)
], User.prototype, "postCount", void 0);
__decorate([
    (0, core_1.Property)({ type: 'integer' }),
    __metadata("design:type", Object)
], User.prototype, "approvedPosts", void 0);
__decorate([
    (0, core_1.Property)({ type: 'integer' }),
    __metadata("design:type", Object)
], User.prototype, "unreadNotifications", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime' }),
    __metadata("design:type", Date)
], User.prototype, "createdAt", void 0);
__decorate([
    (0, core_1.Property)({ type: 'datetime' }),
    __metadata("design:type", Date)
], User.prototype, "passwordChangedAt", void 0);
exports.User = User = __decorate([
    (0, core_1.Entity)({ tableName: 'users' }),
    __metadata("design:paramtypes", [String, String, String, String])
], User);
//# sourceMappingURL=user.entity.js.map