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
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.AuthService = void 0;
const core_1 = require("@mikro-orm/core");
const common_1 = require("@nestjs/common");
const form_invalid_exception_1 = require("../common/forms/form-invalid.exception");
const rate_limiter_1 = require("../common/rate-limit/rate-limiter");
const config_1 = require("../config/config");
const actions_1 = require("../policy/actions");
const policy_service_1 = require("../policy/policy.service");
const viewer_1 = require("../policy/viewer");
const user_entity_1 = require("../users/user.entity");
const username_1 = require("../users/username");
const users_service_1 = require("../users/users.service");
const password_1 = require("./password");
let AuthService = class AuthService {
    constructor(users, em, limiter, policy, config) {
        this.users = users;
        this.em = em;
        this.limiter = limiter;
        this.policy = policy;
        this.config = config;
    }
    async login(username, password, ip) {
        const limits = this.config.rateLimits;
        const key = (0, username_1.usernameKey)(username) || '(empty)';
        const counted = [];
        for (const [bucket, id, rule] of [['login-ip', ip, limits.loginPerIp], ['login-user', key, limits.loginPerUser]]) {
            const state = await this.limiter.consume(bucket, id, rule);
            counted.push([bucket, id]);
            if (!state.allowed) {
                for (const [b, i] of counted)
                    await this.limiter.release(b, i);
                throw new rate_limiter_1.TooManyRequestsException(state.retryAfterSeconds);
            }
        }
        const user = await this.users.findByLogin(username);
        const ok = await (0, password_1.verifyPassword)(user?.passwordHash ?? null, password);
        if (!user || !ok)
            return { ok: false, error: 'credentials' };
        await this.limiter.release('login-ip', ip);
        await this.limiter.reset('login-user', key);
        if (!this.policy.can(viewer_1.GUEST, actions_1.Action.SignIn, user))
            return { ok: false, error: 'suspended', until: user.stateUntil, reason: user.stateReason };
        return { ok: true, user };
    }
    async register(input, ip) {
        const state = await this.limiter.consume('register-ip', ip, this.config.rateLimits.registerPerIp);
        if (!state.allowed)
            throw new rate_limiter_1.TooManyRequestsException(state.retryAfterSeconds);
        return this.users.create(input);
    }
    async changePassword(userId, current, next) {
        const em = this.em.fork();
        const user = await em.findOneOrFail(user_entity_1.User, { id: userId }, { populate: ['passwordHash'] });
        const state = await this.limiter.consume('password-user', String(userId), this.config.rateLimits.loginPerUser);
        if (!state.allowed)
            throw new rate_limiter_1.TooManyRequestsException(state.retryAfterSeconds);
        if (!(await (0, password_1.verifyPassword)(user.passwordHash, current)))
            throw new form_invalid_exception_1.FormInvalidException({ currentPassword: 'password.wrong' });
        await this.limiter.reset('password-user', String(userId));
        const problem = (0, password_1.passwordProblem)(next);
        if (problem)
            throw new form_invalid_exception_1.FormInvalidException({ newPassword: problem });
        user.passwordHash = await (0, password_1.hashPassword)(next);
        user.passwordChangedAt = new Date();
        await em.flush();
    }
};
exports.AuthService = AuthService;
exports.AuthService = AuthService = __decorate([
    (0, common_1.Injectable)(),
    __param(4, (0, common_1.Inject)(config_1.APP_CONFIG)),
    __metadata("design:paramtypes", [users_service_1.UsersService,
        core_1.EntityManager,
        rate_limiter_1.RateLimiter,
        policy_service_1.PolicyService, Object])
], AuthService);
//# sourceMappingURL=auth.service.js.map