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
exports.PasswordForm = exports.RegisterForm = exports.LoginForm = void 0;
const class_validator_1 = require("class-validator");
class LoginForm {
}
exports.LoginForm = LoginForm;
__decorate([
    (0, class_validator_1.IsString)({ message: 'form.required' }),
    (0, class_validator_1.Length)(1, 200, { message: 'form.required' }),
    __metadata("design:type", String)
], LoginForm.prototype, "username", void 0);
__decorate([
    (0, class_validator_1.IsString)({ message: 'form.required' }),
    (0, class_validator_1.Length)(1, 1024, { message: 'form.required' }),
    __metadata("design:type", String)
], LoginForm.prototype, "password", void 0);
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.MaxLength)(2000),
    __metadata("design:type", String)
], LoginForm.prototype, "next", void 0);
class RegisterForm {
}
exports.RegisterForm = RegisterForm;
__decorate([
    (0, class_validator_1.IsString)({ message: 'form.required' }),
    (0, class_validator_1.Length)(1, 200, { message: 'form.required' }),
    __metadata("design:type", String)
], RegisterForm.prototype, "username", void 0);
__decorate([
    (0, class_validator_1.IsString)({ message: 'email.invalid' }),
    (0, class_validator_1.MaxLength)(254, { message: 'email.invalid' }),
    __metadata("design:type", String)
], RegisterForm.prototype, "email", void 0);
__decorate([
    (0, class_validator_1.IsString)({ message: 'form.required' }),
    (0, class_validator_1.Length)(1, 1024, { message: 'password.length' }),
    __metadata("design:type", String)
], RegisterForm.prototype, "password", void 0);
class PasswordForm {
}
exports.PasswordForm = PasswordForm;
__decorate([
    (0, class_validator_1.IsString)({ message: 'form.required' }),
    (0, class_validator_1.Length)(1, 1024, { message: 'form.required' }),
    __metadata("design:type", String)
], PasswordForm.prototype, "currentPassword", void 0);
__decorate([
    (0, class_validator_1.IsString)({ message: 'form.required' }),
    (0, class_validator_1.Length)(1, 1024, { message: 'password.length' }),
    __metadata("design:type", String)
], PasswordForm.prototype, "newPassword", void 0);
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsIn)(['on']),
    __metadata("design:type", String)
], PasswordForm.prototype, "endOtherSessions", void 0);
//# sourceMappingURL=auth.forms.js.map