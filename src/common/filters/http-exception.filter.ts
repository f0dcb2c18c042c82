import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';

const KNOWN_PAGES = new Set([400, 401, 403, 404, 405, 413, 429, 503]);

/** Every error becomes a readable page (or JSON for .json addresses); never a stack trace. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Error');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const status = statusOf(exception);
    if (status >= 500) this.logger.error(`${req.method} ${req.path}: ${(exception as Error)?.stack ?? String(exception)}`);
    if (res.headersSent) return void res.end();

    res.status(status);
    res.setHeader('Cache-Control', 'no-store');
    if (req.path.endsWith('.json') || req.accepts(['html', 'json']) === 'json') {
      res.json({ status, error: status >= 500 ? 'Internal Server Error' : messageOf(exception, status) });
      return;
    }
    const page = KNOWN_PAGES.has(status) ? status : status >= 500 ? 500 : 400;
    res.render('errors/error', { titleKey: `error.${page}.title`, messageKey: `error.${page}.message`, status }, (err, html) => {
      if (err) {
        this.logger.error(`error page failed to render: ${err.message}`);
        res.type('text/plain').send(`${status}`);
        return;
      }
      res.send(html);
    });
  }
}

function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  // Errors raised by Express itself (bad URI encoding, body too large) carry a status.
  const s = (exception as { status?: unknown; statusCode?: unknown })?.status ?? (exception as { statusCode?: unknown })?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : HttpStatus.INTERNAL_SERVER_ERROR;
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
