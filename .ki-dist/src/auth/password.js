"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.PASSWORD_MAX = exports.PASSWORD_MIN = void 0;
exports.passwordProblem = passwordProblem;
exports.hashPassword = hashPassword;
exports.verifyPassword = verifyPassword;
const argon2_1 = __importDefault(require("argon2"));
exports.PASSWORD_MIN = 12;
exports.PASSWORD_MAX = 128;
const OPTIONS = { type: argon2_1.default.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };
function passwordProblem(password) {
    const length = [...password].length;
    return length < exports.PASSWORD_MIN || length > exports.PASSWORD_MAX ? 'password.length' : null;
}
function hashPassword(password) {
    return argon2_1.default.hash(password, OPTIONS);
}
let dummy = null;
async function verifyPassword(hash, password) {
    if (!hash) {
        dummy ??= hashPassword('dummy-password-for-timing');
        await argon2_1.default.verify(await dummy, password).catch(() => false);
        return false;
    }
    return argon2_1.default.verify(hash, password).catch(() => false);
}
//# sourceMappingURL=password.js.map