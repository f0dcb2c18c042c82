import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { GUEST, Viewer } from '../../policy/viewer';

/** The viewer of this request; a guest object when nobody is signed in. */
export const CurrentViewer = createParamDecorator((_: unknown, ctx: ExecutionContext): Viewer => {
  const req = ctx.switchToHttp().getRequest<Request & { viewer?: Viewer }>();
  return req.viewer ?? GUEST;
});
