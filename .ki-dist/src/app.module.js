"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var ConfigModule_1, AppModule_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.AppModule = void 0;
const nestjs_1 = require("@mikro-orm/nestjs");
const common_1 = require("@nestjs/common");
const core_1 = require("@nestjs/core");
const advisories_module_1 = require("./advisories/advisories.module");
const auth_module_1 = require("./auth/auth.module");
const signed_in_guard_1 = require("./common/guards/signed-in.guard");
const config_1 = require("./config/config");
const mikro_orm_config_1 = require("./config/mikro-orm.config");
const health_controller_1 = require("./health/health.controller");
const known_issues_module_1 = require("./known-issues/known-issues.module");
const moderation_module_1 = require("./moderation/moderation.module");
const notifications_module_1 = require("./notifications/notifications.module");
const policy_module_1 = require("./policy/policy.module");
const threads_module_1 = require("./threads/threads.module");
const users_module_1 = require("./users/users.module");
let ConfigModule = ConfigModule_1 = class ConfigModule {
    static register(config) {
        return { module: ConfigModule_1, providers: [{ provide: config_1.APP_CONFIG, useValue: config }], exports: [config_1.APP_CONFIG] };
    }
};
ConfigModule = ConfigModule_1 = __decorate([
    (0, common_1.Global)(),
    (0, common_1.Module)({})
], ConfigModule);
let AppModule = AppModule_1 = class AppModule {
    static register(config) {
        return {
            module: AppModule_1,
            imports: [
                ConfigModule.register(config),
                nestjs_1.MikroOrmModule.forRoot((0, mikro_orm_config_1.ormOptions)(config)),
                policy_module_1.PolicyModule,
                moderation_module_1.ModerationModule,
                notifications_module_1.NotificationsModule,
                users_module_1.UsersModule,
                auth_module_1.AuthModule,
                known_issues_module_1.KnownIssuesModule,
                advisories_module_1.AdvisoriesModule,
                threads_module_1.ThreadsModule,
            ],
            controllers: [health_controller_1.HealthController],
            providers: [{ provide: core_1.APP_GUARD, useClass: signed_in_guard_1.SignedInGuard }],
        };
    }
};
exports.AppModule = AppModule;
exports.AppModule = AppModule = AppModule_1 = __decorate([
    (0, common_1.Module)({})
], AppModule);
//# sourceMappingURL=app.module.js.map