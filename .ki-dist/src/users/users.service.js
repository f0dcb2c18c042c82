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
exports.UsersService = void 0;
const core_1 = require("@mikro-orm/core");
const common_1 = require("@nestjs/common");
const config_1 = require("../config/config");
const password_1 = require("../auth/password");
const form_invalid_exception_1 = require("../common/forms/form-invalid.exception");
const audit_service_1 = require("../moderation/audit.service");
const actions_1 = require("../policy/actions");
const policy_service_1 = require("../policy/policy.service");
const viewer_1 = require("../policy/viewer");
const user_entity_1 = require("./user.entity");
const username_1 = require("./username");
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;
let UsersService = class UsersService {
    constructor(em, audit, policy, config) {
        this.em = em;
        this.audit = audit;
        this.policy = policy;
        this.config = config;
    }
    async create(input, actor = null) {
        const checked = (0, username_1.checkUsername)(input.username);
        const email = input.email.trim().toLowerCase();
        const problems = {};
        if (!checked.ok)
            problems.username = `username.${checked.reason}`;
        const passwordRule = (0, password_1.passwordProblem)(input.password);
        if (passwordRule)
            problems.password = passwordRule;
        if (!EMAIL.test(email) || email.length > 254)
            problems.email = 'email.invalid';
        if (!checked.ok || Object.keys(problems).length)
            throw new form_invalid_exception_1.FormInvalidException(problems);
        const em = this.em.fork();
        if (await em.count(user_entity_1.User, { usernameKey: checked.key }))
            throw new form_invalid_exception_1.FormInvalidException({ username: 'username.taken' });
        if (await em.count(user_entity_1.User, { email }))
            throw new form_invalid_exception_1.FormInvalidException({ email: 'email.taken' });
        const user = new user_entity_1.User(checked.username, checked.key, email, await (0, password_1.hashPassword)(input.password));
        if (input.role)
            user.role = input.role;
        try {
            await em.transactional(async (tx) => {
                tx.persist(user);
                if (actor && input.role && input.role !== viewer_1.Role.Subscriber) {
                    this.audit.record(tx, actor, { action: 'user.create', targetType: 'user', targetId: user.username, detail: { role: input.role } });
                }
            });
        }
        catch (err) {
            if (err instanceof core_1.UniqueConstraintViolationException) {
                throw new form_invalid_exception_1.FormInvalidException(/email/i.test(err.message) ? { email: 'email.taken' } : { username: 'username.taken' });
            }
            throw err;
        }
        return user;
    }
    async changeRole(actor, targetId, role, reason) {
        return this.em.fork().transactional(async (em) => {
            const target = await em.findOne(user_entity_1.User, { id: targetId });
            if (!target)
                throw new common_1.NotFoundException();
            this.policy.ensure(actor, actions_1.Action.ChangeRole, target);
            if (target.role === role)
                return target;
            if (target.role === viewer_1.Role.Admin) {
                const admins = await em.find(user_entity_1.User, { role: viewer_1.Role.Admin }, { fields: ['id'], ...this.lock() });
                if (admins.length <= 1)
                    throw new form_invalid_exception_1.FormInvalidException({ role: 'admin.lastAdmin' });
            }
            const from = target.role;
            target.role = role;
            this.audit.record(em, actor, { action: 'user.role', targetType: 'user', targetId: target.username, reason, detail: { from, to: role } });
            return target;
        });
    }
    async list(afterId, limit = 50) {
        const rows = await this.em.fork().find(user_entity_1.User, afterId ? { id: { $gt: afterId } } : {}, { orderBy: { id: 'asc' }, limit: limit + 1 });
        const items = rows.slice(0, limit);
        return { items, nextAfter: rows.length > limit ? items[items.length - 1].id : null };
    }
    lock() {
        return this.config.database.engine === 'postgresql' ? { lockMode: core_1.LockMode.PESSIMISTIC_WRITE } : {};
    }
    findByLogin(login) {
        return this.em.fork().findOne(user_entity_1.User, { usernameKey: (0, username_1.usernameKey)(login) }, { populate: ['passwordHash'] });
    }
    findByName(username) {
        return this.em.fork().findOne(user_entity_1.User, { usernameKey: (0, username_1.usernameKey)(username) });
    }
    findById(id) {
        return this.em.fork().findOne(user_entity_1.User, { id });
    }
};
exports.UsersService = UsersService;
exports.UsersService = UsersService = __decorate([
    (0, common_1.Injectable)(),
    __param(3, (0, common_1.Inject)(config_1.APP_CONFIG)),
    __metadata("design:paramtypes", [core_1.EntityManager,
        audit_service_1.AuditService,
        policy_service_1.PolicyService, Object])
], UsersService);
//# sourceMappingURL=users.service.js.map