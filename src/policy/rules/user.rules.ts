import { Action } from '../actions';
import { Role } from '../viewer';
import { RuleTable } from './rule-table';
import { AccountSubject, isAdmin, moderates, stateNow } from './subjects';

export const userRules: RuleTable = {
  // The viewer here is a guest about to become this account: a suspension in force keeps it out.
  [Action.SignIn]: (_viewer, account) => stateNow(account as AccountSubject) !== 'suspended',
  [Action.ChangeOwnPassword]: (viewer) => !viewer.isGuest,
  // Any member, silenced or not: telling what one runs changes nothing anyone else reads.
  [Action.EditOwnEnvironment]: (viewer) => !viewer.isGuest,
  [Action.ViewProfile]: () => true,
  [Action.ManageUsers]: (viewer) => isAdmin(viewer),
  // Nobody changes their own role: an admin cannot promote or demote themself.
  // An account may leave its role, unless it is the last admin: the board always keeps one.
  [Action.LeaveRole]: (_viewer, record) => {
    const r = record as { role: Role; admins: number };
    return r.role !== Role.Admin || r.admins > 1;
  },
  [Action.ChangeRole]: (viewer, account) => isAdmin(viewer) && viewer.id !== (account as AccountSubject).id,
  [Action.Watch]: (viewer) => !viewer.isGuest,
  // Moderators answering a flood must not be slowed by the posting limit.
  [Action.BypassPostLimit]: (viewer) => moderates(viewer),
  [Action.ModerateQueue]: (viewer) => moderates(viewer) && viewer.state !== 'suspended',
};
