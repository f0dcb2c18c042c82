"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.postRules = exports.AUTHOR_EDIT_DAYS = void 0;
const actions_1 = require("../actions");
const thread_rules_1 = require("./thread.rules");
const subjects_1 = require("./subjects");
exports.AUTHOR_EDIT_DAYS = 30;
const withinEditWindow = (p, now = Date.now()) => now - p.createdAt.getTime() <= exports.AUTHOR_EDIT_DAYS * 86_400_000;
const ownLivePost = (viewer, p) => (0, subjects_1.canWrite)(viewer) && viewer.id === p.authorId && (p.state === 'visible' || p.state === 'held') && !p.thread.locked;
exports.postRules = {
    [actions_1.Action.ViewPost]: (viewer, post) => {
        const p = post;
        if (!thread_rules_1.threadRules[actions_1.Action.ViewThread](viewer, p.thread))
            return false;
        if (p.state === 'visible' || p.state === 'deleted')
            return true;
        return viewer.id === p.authorId || (0, subjects_1.moderates)(viewer);
    },
    [actions_1.Action.EditPost]: (viewer, post) => {
        const p = post;
        if ((0, subjects_1.moderates)(viewer))
            return p.state !== 'deleted';
        return ownLivePost(viewer, p) && withinEditWindow(p);
    },
    [actions_1.Action.DeletePost]: (viewer, post) => ownLivePost(viewer, post),
    [actions_1.Action.ViewRevisions]: (viewer, post) => (0, subjects_1.moderates)(viewer) || (!viewer.isGuest && viewer.id === post.authorId),
    [actions_1.Action.ConfirmReport]: (viewer, post) => {
        const p = post;
        return (0, subjects_1.canWrite)(viewer) && p.isReport === true && p.state === 'visible' && viewer.id !== p.authorId && !p.thread.locked && thread_rules_1.threadRules[actions_1.Action.ViewThread](viewer, p.thread);
    },
};
//# sourceMappingURL=post.rules.js.map