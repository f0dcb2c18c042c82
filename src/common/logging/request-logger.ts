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
 * stdout through pino's SonicBoom, written off the request path: lines gather in memory and go out 16 KB at a time
 * (about 80 lines: one write, handed to a thread of libuv's pool, where there were 80), or after at most a second
 * when the board is quiet.
 */
export function stdoutDestination(): LogDestination {
  // minLength 1: SonicBoom writes what it is handed at once, and its flush() still waits for the write in flight.
  return new HeldLines(pino.destination({ dest: 1, sync: false, minLength: 1 }));
}

/** Held lines are handed on at this many characters: SonicBoom's largest write. */
const HELD_LENGTH = 16 * 1024;

/**
 * Lines held in a list and handed to SonicBoom joined, HELD_LENGTH at a time: SonicBoom's own minLength measured
 * the whole string it held on every line (a string grown by +=, copied flat each time), 2 µs of a cached page's 35.
 */
class HeldLines implements LogDestination {
  private lines: string[] = [];
  private length = 0;

  constructor(private readonly sonic: LogDestination) {
    setInterval(() => this.handOn(), 1000).unref();
    // pino's exit hook writes out what SonicBoom holds, not these: a fatal error or process.exit() loses none.
    process.once('exit', () => this.flushSync());
  }

  write(line: string): void {
    this.lines.push(line);
    this.length += line.length;
    if (this.length >= HELD_LENGTH) this.handOn();
  }

  flush(cb?: (err?: Error) => unknown): void {
    this.handOn();
    this.sonic.flush(cb);
  }

  flushSync(): void {
    this.handOn();
    this.sonic.flushSync();
  }

  private handOn(): void {
    if (this.lines.length === 0) return;
    this.sonic.write(this.lines.join(''));
    this.lines = [];
    this.length = 0;
  }
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

/** What the log keeps on a response from its request to its 'finish': the line's id and when the request came. */
const LOGGED = Symbol('requestLog');
type Logged = ServerResponse & { [LOGGED]?: { id: string; started: number } };

/** The header that gives a client its request's id in the log. */
const REQUEST_ID = 'X-Request-Id';

/**
 * One JSON line per request (time, level, msg, id, method, path, status, ms, ip): no query string, cookies or
 * bodies, so no secrets reach the log. It runs on the server's own request event, so pages the guest page cache
 * answers before Express are logged too, by this function alone. Each response carries its line's id
 * (X-Request-Id): sent with the headers whoever answers writes (sendRequestId for Express, requestIdHeader for
 * the page cache), not set here, as a header set before writeHead() makes Node copy every other header one by one.
 */
export function requestLogger(ipOf: (req: IncomingMessage) => string, destination: LogDestination) {
  const log = lineLogger(destination);
  // One listener for every response ('finish' comes with the response as `this`): nothing is allocated for it per request.
  function written(this: ServerResponse): void {
    const logged = (this as Logged)[LOGGED]!;
    const req = this.req;
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const entry = {
      id: logged.id,
      method: req.method,
      path: query < 0 ? url : url.slice(0, query),
      status: this.statusCode,
      ms: Math.round((performance.now() - logged.started) * 10) / 10,
      ip: ipOf(req),
    };
    if (this.statusCode >= 500) log.error(entry, 'request');
    else log.info(entry, 'request');
  }
  return (_req: IncomingMessage, res: ServerResponse): void => {
    (res as Logged)[LOGGED] = { id: randomUUID(), started: performance.now() };
    res.on('finish', written);
  };
}

/** The X-Request-Id header of a logged request's response as [name, value] to send with its other headers; [] when it is not logged. */
export function requestIdHeader(res: ServerResponse): [string, string] | [] {
  const logged = (res as Logged)[LOGGED];
  return logged ? [REQUEST_ID, logged.id] : [];
}

/** Express middleware, first of all: every response Express sends for a logged request carries its id. */
export function sendRequestId(_req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const logged = (res as Logged)[LOGGED];
  if (logged) res.setHeader(REQUEST_ID, logged.id);
  next();
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
