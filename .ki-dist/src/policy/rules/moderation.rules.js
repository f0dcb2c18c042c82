"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.moderationRules = void 0;
const actions_1 = require("../actions");
const viewer_1 = require("../viewer");
const subjects_1 = require("./subjects");
exports.moderationRules = {
    [actions_1.Action.FlagPost]: (viewer, post) => {
        const p = post;
        return (0, subjects_1.canWrite)(viewer) && viewer.id !== p.authorId && p.state === 'visible';
    },
    [actions_1.Action.ModeratePost]: (viewer) => (0, subjects_1.moderates)(viewer),
    [actions_1.Action.PostWithoutApproval]: (viewer, record) => {
        const r = record;
        return !viewer.isGuest && (viewer.role !== viewer_1.Role.Subscriber || r.approvedPosts >= r.threshold);
    },
    [actions_1.Action.LockThread]: (viewer) => (0, subjects_1.moderates)(viewer),
    [actions_1.Action.ModerateUser]: (viewer, account) => {
        const a = account;
        return (0, subjects_1.moderates)(viewer) && viewer.id !== a.id && (a.role === viewer_1.Role.Subscriber || viewer.role === viewer_1.Role.Admin);
    },
    [actions_1.Action.ViewAuditLog]: (viewer) => (0, subjects_1.moderates)(viewer) || (0, subjects_1.editsBulletins)(viewer),
};
//# sourceMappingURL=moderation.rules.js.map