import { Action } from '../actions';
import { RuleTable } from './rule-table';
import { AdvisorySubject, editsBulletins } from './subjects';

/** Published bulletins are public; drafts only for editors and admins. */
export const advisoryRules: RuleTable = {
  [Action.ViewAdvisory]: (viewer, advisory) => (advisory as AdvisorySubject).isPublished || editsBulletins(viewer),
  [Action.ViewDraftAdvisories]: (viewer) => editsBulletins(viewer),
  // Create, edit, import and preview: the bulletin's content, whatever its state.
  [Action.EditAdvisory]: (viewer) => editsBulletins(viewer),
  // Publishing is for drafts, unpublishing for what is published: each is a change of state.
  [Action.PublishAdvisory]: (viewer, advisory) => editsBulletins(viewer) && !(advisory as AdvisorySubject).isPublished,
  [Action.UnpublishAdvisory]: (viewer, advisory) => editsBulletins(viewer) && (advisory as AdvisorySubject).isPublished,
};
