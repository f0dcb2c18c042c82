import { Action } from '../actions';
import { RuleTable } from './rule-table';
import { threadRules } from './thread.rules';
import { canWrite, moderates, PostSubject } from './subjects';

/**
 * Visible and deleted posts (a deleted one shows as a placeholder) are seen by all who see the thread;
 * held and hidden posts only by their author and moderators.
 */
export const postRules: RuleTable = {
  [Action.ViewPost]: (viewer, post) => {
    const p = post as PostSubject;
    if (!threadRules[Action.ViewThread]!(viewer, p.thread)) return false;
    if (p.state === 'visible' || p.state === 'deleted') return true;
    return viewer.id === p.authorId || moderates(viewer);
  },
  [Action.EditPost]: (viewer, post) => {
    const p = post as PostSubject;
    if (moderates(viewer)) return p.state !== 'deleted';
    // Authors edit their own live posts, not in a locked thread, and not while silenced.
    return canWrite(viewer) && viewer.id === p.authorId && (p.state === 'visible' || p.state === 'held') && !p.thread.locked;
  },
};
