import { Action } from '../actions';
import { RuleTable } from './rule-table';
import { isAdmin } from './subjects';

export const mailRules: RuleTable = {
  // Reading about a thread by email is like watching it: any signed-in member, silenced ones too.
  [Action.WatchByEmail]: (viewer) => !viewer.isGuest,
  // Mails hold members' addresses and personal unsubscribe links.
  [Action.ViewOutbox]: (viewer) => isAdmin(viewer),
};
