import { Module, OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryModule, DiscoveryService, HttpAdapterHost, MetadataScanner, ModuleRef, Reflector } from '@nestjs/core';
import type { RequestListener, Server } from 'node:http';
import { REDIS, RedisModule } from '../common/redis/redis';
import { APP_CONFIG } from '../config/config';
import { CacheableMark, GUEST_CACHEABLE } from './guest-cacheable';
import { CacheableRoute, GuestPageCache, windowAddress } from './guest-page-cache';
import { PageCacheRepository } from './page-cache.repository';
import { PAGE_STORE, pageStore } from './page-stores';
import { SharedRenders } from './shared-parts';

/**
 * The guest page cache: a module that marks its routes with @GuestCacheable() imports this one. Once the
 * app is up, the hit path goes in front of Express for the paths those routes are registered with.
 */
@Module({
  imports: [DiscoveryModule, RedisModule],
  providers: [
    GuestPageCache,
    PageCacheRepository,
    SharedRenders,
    { provide: PAGE_STORE, useFactory: pageStore, inject: [APP_CONFIG, REDIS] },
  ],
  // For configureApp (the misses' pages kept), the windows' reads, and shared parts for page loaders.
  exports: [GuestPageCache, PageCacheRepository, SharedRenders],
})
export class PageCacheModule implements OnApplicationBootstrap {
  constructor(
    private readonly cache: GuestPageCache,
    private readonly adapterHost: HttpAdapterHost,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly modules: ModuleRef,
  ) {}

  onApplicationBootstrap(): void {
    const adapter = this.adapterHost.httpAdapter;
    // The CLI's application context has no HTTP server.
    if (!adapter) return;
    this.cache.install(adapter.getHttpServer() as Server, adapter.getInstance<RequestListener>(), this.cacheableRoutes());
  }

  /** The @GuestCacheable() routes: their paths as Nest registers them (the controller's, then the handler's), addresses and validators. */
  private cacheableRoutes(): CacheableRoute[] {
    const routes: CacheableRoute[] = [];
    for (const { instance, metatype } of this.discovery.getControllers()) {
      if (!instance || !metatype) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, () => unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        const mark = this.reflector.get<CacheableMark | undefined>(GUEST_CACHEABLE, handler);
        if (!mark) continue;
        const base: unknown = this.reflector.get(PATH_METADATA, metatype);
        const path: unknown = this.reflector.get(PATH_METADATA, handler);
        if (this.reflector.get(METHOD_METADATA, handler) !== RequestMethod.GET || typeof base !== 'string' || typeof path !== 'string') {
          throw new Error(`@GuestCacheable() ${metatype.name}.${name}: only a GET route with one path can be cached`);
        }
        const route = `/${[base, path].join('/').split('/').filter(Boolean).join('/')}`;
        if (!mark.window) {
          routes.push(this.cache.advisoryRoute(route, mark.address));
          continue;
        }
        const window = this.modules.get(mark.window, { strict: false });
        routes.push({ match: windowAddress(route, mark.address), validator: (value) => window.validator(value) });
      }
    }
    return routes;
  }
}
