import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Viewer } from '../../policy/viewer';
import { IS_PUBLIC } from '../decorators/public.decorator';

/** Global guard: a route is closed to guests unless it is marked @Public(). */
@Injectable()
export class SignedInGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const viewer = context.switchToHttp().getRequest<Request & { viewer?: Viewer }>().viewer;
    if (!viewer || viewer.isGuest) throw new UnauthorizedException();
    return true;
  }
}
