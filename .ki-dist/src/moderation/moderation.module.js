"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.ModerationModule = void 0;
const common_1 = require("@nestjs/common");
const threads_module_1 = require("../threads/threads.module");
const audit_service_1 = require("./audit.service");
const moderation_controller_1 = require("./moderation.controller");
const moderation_service_1 = require("./moderation.service");
let ModerationModule = class ModerationModule {
};
exports.ModerationModule = ModerationModule;
exports.ModerationModule = ModerationModule = __decorate([
    (0, common_1.Global)(),
    (0, common_1.Module)({ imports: [threads_module_1.ThreadsModule], controllers: [moderation_controller_1.ModerationController], providers: [audit_service_1.AuditService, moderation_service_1.ModerationService], exports: [audit_service_1.AuditService, moderation_service_1.ModerationService] })
], ModerationModule);
//# sourceMappingURL=moderation.module.js.map