import type { Request } from 'express';
import passport from 'passport';
import { csrfToken } from './csrf';

/** What one board app answers for passport: its own database, limits and policy. */
export interface BoardPassport {
  /** The sign-in form's checks: the member, or an exception carrying the form's answer. */
  verify(req: Request, username: string, password: string): Promise<Express.User>;
  /** A session's user id to the viewer, or false for an account that may no longer be signed in. */
  deserialize(id: number): Promise<Express.User | false>;
}

const boards = new WeakMap<object, BoardPassport>();

/**
 * Passport keeps its strategies and serializers in one instance per process, the one @nestjs/passport's
 * AuthGuard authenticates with. A process may run several boards (tests run apps side by side), so
 * each request is answered by the board of the Express app it arrived through.
 */
export function registerBoard(expressApp: object, board: BoardPassport): void {
  boards.set(expressApp, board);
}

export function boardOf(req: Request): BoardPassport {
  const board = boards.get(req.app);
  if (!board) throw new Error('passport: no board registered for this app');
  return board;
}

passport.serializeUser((user, done) => done(null, user.id));
passport.deserializeUser<number, Request>((req, id, done) => {
  boardOf(req)
    .deserialize(id)
    .then((user) => done(null, user), done);
});

/** Signs a member in through passport (a fresh session id, then saved), with a new CSRF token and the sign-in time. */
export async function signIn(req: Request, user: Express.User): Promise<void> {
  await new Promise<void>((resolve, reject) => req.logIn(user, (err?: Error | null) => (err ? reject(err) : resolve())));
  req.session.signedInAt = Date.now();
  delete req.session.csrfToken;
  csrfToken(req);
  // Stored before the redirect: the browser follows it on the headers, which express-session sends before its own save.
  await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err as Error) : resolve())));
}

/** Signs out and ends this browser's session: the store's row goes, and the next request starts a new one. */
export async function endSession(req: Request): Promise<void> {
  await new Promise<void>((resolve, reject) => req.logout((err?: Error | null) => (err ? reject(err) : resolve())));
  await new Promise<void>((resolve, reject) => req.session.destroy((err?: Error | null) => (err ? reject(err) : resolve())));
}
