import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { FieldErrors, FormInvalidException } from './form-invalid.exception';
import { FormPage, sendFormPage } from './show-form-again';

/**
 * A refused form whose refusal never passes the interceptors (a guard's, as at sign-in), so @ShowFormAgain
 * cannot answer it: the page to show again comes from the function given, sent with the refusal's status.
 */
@Catch(FormInvalidException)
export class FormErrorFilter implements ExceptionFilter {
  constructor(private readonly show: (req: Request, errors: FieldErrors) => FormPage) {}

  catch(exception: FormInvalidException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    sendFormPage(res, exception.getStatus(), this.show(req, exception.errors));
  }
}
