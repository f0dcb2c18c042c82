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
exports.UsersController = void 0;
const common_1 = require("@nestjs/common");
const auth_setup_1 = require("../auth/auth.setup");
const current_viewer_decorator_1 = require("../common/decorators/current-viewer.decorator");
const public_decorator_1 = require("../common/decorators/public.decorator");
const form_invalid_exception_1 = require("../common/forms/form-invalid.exception");
const validate_form_1 = require("../common/forms/validate-form");
const actions_1 = require("../policy/actions");
const policy_service_1 = require("../policy/policy.service");
const viewer_1 = require("../policy/viewer");
const role_form_1 = require("./dto/role.form");
const users_service_1 = require("./users.service");
const ROLES = Object.values(viewer_1.Role);
let UsersController = class UsersController {
    constructor(users, policy) {
        this.users = users;
        this.policy = policy;
    }
    async profile(username, viewer, req) {
        const user = await this.users.findByName(username);
        if (!user || !this.policy.can(viewer, actions_1.Action.ViewProfile, user))
            throw new common_1.NotFoundException();
        return {
            title: user.username,
            profile: { id: user.id, username: user.username, roleKey: `role.${user.role}`, joined: user.createdAt, postCount: user.postCount, stateKey: `state.${user.effectiveState()}`, stateUntil: user.effectiveState() === 'active' ? null : user.stateUntil },
            isSelf: viewer.id === user.id,
            canModerate: this.policy.can(viewer, actions_1.Action.ModerateUser, user),
            csrfToken: this.policy.can(viewer, actions_1.Action.ModerateUser, user) ? (0, auth_setup_1.csrfToken)(req) : undefined,
        };
    }
    async admin(viewer, req, after) {
        this.policy.ensure(viewer, actions_1.Action.ManageUsers);
        return this.adminPage(viewer, req, after);
    }
    async changeRole(id, body, viewer, req, res) {
        this.policy.ensure(viewer, actions_1.Action.ManageUsers);
        try {
            const form = await (0, validate_form_1.validateForm)(role_form_1.RoleForm, body);
            await this.users.changeRole(viewer, id, form.role, form.reason);
        }
        catch (err) {
            if (!(err instanceof form_invalid_exception_1.FormInvalidException))
                throw err;
            const page = await this.adminPage(viewer, req);
            return res.status(422).render('users/admin', { ...page, failed: { id, errors: err.errors, reason: typeof body.reason === 'string' ? body.reason : '' } });
        }
        res.redirect(303, '/admin/users');
    }
    async adminPage(viewer, req, after) {
        const afterId = after && /^\d{1,10}$/.test(after) ? Number(after) : null;
        const { items, nextAfter } = await this.users.list(afterId);
        return {
            titleKey: 'admin.users.title',
            csrfToken: (0, auth_setup_1.csrfToken)(req),
            users: items.map((u) => userRow(u, viewer, this.policy)),
            nextUrl: nextAfter ? `/admin/users?after=${nextAfter}` : null,
        };
    }
};
exports.UsersController = UsersController;
__decorate([
    (0, public_decorator_1.Public)(),
    (0, common_1.Get)('users/:username'),
    (0, common_1.Render)('users/profile'),
    __param(0, (0, common_1.Param)('username')),
    __param(1, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(2, (0, common_1.Req)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, Object, Object]),
    __metadata("design:returntype", Promise)
], UsersController.prototype, "profile", null);
__decorate([
    (0, common_1.Get)('admin/users'),
    (0, common_1.Render)('users/admin'),
    __param(0, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(1, (0, common_1.Req)()),
    __param(2, (0, common_1.Query)('after')),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object, String]),
    __metadata("design:returntype", Promise)
], UsersController.prototype, "admin", null);
__decorate([
    (0, common_1.Post)('admin/users/:id/role'),
    __param(0, (0, common_1.Param)('id', common_1.ParseIntPipe)),
    __param(1, (0, common_1.Body)()),
    __param(2, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(3, (0, common_1.Req)()),
    __param(4, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Number, Object, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], UsersController.prototype, "changeRole", null);
exports.UsersController = UsersController = __decorate([
    (0, common_1.Controller)(),
    __metadata("design:paramtypes", [users_service_1.UsersService,
        policy_service_1.PolicyService])
], UsersController);
function userRow(u, viewer, policy) {
    const state = u.effectiveState();
    return {
        id: u.id,
        username: u.username,
        email: u.email,
        roleKey: `role.${u.role}`,
        stateKey: `state.${state}`,
        stateUntil: state === 'active' ? null : u.stateUntil,
        stateReason: state === 'active' ? null : u.stateReason,
        joined: u.createdAt,
        postCount: u.postCount,
        canChangeRole: policy.can(viewer, actions_1.Action.ChangeRole, u),
        roles: ROLES.map((r) => ({ value: r, key: `role.${r}`, selected: r === u.role })),
    };
}
//# sourceMappingURL=users.controller.js.map