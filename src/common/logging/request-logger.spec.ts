import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { memoryDestination } from '../../../test/support/request-log';
import { requestIdHeader, requestLogger } from './request-logger';

function request(status: number, url = '/login?token=secret') {
  const dest = memoryDestination();
  const sut = requestLogger((r) => (r as unknown as { socket: { remoteAddress: string } }).socket.remoteAddress, dest);
  const req = {
    method: 'GET',
    url,
    socket: { remoteAddress: '127.0.0.1' },
    headers: { cookie: 'sid=secret' },
    body: { password: 'secret' },
  };
  const res = Object.assign(new EventEmitter(), { statusCode: status, req });
  sut(req as never, res as never);
  const [name, id] = requestIdHeader(res as never);
  res.emit('finish');
  return { lines: dest.lines, headers: { [name!]: id } };
}

describe('requestLogger', () => {
  it('writes one JSON line with the fields of before pino, without the query string, cookies or body', () => {
    const { lines, headers } = request(200);
    assert.equal(lines.length, 1);
    const entry = JSON.parse(lines[0]) as Record<string, unknown>;
    assert.deepEqual(Object.keys(entry).sort(), ['id', 'ip', 'level', 'method', 'ms', 'msg', 'path', 'status', 'time']);
    assert.equal(entry.level, 'info');
    assert.equal(entry.msg, 'request');
    assert.equal(entry.method, 'GET');
    assert.equal(entry.path, '/login');
    assert.equal(entry.status, 200);
    assert.equal(entry.ip, '127.0.0.1');
    assert.equal(typeof entry.ms, 'number');
    assert.equal(entry.id, headers['X-Request-Id'], 'the id the response carries');
    assert.equal(new Date(entry.time as string).toISOString(), entry.time, 'an ISO time');
    assert.doesNotMatch(lines[0], /secret/);
  });

  it('logs a server error at level error, a client error at info', () => {
    assert.equal((JSON.parse(request(503).lines[0]) as { level: string }).level, 'error');
    assert.equal((JSON.parse(request(404).lines[0]) as { level: string }).level, 'info');
  });

  it('escapes what a client put in the path, so a line stays one JSON line', () => {
    const { lines } = request(404, '/a"b\\c\u2028\n{"level":"info"}');
    assert.equal(lines.length, 1);
    assert.equal((JSON.parse(lines[0]) as { path: string }).path, '/a"b\\c\u2028\n{"level":"info"}');
  });

  it('writes out the lines still held when the process dies of an uncaught error', () => {
    // The app's RequestLog on a real server and pino's asynchronous stdout, in a process of its own.
    const script = `
      const http = require('node:http');
      const { RequestLog } = require(${JSON.stringify(require.resolve('./request-logger'))});
      const server = http.createServer((req, res) => res.end('ok'));
      new RequestLog().install(server, (req) => req.socket.remoteAddress);
      server.listen(0, '127.0.0.1', () => {
        http.get('http://127.0.0.1:' + server.address().port + '/last', (res) => {
          res.resume();
          res.on('end', () => setImmediate(() => { throw new Error('fatal'); }));
        });
      });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    assert.match(r.stderr, /Error: fatal/);
    assert.equal(r.status, 1);
    const lines = r.stdout.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, r.stdout);
    assert.equal((JSON.parse(lines[0]) as { path: string }).path, '/last');
  });
});
