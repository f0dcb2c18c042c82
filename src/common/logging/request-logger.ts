import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One JSON line per request: no query string, cookies or bodies, so no secrets reach the log.
 * It runs on the server's own request event, so pages the guest page cache answers before Express are logged too.
 */
export function requestLogger(
  ipOf: (req: IncomingMessage) => string,
  write: (line: string) => void = (l) => process.stdout.write(l + '\n'),
) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = process.hrtime.bigint();
    const id = randomUUID();
    res.setHeader('X-Request-Id', id);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      write(
        JSON.stringify({
          time: new Date().toISOString(),
          level: res.statusCode >= 500 ? 'error' : 'info',
          msg: 'request',
          id,
          method: req.method,
          path: (req.url ?? '').split('?')[0],
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          ip: ipOf(req),
        }),
      );
    });
  };
}
