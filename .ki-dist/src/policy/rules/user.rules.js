"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.userRules = void 0;
const actions_1 = require("../actions");
const subjects_1 = require("./subjects");
exports.userRules = {
    [actions_1.Action.SignIn]: (_viewer, account) => (0, subjects_1.stateNow)(account) !== 'suspended',
    [actions_1.Action.ChangeOwnPassword]: (viewer) => !viewer.isGuest,
    [actions_1.Action.ViewProfile]: () => true,
    [actions_1.Action.ManageUsers]: (viewer) => (0, subjects_1.isAdmin)(viewer),
    [actions_1.Action.ChangeRole]: (viewer, account) => (0, subjects_1.isAdmin)(viewer) && viewer.id !== account.id,
    [actions_1.Action.Watch]: (viewer) => !viewer.isGuest,
    [actions_1.Action.BypassPostLimit]: (viewer) => (0, subjects_1.moderates)(viewer),
    [actions_1.Action.ModerateQueue]: (viewer) => (0, subjects_1.moderates)(viewer) && viewer.state !== 'suspended',
};
//# sourceMappingURL=user.rules.js.map