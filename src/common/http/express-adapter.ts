import { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';
import http, { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Nest's Express adapter, whose server makes each request and response with Express's own prototypes (`app.request`,
 * `app.response`) from the start. Otherwise Express gives both their prototype on every request
 * (`Object.setPrototypeOf`), and V8 then kept what each request made alive through the young generation's collections:
 * ≈ 30 KB promoted a request even for /healthz, a mark-compact every ≈ 0.5 s under load (BENCHMARKS.md). Express's own
 * swap now finds the prototype already there and changes nothing.
 */
export class BoardExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    // TLS and forced connection closing stay Nest's own (the board runs behind a proxy and uses neither).
    if (options?.httpsOptions || options?.forceCloseConnections) return super.initHttpServer(options);
    const app = this.getInstance<Express>();
    this.setHttpServer(
      http.createServer(
        { IncomingMessage: madeWith(IncomingMessage, app.request), ServerResponse: madeWith(ServerResponse, app.response) },
        app,
      ),
    );
  }
}

/** A constructor that runs `base`'s and gives its instances `prototype` (which inherits from base.prototype). */
function madeWith<C>(base: C, prototype: object): C {
  const init = base as unknown as (this: object, ...args: unknown[]) => void;
  function Made(this: object, ...args: unknown[]): void {
    init.apply(this, args);
  }
  Made.prototype = prototype;
  return Made as unknown as C;
}
