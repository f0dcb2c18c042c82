import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import passport from 'passport';
import { AppConfig } from '../config/config';
import { GUEST, signedIn, Viewer } from '../policy/viewer';
import { stateNow } from '../policy/rules/subjects';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { SESSION_STORE } from './auth.tokens';
import { csrfProtection, csrfToken } from './csrf';
import { LocalStrategy } from './local.strategy';
import { registerBoard } from './passport';
import { sessionCookieName } from './session-cookie';
import { BoardSessionStore } from './session-store';
import { UsersRepository } from '../users/users.repository';
import { CONFIRM_EMAIL_RESEND_PATH } from '../paths';

declare module 'express-session' {
  interface SessionData {
    csrfToken?: string;
    /** When this signed-in session began: the absolute time-out counts from here. */
    signedInAt?: number;
    flash?: string;
  }
}

declare global {
  namespace Express {
    interface User {
      id: number;
    }
    interface Request {
      viewer?: Viewer;
      /** A multipart form's CSRF token is checked by its route once multer has read it (UploadPost). */
      csrfDeferred?: boolean;
    }
  }
}

/** Sessions (in the database, or Redis with REDIS_URL), passport's one instance on top, the viewer object, and CSRF checks: in this order. */
export function configureSessions(app: NestExpressApplication, config: AppConfig): void {
  const store = app.get<BoardSessionStore>(SESSION_STORE);
  const production = config.env === 'production';
  app.use(
    session({
      name: sessionCookieName(config),
      secret: config.sessionSecret,
      store,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      unset: 'destroy',
      proxy: config.trustProxy !== false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: production, path: '/', maxAge: config.sessions.idleSeconds * 1000 },
    }),
  );

  // Absolute time-out: however active, a signed-in session ends after SESSION_MAX_DAYS.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const started = req.session?.signedInAt;
    if (started && Date.now() - started > config.sessions.absoluteSeconds * 1000) {
      return req.session.regenerate((err) => next(err));
    }
    next();
  });

  const policy = app.get(PolicyService);
  const users = app.get(UsersRepository);
  const strategy = app.get(LocalStrategy);
  registerBoard(app.getHttpAdapter().getInstance(), {
    verify: (req, username, password) => strategy.verify(req, username, password),
    deserialize: async (id) => {
      const user = await users.sessionViewer(id);
      // A deleted or suspended account is signed out on its next request.
      if (!user || !policy.can(GUEST, Action.SignIn, user)) return false;
      const viewer = signedIn(user.id, user.username, user.role, stateNow(user));
      return Object.assign(
        {
          stateUntil: user.stateUntil,
          stateReason: user.stateReason,
          unreadNotifications: user.unreadNotifications,
          emailConfirmed: user.emailConfirmed,
          approvedPosts: user.approvedPosts,
        },
        viewer,
      ) as Viewer & { id: number };
    },
  });
  // No passport.initialize(): passport 0.7's authenticate() (session() is one) sets up the request as it does, and its
  // compatibility work for passport 0.4's strategies cost every signed-in request ≈ 3% of its CPU.
  app.use(passport.session());

  app.use((req: Request, res: Response, next: NextFunction) => {
    req.viewer = (req.user as Viewer | undefined) ?? GUEST;
    res.locals.viewer = req.viewer;
    res.locals.signedIn = !req.viewer.isGuest;
    res.locals.canModerate = policy.can(req.viewer, Action.ModerateQueue);
    res.locals.canReviewEmerging = policy.can(req.viewer, Action.ReviewEmergingIssues);
    res.locals.canEditAdvisories = policy.can(req.viewer, Action.EditAdvisory);
    // A silenced member is told on every page why they cannot post, and until when.
    if (req.viewer.state === 'silenced') {
      const { stateUntil, stateReason } = req.user as unknown as { stateUntil: Date | null; stateReason: string | null };
      res.locals.accountNotice = {
        key: stateUntil ? 'account.silenced' : 'account.silencedIndefinitely',
        until: stateUntil,
        reason: stateReason,
      };
    }
    // Until the address is confirmed, every page says so (posts wait for a moderator) and offers the mail again.
    if (!req.viewer.isGuest && !(req.user as unknown as { emailConfirmed: boolean }).emailConfirmed) {
      res.locals.confirmNotice = { resendUrl: CONFIRM_EMAIL_RESEND_PATH };
    }
    // Signed-in pages carry the logout form, so they always need a token.
    if (!req.viewer.isGuest) res.locals.csrfToken = csrfToken(req);
    else if (req.session?.csrfToken) res.locals.csrfToken = req.session.csrfToken;
    next();
  });
  app.use(csrfProtection(config));
}
