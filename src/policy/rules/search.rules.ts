import { Action } from '../actions';
import { advisoryRules } from './advisory.rules';
import { RuleTable } from './rule-table';
import { SearchSubject } from './subjects';

/**
 * What search may list: what the viewer may see in full on the bulletin, thread or known-issue pages;
 * posts only while visible (a deleted post's placeholder and hidden or held posts never). The index is
 * built for guests, so results are what a guest may see whoever searches.
 */
export const searchRules: RuleTable = {
  [Action.FindInSearch]: (viewer, subject) => {
    const s = subject as SearchSubject;
    return advisoryRules[Action.ViewAdvisory]!(viewer, s.advisory) && (!s.post || s.post.state === 'visible');
  },
};
