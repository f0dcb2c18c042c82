"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.advisoryRules = void 0;
const actions_1 = require("../actions");
const subjects_1 = require("./subjects");
exports.advisoryRules = {
    [actions_1.Action.ViewAdvisory]: (viewer, advisory) => advisory.isPublished || (0, subjects_1.editsBulletins)(viewer),
    [actions_1.Action.ViewDraftAdvisories]: (viewer) => (0, subjects_1.editsBulletins)(viewer),
};
//# sourceMappingURL=advisory.rules.js.map