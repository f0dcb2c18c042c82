import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, Socket } from 'node:net';
import { APP_CONFIG, AppConfig } from '../../config/config';

const logger = new Logger('Shutdown');

/** Turns of the event loop without a new connection after which the kernel's accept queue is taken to be empty. */
const QUIET_TURNS = 5;

/** How long a request whose client left is waited for: nothing ends an aborted static file's response. */
const LEFT_BEHIND_MS = 5_000;

/**
 * On SIGTERM (Nest's shutdown hooks), before the database and Redis close: /healthz turns 503 so
 * the load balancer stops sending, connections already queued are still taken, then the port is
 * closed; every request in flight finishes, and keep-alive connections are closed once they have
 * had their answer, so that no client sees a reset. A request whose client hung up still runs to its end (a received
 * write is finished, not cut by the closing database). After SHUTDOWN_GRACE_SECONDS the rest are cut.
 */
@Injectable()
export class GracefulShutdown implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private draining = false;
  /** Requests in progress per connection that has carried at least one request. */
  private readonly inFlight = new Map<Socket, number>();
  private accepted = 0;
  /** Responses whose connection closed before their handler ended them: the handler is still at work. */
  private readonly leftBehind = new Set<ServerResponse>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get isDraining(): boolean {
    return this.draining;
  }

  /** Called on the signal itself (main.ts), before Nest's hooks get their turn on a busy event loop. */
  beginDraining(): void {
    if (this.draining) return;
    this.draining = true;
    for (const [socket, n] of this.inFlight) if (n === 0) socket.end();
  }

  onApplicationBootstrap(): void {
    this.server()?.on('connection', () => this.accepted++);
    // First on the server's request event, before Express or any answer given before it (the guest page cache's).
    this.server()?.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      // Once draining, every response tells a keep-alive client not to send another request on its connection.
      if (this.draining) res.setHeader('Connection', 'close');
      const socket = req.socket;
      if (!this.inFlight.has(socket)) socket.once('close', () => this.inFlight.delete(socket));
      this.inFlight.set(socket, (this.inFlight.get(socket) ?? 0) + 1);
      res.once('close', () => {
        const left = (this.inFlight.get(socket) ?? 1) - 1;
        this.inFlight.set(socket, left);
        if (this.draining && left === 0) socket.end();
        if (!res.writableEnded) {
          this.leftBehind.add(res);
          setTimeout(() => this.leftBehind.delete(res), LEFT_BEHIND_MS).unref();
        }
      });
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.beginDraining();
    const server = this.server();
    if (!server?.listening) return;
    const deadline = Date.now() + this.config.shutdownGraceSeconds * 1000;
    // Closing the listening socket resets connections still waiting in the kernel's queue, and Node takes
    // one per turn of the event loop: keep taking them until a few turns (each a timer, so a poll) bring none.
    for (let quiet = 0; quiet < QUIET_TURNS && Date.now() < deadline;) {
      const before = this.accepted;
      await new Promise((resolve) => setTimeout(resolve, 10));
      quiet = this.accepted === before ? quiet + 1 : 0;
    }
    // net's close, not http's: http's also drops connections whose first request is accepted but not yet read (a reset).
    const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      closed.then(() => 'drained' as const),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now())))),
    ]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      logger.warn(`connections still open after ${this.config.shutdownGraceSeconds} s: closing them`);
      server.closeAllConnections();
      await closed;
    }
    // Every connection is closed; the requests whose clients left may still be writing (there is no event for their end).
    while ([...this.leftBehind].some((res) => !res.writableEnded) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private server(): Server | undefined {
    return this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
  }
}
