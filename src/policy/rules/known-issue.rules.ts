import { Action } from '../actions';
import { RuleTable } from './rule-table';
import { canWrite, moderates, PostSubject } from './subjects';

export const knownIssueRules: RuleTable = {
  // Creating, editing, reordering, status changes and unlinking evidence: moderators' work.
  [Action.ManageKnownIssues]: (viewer) => moderates(viewer),
  // Groups of alike problem reports not yet tied to an issue: moderators see them, promote or dismiss them.
  [Action.ReviewEmergingIssues]: (viewer) => moderates(viewer),
  // "This happened to me too": a member links their own visible field report.
  [Action.AddOwnEvidence]: (viewer, post) => {
    const p = post as PostSubject;
    return canWrite(viewer) && viewer.id === p.authorId && p.state === 'visible';
  },
};
