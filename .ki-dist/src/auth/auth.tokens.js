"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SESSION_STORE = void 0;
exports.SESSION_STORE = Symbol('SESSION_STORE');
//# sourceMappingURL=auth.tokens.js.map