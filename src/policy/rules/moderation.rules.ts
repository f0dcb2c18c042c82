import { Action } from '../actions';
import { RuleTable } from './rule-table';
import { Role } from '../viewer';
import { canWrite, editsBulletins, moderates, PostSubject } from './subjects';

export const moderationRules: RuleTable = {
  // Members flag others' visible posts; a silenced member cannot (flags are a way of speaking).
  [Action.FlagPost]: (viewer, post) => {
    const p = post as PostSubject;
    return canWrite(viewer) && viewer.id !== p.authorId && p.state === 'visible';
  },
  [Action.ModeratePost]: (viewer) => moderates(viewer),
  // Staff post at once; a subscriber once enough of their posts have been approved; nobody before confirming their address.
  [Action.PostWithoutApproval]: (viewer, record) => {
    const r = record as { approvedPosts: number; threshold: number; emailConfirmed: boolean };
    return !viewer.isGuest && r.emailConfirmed && (viewer.role !== Role.Subscriber || r.approvedPosts >= r.threshold);
  },
  [Action.LockThread]: (viewer) => moderates(viewer),
  // Moderators silence and suspend subscribers; only an admin can act on staff; nobody on themself.
  [Action.ModerateUser]: (viewer, account) => {
    const a = account as { id: number; role: Role };
    return moderates(viewer) && viewer.id !== a.id && (a.role === Role.Subscriber || viewer.role === Role.Admin);
  },
  // The record is read by those whose actions are in it; nobody can change it.
  [Action.ViewAuditLog]: (viewer) => moderates(viewer) || editsBulletins(viewer),
};
