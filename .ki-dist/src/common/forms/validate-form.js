"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.globalValidationPipe = globalValidationPipe;
exports.validateForm = validateForm;
const common_1 = require("@nestjs/common");
const form_invalid_exception_1 = require("./form-invalid.exception");
const pipe = new common_1.ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => form_invalid_exception_1.FormInvalidException.fromValidation(errors),
});
function globalValidationPipe() {
    return pipe;
}
async function validateForm(dto, body) {
    return pipe.transform(body, { type: 'body', metatype: dto });
}
//# sourceMappingURL=validate-form.js.map