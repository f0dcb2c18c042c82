import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { pathRowId } from '../http/row-id';

/**
 * A numeric row id from the path, checked as typed: the global pipe would have turned "+1", " 1" or
 * "0x10" into numbers first (custom decorators bypass it).
 */
export const RowIdParam = createParamDecorator((name: string | undefined, ctx: ExecutionContext): number =>
  pathRowId(ctx.switchToHttp().getRequest<Request>().params[name ?? 'id']),
);
