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
exports.AuthController = void 0;
const common_1 = require("@nestjs/common");
const current_viewer_decorator_1 = require("../common/decorators/current-viewer.decorator");
const public_decorator_1 = require("../common/decorators/public.decorator");
const form_error_filter_1 = require("../common/forms/form-error.filter");
const form_invalid_exception_1 = require("../common/forms/form-invalid.exception");
const safe_next_1 = require("../common/forms/safe-next");
const auth_service_1 = require("./auth.service");
const auth_setup_1 = require("./auth.setup");
const auth_forms_1 = require("./dto/auth.forms");
const auth_tokens_1 = require("./auth.tokens");
const session_store_1 = require("./session-store");
let AuthController = class AuthController {
    constructor(auth, sessions) {
        this.auth = auth;
        this.sessions = sessions;
    }
    loginPage(req, next) {
        return { titleKey: 'auth.login.title', csrfToken: (0, auth_setup_1.csrfToken)(req), values: { next: (0, safe_next_1.safeNextPath)(next, '') } };
    }
    async login(form, req, res) {
        const outcome = await this.auth.login(form.username, form.password, req.ip ?? 'unknown');
        if (!outcome.ok && outcome.error === 'suspended') {
            return res.status(403).render('auth/login', {
                titleKey: 'auth.login.title',
                csrfToken: (0, auth_setup_1.csrfToken)(req),
                values: { username: form.username, next: form.next },
                suspended: { until: outcome.until, reason: outcome.reason },
            });
        }
        if (!outcome.ok)
            throw new form_invalid_exception_1.FormInvalidException({ form: 'auth.login.failed' });
        await signIn(req, outcome.user);
        res.redirect(303, (0, safe_next_1.safeNextPath)(form.next));
    }
    registerPage(req) {
        return { titleKey: 'auth.register.title', csrfToken: (0, auth_setup_1.csrfToken)(req) };
    }
    async register(form, req, res) {
        const user = await this.auth.register(form, req.ip ?? 'unknown');
        await signIn(req, user);
        res.redirect(303, `/users/${encodeURIComponent(user.username)}`);
    }
    async logout(req, res) {
        await new Promise((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
        await new Promise((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
        res.redirect(303, '/');
    }
    passwordPage(req) {
        return { titleKey: 'auth.password.title', csrfToken: (0, auth_setup_1.csrfToken)(req) };
    }
    async changePassword(form, viewer, req, res) {
        await this.auth.changePassword(viewer.id, form.currentPassword, form.newPassword);
        const ended = form.endOtherSessions === 'on' ? await this.sessions.destroyUserSessions(viewer.id, req.sessionID) : 0;
        res.status(200).render('auth/password', { titleKey: 'auth.password.title', csrfToken: (0, auth_setup_1.csrfToken)(req), changed: true, ended });
    }
};
exports.AuthController = AuthController;
__decorate([
    (0, public_decorator_1.Public)(),
    (0, common_1.Get)('login'),
    (0, common_1.Render)('auth/login'),
    __param(0, (0, common_1.Req)()),
    __param(1, (0, common_1.Query)('next')),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, String]),
    __metadata("design:returntype", void 0)
], AuthController.prototype, "loginPage", null);
__decorate([
    (0, public_decorator_1.Public)(),
    (0, common_1.Post)('login'),
    (0, common_1.UseFilters)(new form_error_filter_1.FormErrorFilter('auth/login', (req) => ({ titleKey: 'auth.login.title', csrfToken: (0, auth_setup_1.csrfToken)(req) }))),
    __param(0, (0, common_1.Body)()),
    __param(1, (0, common_1.Req)()),
    __param(2, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [auth_forms_1.LoginForm, Object, Object]),
    __metadata("design:returntype", Promise)
], AuthController.prototype, "login", null);
__decorate([
    (0, public_decorator_1.Public)(),
    (0, common_1.Get)('register'),
    (0, common_1.Render)('auth/register'),
    __param(0, (0, common_1.Req)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object]),
    __metadata("design:returntype", void 0)
], AuthController.prototype, "registerPage", null);
__decorate([
    (0, public_decorator_1.Public)(),
    (0, common_1.Post)('register'),
    (0, common_1.UseFilters)(new form_error_filter_1.FormErrorFilter('auth/register', (req) => ({ titleKey: 'auth.register.title', csrfToken: (0, auth_setup_1.csrfToken)(req) }))),
    __param(0, (0, common_1.Body)()),
    __param(1, (0, common_1.Req)()),
    __param(2, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [auth_forms_1.RegisterForm, Object, Object]),
    __metadata("design:returntype", Promise)
], AuthController.prototype, "register", null);
__decorate([
    (0, public_decorator_1.Public)(),
    (0, common_1.Post)('logout'),
    __param(0, (0, common_1.Req)()),
    __param(1, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object, Object]),
    __metadata("design:returntype", Promise)
], AuthController.prototype, "logout", null);
__decorate([
    (0, common_1.Get)('account/password'),
    (0, common_1.Render)('auth/password'),
    __param(0, (0, common_1.Req)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object]),
    __metadata("design:returntype", void 0)
], AuthController.prototype, "passwordPage", null);
__decorate([
    (0, common_1.Post)('account/password'),
    (0, common_1.UseFilters)(new form_error_filter_1.FormErrorFilter('auth/password', (req) => ({ titleKey: 'auth.password.title', csrfToken: (0, auth_setup_1.csrfToken)(req) }))),
    __param(0, (0, common_1.Body)()),
    __param(1, (0, current_viewer_decorator_1.CurrentViewer)()),
    __param(2, (0, common_1.Req)()),
    __param(3, (0, common_1.Res)()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [auth_forms_1.PasswordForm, Object, Object, Object]),
    __metadata("design:returntype", Promise)
], AuthController.prototype, "changePassword", null);
exports.AuthController = AuthController = __decorate([
    (0, common_1.Controller)(),
    __param(1, (0, common_1.Inject)(auth_tokens_1.SESSION_STORE)),
    __metadata("design:paramtypes", [auth_service_1.AuthService,
        session_store_1.DbSessionStore])
], AuthController);
async function signIn(req, user) {
    await new Promise((resolve, reject) => req.login({ id: user.id }, (err) => (err ? reject(err) : resolve())));
    req.session.signedInAt = Date.now();
    delete req.session.csrfToken;
    (0, auth_setup_1.csrfToken)(req);
}
//# sourceMappingURL=auth.controller.js.map