import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { requestLogger } from './request-logger';

describe('requestLogger', () => {
  it('writes one JSON line without the query string, cookies or body', () => {
    const lines: string[] = [];
    const sut = requestLogger(
      (r) => (r as unknown as { socket: { remoteAddress: string } }).socket.remoteAddress,
      (l) => void lines.push(l),
    );
    const res = Object.assign(new EventEmitter(), { statusCode: 200, setHeader: () => undefined });
    const req = {
      method: 'GET',
      url: '/login?token=secret',
      socket: { remoteAddress: '127.0.0.1' },
      headers: { cookie: 'sid=secret' },
      body: { password: 'secret' },
    };
    sut(req as never, res as never);
    res.emit('finish');
    assert.equal(lines.length, 1);
    const entry = JSON.parse(lines[0]) as { path: string; status: number; ip: string; ms: unknown };
    assert.equal(entry.path, '/login');
    assert.equal(entry.status, 200);
    assert.equal(entry.ip, '127.0.0.1');
    assert.equal(typeof entry.ms, 'number');
    assert.doesNotMatch(lines[0], /secret/);
  });
});
