import { Action } from '../actions';
import { RuleTable } from './rule-table';
import { AdvisorySubject, editsBulletins } from './subjects';

/** Published bulletins are public; drafts only for editors and admins. */
export const advisoryRules: RuleTable = {
  [Action.ViewAdvisory]: (viewer, advisory) => (advisory as AdvisorySubject).isPublished || editsBulletins(viewer),
  [Action.ViewDraftAdvisories]: (viewer) => editsBulletins(viewer),
};
