import { ForbiddenException, Injectable } from '@nestjs/common';
import { Action } from './actions';
import { advisoryRules } from './rules/advisory.rules';
import { knownIssueRules } from './rules/known-issue.rules';
import { mailRules } from './rules/mail.rules';
import { moderationRules } from './rules/moderation.rules';
import { postRules } from './rules/post.rules';
import { searchRules } from './rules/search.rules';
import { Rule, RuleTable } from './rules/rule-table';
import { threadRules } from './rules/thread.rules';
import { userRules } from './rules/user.rules';
import { Viewer } from './viewer';

const RULES: RuleTable = {
  ...advisoryRules,
  ...threadRules,
  ...postRules,
  ...userRules,
  ...knownIssueRules,
  ...moderationRules,
  ...searchRules,
  ...mailRules,
};

/** The one place that decides who may do what (STYLE rule 1). */
@Injectable()
export class PolicyService {
  can(viewer: Viewer, action: Action, subject?: unknown): boolean {
    const rule: Rule | undefined = RULES[action];
    return rule ? rule(viewer, subject) : false;
  }

  ensure(viewer: Viewer, action: Action, subject?: unknown): void {
    if (!this.can(viewer, action, subject)) throw new ForbiddenException();
  }
}
