import { Action } from '../actions';
import { RuleTable } from './rule-table';
import { canWrite, editsBulletins, moderates, PostSubject } from './subjects';

export const moderationRules: RuleTable = {
  // Members flag others' visible posts; a silenced member cannot (flags are a way of speaking).
  [Action.FlagPost]: (viewer, post) => {
    const p = post as PostSubject;
    return canWrite(viewer) && viewer.id !== p.authorId && p.state === 'visible';
  },
  [Action.ModeratePost]: (viewer) => moderates(viewer),
  [Action.LockThread]: (viewer) => moderates(viewer),
  // The record is read by those whose actions are in it; nobody can change it.
  [Action.ViewAuditLog]: (viewer) => moderates(viewer) || editsBulletins(viewer),
};
