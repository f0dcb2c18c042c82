import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, PayloadTooLargeException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { NulByteException } from '../common/middleware/refuse-nul-bytes';
import { importPage } from './advisory-editor.view-model';

/** An upload refused by multer (too large, a second file, a broken body) or for a NUL comes back to the form, not to an error page. */
@Catch(PayloadTooLargeException, BadRequestException)
export class UploadRefusedFilter implements ExceptionFilter {
  catch(exception: PayloadTooLargeException | BadRequestException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const tooLarge = exception instanceof PayloadTooLargeException;
    const nul = exception instanceof NulByteException;
    const status = tooLarge ? 413 : 400;
    if (!res.locals.canEditAdvisories)
      return void res.status(status).render('errors/error', {
        titleKey: `error.${status}.title`,
        messageKey: nul ? 'error.nul.message' : `error.${status}.message`,
        status,
      });
    // Pasted text comes back with each NUL shown as the replacement character, as a browser would show it.
    const body: unknown = req.body;
    const json = typeof body === 'object' && body !== null && 'json' in body ? body.json : undefined;
    const pasted = typeof json === 'string' ? json.replace(/\r\n?/g, '\n').replace(/\u0000/g, '\uFFFD') : '';
    res
      .status(status)
      .render(
        'advisories/import',
        importPage({ error: tooLarge ? 'editor.import.tooLarge' : nul ? 'error.nul.message' : 'editor.import.malformed', json: pasted }),
      );
  }
}
