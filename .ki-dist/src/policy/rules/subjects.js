"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.canWrite = exports.isAdmin = exports.editsBulletins = exports.moderates = exports.isStaff = void 0;
exports.stateNow = stateNow;
const viewer_1 = require("../viewer");
const isStaff = (v, ...roles) => v.role !== null && roles.includes(v.role);
exports.isStaff = isStaff;
const moderates = (v) => (0, exports.isStaff)(v, viewer_1.Role.Moderator, viewer_1.Role.Admin);
exports.moderates = moderates;
const editsBulletins = (v) => (0, exports.isStaff)(v, viewer_1.Role.Editor, viewer_1.Role.Admin);
exports.editsBulletins = editsBulletins;
const isAdmin = (v) => (0, exports.isStaff)(v, viewer_1.Role.Admin);
exports.isAdmin = isAdmin;
const canWrite = (v) => !v.isGuest && v.state === 'active';
exports.canWrite = canWrite;
function stateNow(a, now = new Date()) {
    return a.state !== 'active' && a.stateUntil && a.stateUntil <= now ? 'active' : a.state;
}
//# sourceMappingURL=subjects.js.map