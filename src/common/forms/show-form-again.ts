import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, defer, Observable, throwError } from 'rxjs';
import { Viewer } from '../../policy/viewer';
import { FieldErrors, FormInvalidException } from './form-invalid.exception';

/** A refused form: the request as sent (its body as typed) and the reasons by field. */
export interface RefusedForm {
  req: Request & { viewer?: Viewer };
  errors: FieldErrors;
}

/** The page a refused form is shown on: its view and model (sent with 422). */
export interface FormPage {
  view: string;
  model: object;
}

/** Carries a refused form's page to the global filter, which renders it whatever way the handler answers (@Render, @Redirect). */
export class FormPageException extends HttpException {
  constructor(readonly page: FormPage) {
    super('form refused', HttpStatus.UNPROCESSABLE_ENTITY);
  }
}

/** Sends a refused form's page: the refusal's status, never stored by a cache. */
export function sendFormPage(res: Response, status: number, { view, model }: FormPage): void {
  res.status(status).setHeader('Cache-Control', 'no-store');
  res.render(view, model);
}

type Show<C> = (controller: C, refused: RefusedForm) => FormPage | Promise<FormPage>;

const SHOW_AGAIN = Symbol('showFormAgain');

/**
 * A form whose page needs its controller to be shown again. The global ValidationPipe refuses a DTO
 * before the handler runs, and the service may refuse what the DTO let through: either way the
 * function named here answers with the page to show (usually its page service's), which first repeats what
 * the handler checks before the form (the address names something: 404; the viewer may act on it: 403), then
 * builds the page with what was typed and why; it is sent with 422.
 */
export const ShowFormAgain = <C>(show: Show<C>) =>
  applyDecorators(SetMetadata(SHOW_AGAIN, show), UseInterceptors(ShowFormAgainInterceptor));

@Injectable()
export class ShowFormAgainInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly modules: ModuleRef,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const show = this.reflector.get<Show<unknown>>(SHOW_AGAIN, context.getHandler());
    return next.handle().pipe(
      catchError((err: unknown) => {
        if (!(err instanceof FormInvalidException)) return throwError(() => err);
        // Pipes run inside the interceptors, so a DTO's refusal comes here as the service's does.
        const controller: unknown = this.modules.get(context.getClass(), { strict: false });
        const http = context.switchToHttp();
        return defer(async () => {
          throw new FormPageException(await show(controller, { req: http.getRequest(), errors: err.errors }));
        });
      }),
    );
  }
}

/** The error page for a refused action whose form stands on another page: the first reason. */
export function refusal(titleKey: string, errors: FieldErrors): FormPage {
  return { view: 'errors/error', model: { titleKey, messageKey: Object.values(errors)[0] ?? 'form.invalid', status: 422 } };
}

/** The refused form's fields as they came (the DTO's normalizing is the pipe's, not what the author typed). */
export const sentFields = (req: Request): Record<string, unknown> => (req.body ?? {}) as Record<string, unknown>;

/** One field of the refused form as typed; '' when it was no text. */
export function typedText(req: Request, field: string): string {
  const value = sentFields(req)[field];
  return typeof value === 'string' ? value : '';
}

/** The refused form's text fields as typed (the others are dropped: a form sends only text). */
export function typedFields(req: Request): Record<string, string> {
  return Object.fromEntries(Object.entries(sentFields(req)).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
