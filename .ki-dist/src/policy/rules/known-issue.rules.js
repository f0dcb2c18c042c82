"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.knownIssueRules = void 0;
const actions_1 = require("../actions");
const subjects_1 = require("./subjects");
exports.knownIssueRules = {
    [actions_1.Action.ManageKnownIssues]: (viewer) => (0, subjects_1.moderates)(viewer),
    [actions_1.Action.AddOwnEvidence]: (viewer, post) => {
        const p = post;
        return (0, subjects_1.canWrite)(viewer) && viewer.id === p.authorId && p.state === 'visible';
    },
};
//# sourceMappingURL=known-issue.rules.js.map