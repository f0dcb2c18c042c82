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
  readonly isGuest: boolean;
}

export const GUEST: Viewer = Object.freeze({ id: null, username: null, role: null, isGuest: true });

export function signedIn(id: number, username: string, role: Role): Viewer {
  return Object.freeze({ id, username, role, isGuest: false });
}
