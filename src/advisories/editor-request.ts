import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { Locale, translate } from '../common/i18n/i18n';

export interface Flash {
  key: string;
  lines?: string[];
}

/** A one-time notice for the next page, kept in the session (a redirect follows every successful action). */
export class SessionFlash {
  constructor(private readonly req: Request) {}

  /** Stored before the redirect: the browser follows it on the headers, which express-session sends before its own save. */
  async set(flash: Flash): Promise<void> {
    this.req.session.flash = JSON.stringify(flash);
    await new Promise<void>((resolve, reject) => this.req.session.save((err) => (err ? reject(err as Error) : resolve())));
  }

  /** The notice, once: taken when the page that shows it is built. */
  take(locale: Locale): { message: string; lines: string[] } | null {
    const raw = this.req.session?.flash;
    if (!raw) return null;
    delete this.req.session.flash;
    try {
      const f = JSON.parse(raw) as Flash;
      return { message: translate(locale, f.key), lines: f.lines ?? [] };
    } catch {
      return null;
    }
  }
}

/** The session's one-time notice of this request. */
export const EditorFlash = createParamDecorator((_: unknown, ctx: ExecutionContext) => new SessionFlash(ctx.switchToHttp().getRequest()));
