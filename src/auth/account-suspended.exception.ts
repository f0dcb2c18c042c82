import { ArgumentsHost, Catch, ExceptionFilter, ForbiddenException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { csrfToken } from './csrf';

/** The right password for a suspended account: the member is told until when and why (403). */
export class AccountSuspendedException extends ForbiddenException {
  constructor(
    readonly until: Date | null,
    readonly reason: string | null,
  ) {
    super('account suspended');
  }
}

/** Answers a suspended sign-in on the login page, with the name and destination kept. */
@Catch(AccountSuspendedException)
export class AccountSuspendedFilter implements ExceptionFilter {
  catch(exception: AccountSuspendedException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const body = (req.body ?? {}) as Record<string, unknown>;
    res.status(403).render('auth/login', {
      titleKey: 'auth.login.title',
      csrfToken: csrfToken(req),
      values: { username: body.username, next: body.next },
      suspended: { until: exception.until, reason: exception.reason },
    });
  }
}
