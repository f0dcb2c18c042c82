import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import pino from 'pino';

/** Where request lines go: pino's asynchronous stdout in the app, a stream of the test's own in specs. */
export interface LogDestination extends pino.DestinationStream {
  flush(cb?: (err?: Error) => unknown): void;
  flushSync(): void;
}

/**
 * stdout through pino's SonicBoom, written off the request path: lines gather in memory and go out 4 KB at a time
 * (about 20 lines: one write where there were 20), or after at most a second when the board is quiet.
 */
export function stdoutDestination(): LogDestination {
  return pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 1000 });
}

/** The line as before pino: ISO time, level as a word, no pid or hostname. */
function lineLogger(destination: LogDestination): pino.Logger {
  return pino({ base: null, timestamp: isoTimeByMillisecond(), formatters: { level: (label) => ({ level: label }) } }, destination);
}

/** pino's isoTime, formatted once per millisecond: a busy server logs many requests within one. */
function isoTimeByMillisecond(): () => string {
  let ms = 0;
  let field = '';
  return () => {
    const now = Date.now();
    if (now !== ms) {
      ms = now;
      field = `,"time":"${new Date(now).toISOString()}"`;
    }
    return field;
  };
}

/**
 * One JSON line per request (time, level, msg, id, method, path, status, ms, ip): no query string, cookies or
 * bodies, so no secrets reach the log. It runs on the server's own request event, so pages the guest page cache
 * answers before Express are logged too, by this function alone.
 */
export function requestLogger(ipOf: (req: IncomingMessage) => string, destination: LogDestination) {
  const log = lineLogger(destination);
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = process.hrtime.bigint();
    const id = randomUUID();
    res.setHeader('X-Request-Id', id);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const entry = {
        id,
        method: req.method,
        path: (req.url ?? '').split('?')[0],
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        ip: ipOf(req),
      };
      if (res.statusCode >= 500) log.error(entry, 'request');
      else log.info(entry, 'request');
    });
  };
}

/**
 * The request log of the running app (LOG_REQUESTS), installed by configureApp. Its held lines are written once
 * GracefulShutdown has drained every request (Nest runs onApplicationShutdown after every beforeApplicationShutdown);
 * on process.exit and on a fatal error, pino's destination writes them synchronously on the 'exit' event.
 */
@Injectable()
export class RequestLog implements OnApplicationShutdown {
  private destination: LogDestination | null = null;

  install(server: Server, ipOf: (req: IncomingMessage) => string, destination: LogDestination = stdoutDestination()): void {
    this.destination = destination;
    server.prependListener('request', requestLogger(ipOf, destination));
  }

  onApplicationShutdown(): Promise<void> {
    const destination = this.destination;
    return new Promise((resolve) => (destination ? destination.flush(() => resolve()) : resolve()));
  }
}
