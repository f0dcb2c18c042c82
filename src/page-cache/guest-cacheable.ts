import { SetMetadata, Type } from '@nestjs/common';
import { PageAddress, PageWindow, WindowAddress } from './guest-page-cache';

export const GUEST_CACHEABLE = 'hfr:guestCacheable';

/** What @GuestCacheable() records on a route: one advisory's pages, or a window's (the provider that validates them). */
export type CacheableMark = { address: PageAddress; window?: undefined } | { address: WindowAddress; window: Type<PageWindow> };

/**
 * A GET route whose page (or JSON), sent to a guest, is stored and then answered before routing while it is
 * current, and `address` the builder of the addresses the board links it by: only those are answered from the
 * store. Without a window, its path's `:id` is the advisory whose thread's revision (and the board's page epoch)
 * says so; with one, the route has no `:id` and the window (a provider of the route's module) reads what says so.
 * The handler renders or sends as usual; the module reads the path the route is registered with, and
 * GuestPageCache.keepRendering stores what it sends to a guest the hit path found no current page for.
 */
export function GuestCacheable(address: PageAddress): MethodDecorator;
export function GuestCacheable(address: WindowAddress, window: Type<PageWindow>): MethodDecorator;
export function GuestCacheable(address: PageAddress | WindowAddress, window?: Type<PageWindow>): MethodDecorator {
  return SetMetadata(GUEST_CACHEABLE, { address, window });
}
