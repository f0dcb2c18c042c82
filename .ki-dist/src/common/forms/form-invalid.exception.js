"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.FormInvalidException = void 0;
const common_1 = require("@nestjs/common");
class FormInvalidException extends common_1.HttpException {
    constructor(errors) {
        super({ message: 'Unprocessable Entity', errors }, common_1.HttpStatus.UNPROCESSABLE_ENTITY);
        this.errors = errors;
    }
    static fromValidation(errors) {
        const byField = {};
        for (const e of errors) {
            if (e.constraints?.whitelistValidation)
                byField.form = 'form.unknownField';
            else
                byField[e.property] = Object.values(e.constraints ?? {})[0] ?? 'form.invalid';
        }
        return new FormInvalidException(byField);
    }
}
exports.FormInvalidException = FormInvalidException;
//# sourceMappingURL=form-invalid.exception.js.map