import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { Observable } from 'rxjs';
import { GuestPageCache, PageAddress } from './guest-page-cache';

export const GUEST_CACHEABLE = 'hfr:guestCacheable';

/** Stores the page a cacheable route renders for a guest whose request the hit path found no current page for. */
@Injectable()
export class GuestPageInterceptor implements NestInterceptor {
  constructor(private readonly pages: GuestPageCache) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    this.pages.keepRendering(context.switchToHttp().getResponse<Response>());
    return next.handle();
  }
}

/**
 * A GET page route whose page, rendered for a guest, is stored and then answered before routing while it is
 * current. Its path's `:id` is the advisory whose thread's revision (and the board's page epoch) says so, and
 * `address` the builder of the addresses the board links it by: only those are answered from the store. The
 * handler renders as usual (@Render or res.render); the module reads the path the route is registered with.
 */
export const GuestCacheable = (address: PageAddress): MethodDecorator =>
  applyDecorators(SetMetadata(GUEST_CACHEABLE, address), UseInterceptors(GuestPageInterceptor));
