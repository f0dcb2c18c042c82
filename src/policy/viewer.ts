/** Roles, lowest to highest. Only the policy compares them. */
export enum Role {
  Subscriber = 'subscriber',
  Moderator = 'moderator',
  Editor = 'editor',
  Admin = 'admin',
}

/** Whoever is looking at a page. Guests are an object too, so rules never branch on null (STYLE rule 4). */
export interface Viewer {
  readonly id: number | null;
  readonly username: string | null;
  readonly role: Role | null;
  /** The account state in force now (an expired silence is already "active"). */
  readonly state: ViewerState | null;
  readonly isGuest: boolean;
}

export type ViewerState = 'active' | 'silenced' | 'suspended';

export const GUEST: Viewer = Object.freeze({ id: null, username: null, role: null, state: null, isGuest: true });

export function signedIn(id: number, username: string, role: Role, state: ViewerState = 'active'): Viewer {
  return Object.freeze({ id, username, role, state, isGuest: false });
}
