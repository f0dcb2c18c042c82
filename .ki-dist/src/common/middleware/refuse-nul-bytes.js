"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.refuseNulBytes = refuseNulBytes;
const common_1 = require("@nestjs/common");
const NUL = /\u0000|%00/i;
function refuseNulBytes(req, _res, next) {
    if (NUL.test(req.originalUrl) || containsNul(req.body))
        return next(new common_1.BadRequestException('NUL byte in request'));
    next();
}
function containsNul(value, depth = 0) {
    if (typeof value === 'string')
        return value.includes('\u0000');
    if (depth > 5 || value === null || typeof value !== 'object')
        return false;
    return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1));
}
//# sourceMappingURL=refuse-nul-bytes.js.map