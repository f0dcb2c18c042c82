import { Action } from '../actions';
import { RuleTable } from './rule-table';
import { threadRules } from './thread.rules';
import { canWrite, moderates, PostSubject } from './subjects';

/** Authors may correct their posts for this long; after that the record stands (moderators still can). */
export const AUTHOR_EDIT_DAYS = 30;
const withinEditWindow = (p: PostSubject, now = Date.now()) => now - p.createdAt.getTime() <= AUTHOR_EDIT_DAYS * 86_400_000;
const ownLivePost = (viewer: Parameters<NonNullable<RuleTable[Action.EditPost]>>[0], p: PostSubject) =>
  canWrite(viewer) && viewer.id === p.authorId && (p.state === 'visible' || p.state === 'held') && !p.thread.locked;

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
    // Authors edit their own live posts, not in a locked thread, not while silenced, within the window.
    return ownLivePost(viewer, p) && withinEditWindow(p);
  },
  // Deleting one's own post is always possible while it is live (moderators hide instead).
  [Action.DeletePost]: (viewer, post) => ownLivePost(viewer, post as PostSubject),
  [Action.ViewRevisions]: (viewer, post) => moderates(viewer) || (!viewer.isGuest && viewer.id === (post as PostSubject).authorId),
  [Action.ConfirmReport]: (viewer, post) => {
    const p = post as PostSubject;
    return (
      canWrite(viewer) &&
      p.isReport === true &&
      p.state === 'visible' &&
      viewer.id !== p.authorId &&
      !p.thread.locked &&
      threadRules[Action.ViewThread]!(viewer, p.thread)
    );
  },
};
