import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { isServiceUnavailable } from '../../database/unavailable';
import { FormPageException, sendFormPage } from '../forms/show-form-again';
import { loginPath } from '../../paths';

const KNOWN_PAGES = new Set([400, 401, 403, 404, 405, 413, 429, 503]);

const logger = new Logger('Error');

/** Every error becomes a readable page (or JSON for .json addresses); never a stack trace. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    renderError(exception, ctx.getRequest<Request>(), ctx.getResponse<Response>());
  }
}

/** The same for errors raised by Express middleware (sessions, CSRF, body parsing) before any route. */
export function expressErrorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  renderError(err, req, res);
}

function renderError(exception: unknown, req: Request, res: Response): void {
  const unavailable = !(exception instanceof HttpException) && isServiceUnavailable(exception);
  const status = unavailable ? HttpStatus.SERVICE_UNAVAILABLE : statusOf(exception);
  // An outage is one line per request in the log, not a stack trace each.
  if (unavailable && !res.headersSent)
    logger.error(`${req.method} ${req.path}: database or Redis unavailable: ${(exception as Error)?.message ?? String(exception)}`);
  else if (status >= 500) logger.error(`${req.method} ${req.path}: ${(exception as Error)?.stack ?? String(exception)}`);
  if (res.headersSent) return void res.end();
  if (exception instanceof FormPageException) return sendFormPage(res, exception.getStatus(), exception.page);

  res.status(status);
  res.setHeader('Cache-Control', 'no-store');
  if (unavailable) res.setHeader('Retry-After', '5');
  const retryAfter = (exception as { retryAfterSeconds?: unknown })?.retryAfterSeconds;
  if (status === 429 && typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
  if (req.path.endsWith('.json') || req.accepts(['html', 'json']) === 'json') {
    res.json({
      status,
      error: unavailable ? 'Service Unavailable' : status >= 500 ? 'Internal Server Error' : messageOf(exception, status),
    });
    return;
  }
  const page = KNOWN_PAGES.has(status) ? status : status >= 500 ? 500 : 400;
  res.render(
    'errors/error',
    {
      titleKey: `error.${page}.title`,
      messageKey: messageKeyOf(exception) ?? `error.${page}.message`,
      status,
      // Signed out (or the session ended): sign in and come back to the page asked for.
      signInUrl: status === 401 ? loginPath(req.method === 'GET' ? req.originalUrl : undefined) : null,
    },
    (err, html) => {
      if (err) {
        logger.error(`error page failed to render: ${err.message}`);
        res.type('text/plain').send(`${status}`);
        return;
      }
      res.send(html);
    },
  );
}

function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  // Errors raised by Express itself (bad URI encoding, body too large) carry a status.
  const s = (exception as { status?: unknown; statusCode?: unknown })?.status ?? (exception as { statusCode?: unknown })?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : HttpStatus.INTERNAL_SERVER_ERROR;
}

/** A catalog key an exception carries for its page (e.g. why a request was refused), if any. */
function messageKeyOf(exception: unknown): string | undefined {
  if (!(exception instanceof HttpException)) return undefined;
  const key = (exception.getResponse() as { messageKey?: unknown })?.messageKey;
  return typeof key === 'string' ? key : undefined;
}

function messageOf(exception: unknown, status: number): string {
  if (exception instanceof HttpException) {
    const body = exception.getResponse();
    if (typeof body === 'string') return body;
    const m = (body as { message?: unknown }).message;
    if (typeof m === 'string') return m;
  }
  return HttpStatus[status] ?? 'Error';
}
