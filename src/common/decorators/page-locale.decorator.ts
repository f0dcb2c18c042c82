import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Response } from 'express';
import { Locale } from '../i18n/i18n';

/** The language the page is shown in (the locale middleware's choice). */
export const PageLocale = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Locale => (ctx.switchToHttp().getResponse<Response>().locals.locale as Locale) ?? 'ja',
);
