import { Action } from '../actions';
import { advisoryRules } from './advisory.rules';
import { RuleTable } from './rule-table';
import { canWrite, moderates, ThreadSubject } from './subjects';

const viewThread = (viewer: Parameters<NonNullable<RuleTable[Action.ViewThread]>>[0], thread: ThreadSubject) =>
  advisoryRules[Action.ViewAdvisory]!(viewer, thread.advisory);

/** A thread is visible exactly when its advisory is; a locked thread takes posts from moderators only. */
export const threadRules: RuleTable = {
  [Action.ViewThread]: (viewer, thread) => viewThread(viewer, thread as ThreadSubject),
  [Action.CreatePost]: (viewer, thread) => {
    const t = thread as ThreadSubject;
    return canWrite(viewer) && viewThread(viewer, t) && (!t.locked || moderates(viewer));
  },
};
