"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.threadRules = void 0;
const actions_1 = require("../actions");
const advisory_rules_1 = require("./advisory.rules");
const subjects_1 = require("./subjects");
const viewThread = (viewer, thread) => advisory_rules_1.advisoryRules[actions_1.Action.ViewAdvisory](viewer, thread.advisory);
exports.threadRules = {
    [actions_1.Action.ViewThread]: (viewer, thread) => viewThread(viewer, thread),
    [actions_1.Action.CreatePost]: (viewer, thread) => {
        const t = thread;
        return (0, subjects_1.canWrite)(viewer) && viewThread(viewer, t) && (!t.locked || (0, subjects_1.moderates)(viewer));
    },
};
//# sourceMappingURL=thread.rules.js.map