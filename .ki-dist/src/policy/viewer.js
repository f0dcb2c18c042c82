"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.GUEST = exports.Role = void 0;
exports.signedIn = signedIn;
var Role;
(function (Role) {
    Role["Subscriber"] = "subscriber";
    Role["Moderator"] = "moderator";
    Role["Editor"] = "editor";
    Role["Admin"] = "admin";
})(Role || (exports.Role = Role = {}));
exports.GUEST = Object.freeze({ id: null, username: null, role: null, state: null, isGuest: true });
function signedIn(id, username, role, state = 'active') {
    return Object.freeze({ id, username, role, state, isGuest: false });
}
//# sourceMappingURL=viewer.js.map