import { Thread } from '../../threads/thread.entity';
import { Action } from '../actions';
import { RuleTable } from './rule-table';
import { advisoryRules } from './advisory.rules';

/** A thread is visible exactly when its advisory is. */
export const threadRules: RuleTable = {
  [Action.ViewThread]: (viewer, thread) => advisoryRules[Action.ViewAdvisory]!(viewer, (thread as Thread).advisory),
};
