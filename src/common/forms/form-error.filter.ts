import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { FormInvalidException } from './form-invalid.exception';

const SECRET_FIELDS = new Set(['password', 'currentPassword', 'newPassword', '_csrf']);

/** Puts a rejected form back in front of its author: the same view, what they typed, and why (422). */
@Catch(FormInvalidException)
export class FormErrorFilter implements ExceptionFilter {
  constructor(
    private readonly view: string,
    private readonly locals: (req: Request) => Record<string, unknown> = () => ({}),
  ) {}

  catch(exception: FormInvalidException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
      if (!SECRET_FIELDS.has(k) && typeof v === 'string') values[k] = v;
    }
    res.status(exception.getStatus()).render(this.view, { ...this.locals(req), values, errors: exception.errors, hasErrors: true });
  }
}
