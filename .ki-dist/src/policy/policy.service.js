"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.PolicyService = void 0;
const common_1 = require("@nestjs/common");
const advisory_rules_1 = require("./rules/advisory.rules");
const known_issue_rules_1 = require("./rules/known-issue.rules");
const moderation_rules_1 = require("./rules/moderation.rules");
const post_rules_1 = require("./rules/post.rules");
const thread_rules_1 = require("./rules/thread.rules");
const user_rules_1 = require("./rules/user.rules");
const RULES = { ...advisory_rules_1.advisoryRules, ...thread_rules_1.threadRules, ...post_rules_1.postRules, ...user_rules_1.userRules, ...known_issue_rules_1.knownIssueRules, ...moderation_rules_1.moderationRules };
let PolicyService = class PolicyService {
    can(viewer, action, subject) {
        const rule = RULES[action];
        return rule ? rule(viewer, subject) : false;
    }
    ensure(viewer, action, subject) {
        if (!this.can(viewer, action, subject))
            throw new common_1.ForbiddenException();
    }
};
exports.PolicyService = PolicyService;
exports.PolicyService = PolicyService = __decorate([
    (0, common_1.Injectable)()
], PolicyService);
//# sourceMappingURL=policy.service.js.map