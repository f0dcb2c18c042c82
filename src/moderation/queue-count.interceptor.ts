import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { RENDER_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { GUEST } from '../policy/viewer';
import { ModerationService } from './moderation.service';

/**
 * Puts the review queue's count in the header (res.locals.queueCount) of every page rendered for a moderator.
 * Only pages (@Render) and only moderators: guests never run it, so their cached pages are as before.
 */
@Injectable()
export class QueueCountInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly policy: PolicyService,
    private readonly moderation: ModerationService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const viewer = http.getRequest<Request>().viewer ?? GUEST;
    if (!this.reflector.get<string | undefined>(RENDER_METADATA, context.getHandler()) || !this.policy.can(viewer, Action.ModerateQueue))
      return next.handle();
    return from(this.moderation.queueCount()).pipe(
      switchMap((count) => {
        http.getResponse<Response>().locals.queueCount = count;
        return next.handle();
      }),
    );
  }
}
