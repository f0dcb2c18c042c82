/**
 * A round-robin HTTP proxy in front of several instances of one server, as a load balancer runs them: each
 * request goes to the next instance in turn over a kept-alive connection, status, headers and body passed through.
 *   node dist-test/bench/proxy.js PORT http://127.0.0.1:A http://127.0.0.1:B …
 */
import { Agent, createServer, request } from 'node:http';

const [port, ...targets] = process.argv.slice(2);
if (!port || targets.length === 0) throw new Error('usage: proxy.js PORT TARGET…');
const upstreams = targets.map((t) => new URL(t));
// As many sockets per instance as the load has connections, so that the proxy never queues a request itself.
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
let next = 0;

const server = createServer((req, res) => {
  const to = upstreams[next];
  next = (next + 1) % upstreams.length;
  const out = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  out.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(out);
});
server.keepAliveTimeout = 65000;
server.listen(Number(port), '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
