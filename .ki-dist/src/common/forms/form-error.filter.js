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
exports.FormErrorFilter = void 0;
const common_1 = require("@nestjs/common");
const form_invalid_exception_1 = require("./form-invalid.exception");
const SECRET_FIELDS = new Set(['password', 'currentPassword', 'newPassword', '_csrf']);
let FormErrorFilter = class FormErrorFilter {
    constructor(view, locals = () => ({})) {
        this.view = view;
        this.locals = locals;
    }
    catch(exception, host) {
        const req = host.switchToHttp().getRequest();
        const res = host.switchToHttp().getResponse();
        const values = {};
        for (const [k, v] of Object.entries((req.body ?? {}))) {
            if (!SECRET_FIELDS.has(k) && typeof v === 'string')
                values[k] = v;
        }
        res.status(exception.getStatus()).render(this.view, { ...this.locals(req), values, errors: exception.errors, hasErrors: true });
    }
};
exports.FormErrorFilter = FormErrorFilter;
exports.FormErrorFilter = FormErrorFilter = __decorate([
    (0, common_1.Catch)(form_invalid_exception_1.FormInvalidException),
    __metadata("design:paramtypes", [String, Function])
], FormErrorFilter);
//# sourceMappingURL=form-error.filter.js.map