import { Role, Viewer, ViewerState } from '../viewer';

/** What rules need to know of the things they judge: shapes, so that any entity or view-model fits. */
export interface AdvisorySubject {
  isPublished: boolean;
}
export interface ThreadSubject {
  locked: boolean;
  advisory: AdvisorySubject;
}
export const POST_STATES = ['visible', 'held', 'hidden', 'deleted'] as const;
export type PostState = (typeof POST_STATES)[number];
export interface PostSubject {
  authorId: number;
  state: PostState;
  createdAt: Date;
  thread: ThreadSubject;
  /** Set for field reports only. */
  isReport?: boolean;
}
/** A search result: a bulletin, or a post or known issue of one (post: its state). */
export interface SearchSubject {
  advisory: AdvisorySubject;
  post?: { state: PostState };
}
export interface AccountSubject {
  id: number;
  state: ViewerState;
  stateUntil: Date | null;
}

export const isStaff = (v: Viewer, ...roles: Role[]) => v.role !== null && roles.includes(v.role);
export const moderates = (v: Viewer) => isStaff(v, Role.Moderator, Role.Admin);
export const editsBulletins = (v: Viewer) => isStaff(v, Role.Editor, Role.Admin);
export const isAdmin = (v: Viewer) => isStaff(v, Role.Admin);
/** Signed in and allowed to write: not a guest, not silenced. */
export const canWrite = (v: Viewer) => !v.isGuest && v.state === 'active';

/** A silence or suspension whose time has passed no longer counts. */
export function stateNow(a: AccountSubject, now = new Date()): ViewerState {
  return a.state !== 'active' && a.stateUntil && a.stateUntil <= now ? 'active' : a.state;
}
