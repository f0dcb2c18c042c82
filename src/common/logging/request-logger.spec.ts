import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { requestLogger } from './request-logger';

describe('requestLogger', () => {
  it('writes one JSON line without the query string, cookies or body', () => {
    const lines: string[] = [];
    const sut = requestLogger((l) => lines.push(l));
    const res = Object.assign(new EventEmitter(), { statusCode: 200, setHeader: () => undefined });
    const req = { method: 'GET', path: '/login', originalUrl: '/login?token=secret', ip: '127.0.0.1', headers: { cookie: 'sid=secret' }, body: { password: 'secret' } };
    sut(req as never, res as never, () => undefined);
    res.emit('finish');
    assert.equal(lines.length, 1);
    const entry = JSON.parse(lines[0]);
    assert.equal(entry.path, '/login');
    assert.equal(entry.status, 200);
    assert.equal(typeof entry.ms, 'number');
    assert.doesNotMatch(lines[0], /secret/);
  });
});
