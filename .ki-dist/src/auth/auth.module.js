"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.AuthModule = void 0;
const core_1 = require("@mikro-orm/core");
const common_1 = require("@nestjs/common");
const rate_limiter_1 = require("../common/rate-limit/rate-limiter");
const config_1 = require("../config/config");
const users_module_1 = require("../users/users.module");
const auth_controller_1 = require("./auth.controller");
const auth_service_1 = require("./auth.service");
const auth_tokens_1 = require("./auth.tokens");
const session_pruner_1 = require("./session-pruner");
const session_store_1 = require("./session-store");
let AuthModule = class AuthModule {
};
exports.AuthModule = AuthModule;
exports.AuthModule = AuthModule = __decorate([
    (0, common_1.Global)(),
    (0, common_1.Module)({
        imports: [users_module_1.UsersModule],
        controllers: [auth_controller_1.AuthController],
        providers: [
            auth_service_1.AuthService,
            session_pruner_1.SessionPruner,
            { provide: auth_tokens_1.SESSION_STORE, useFactory: (orm, config) => new session_store_1.DbSessionStore(orm, config.sessions.idleSeconds), inject: [core_1.MikroORM, config_1.APP_CONFIG] },
            { provide: rate_limiter_1.RateLimiter, useFactory: () => new rate_limiter_1.RateLimiter(new rate_limiter_1.MemoryRateLimitStore()) },
        ],
        exports: [auth_service_1.AuthService, auth_tokens_1.SESSION_STORE, rate_limiter_1.RateLimiter],
    })
], AuthModule);
//# sourceMappingURL=auth.module.js.map