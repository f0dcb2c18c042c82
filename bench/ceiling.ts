/**
 * The ceiling (benchmark server a): a bare node:http server sending, for each path, the exact status, headers
 * and bytes the app sent when the harness recorded it. Nothing can answer these requests faster here.
 *   node dist-test/bench/ceiling.js PORT RECORDING.json
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port, file] = process.argv.slice(2);
const recorded = JSON.parse(readFileSync(file, 'utf8')) as Record<
  string,
  { status: number; headers: Record<string, string | string[]>; body: string }
>;
const replies = new Map(
  Object.entries(recorded).map(([path, r]) => {
    const headers = { ...r.headers };
    for (const h of ['date', 'connection', 'keep-alive', 'transfer-encoding']) delete headers[h];
    return [path, { status: r.status, headers, body: Buffer.from(r.body, 'base64') }];
  }),
);
const server = createServer((req, res) => {
  if (req.url === '/healthz') return res.end('ok');
  const r = replies.get(req.url ?? '');
  if (!r) {
    res.statusCode = 404;
    return res.end();
  }
  res.writeHead(r.status, r.headers);
  res.end(r.body);
});
server.keepAliveTimeout = 65000;
server.listen(Number(port), '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
