"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.AdvisoriesModule = void 0;
const nestjs_1 = require("@mikro-orm/nestjs");
const common_1 = require("@nestjs/common");
const advisory_platform_entity_1 = require("./advisory-platform.entity");
const advisory_entity_1 = require("./advisory.entity");
const advisories_controller_1 = require("./advisories.controller");
const advisories_service_1 = require("./advisories.service");
const known_issues_module_1 = require("../known-issues/known-issues.module");
const threads_module_1 = require("../threads/threads.module");
let AdvisoriesModule = class AdvisoriesModule {
};
exports.AdvisoriesModule = AdvisoriesModule;
exports.AdvisoriesModule = AdvisoriesModule = __decorate([
    (0, common_1.Module)({
        imports: [nestjs_1.MikroOrmModule.forFeature([advisory_entity_1.Advisory, advisory_platform_entity_1.AdvisoryPlatform]), threads_module_1.ThreadsModule, known_issues_module_1.KnownIssuesModule],
        controllers: [advisories_controller_1.AdvisoriesController],
        providers: [advisories_service_1.AdvisoriesService],
        exports: [advisories_service_1.AdvisoriesService],
    })
], AdvisoriesModule);
//# sourceMappingURL=advisories.module.js.map