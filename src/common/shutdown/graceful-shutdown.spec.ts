import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpAdapterHost } from '@nestjs/core';
import type { AppConfig } from '../../config/config';
import { GracefulShutdown } from './graceful-shutdown';

/** A server whose every request takes `ms` to answer, with the shutdown installed on it as the app installs it. */
async function slowServer(ms: number) {
  const ended: string[] = [];
  const server = http.createServer((req, res) => {
    setTimeout(() => {
      res.end('done');
      ended.push(req.url!);
    }, ms);
  });
  const shutdown = new GracefulShutdown(
    { httpAdapter: { getHttpServer: () => server } } as unknown as HttpAdapterHost,
    { shutdownGraceSeconds: 10 } as AppConfig,
  );
  shutdown.onApplicationBootstrap();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, shutdown, ended, port: (server.address() as net.AddressInfo).port };
}

describe('GracefulShutdown', () => {
  it('waits for a request whose client hung up until its handler has ended it', async () => {
    const { shutdown, ended, port } = await slowServer(300);
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write('POST /write HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n');
    await sleep(50);
    // The client resets its connection while the server is at work on its request.
    socket.resetAndDestroy();
    await sleep(20);
    const started = Date.now();
    await shutdown.beforeApplicationShutdown();
    assert.deepEqual(ended, ['/write'], 'the handler ended before the shutdown went on to close the database');
    assert.ok(Date.now() - started < 1_000, `and no longer: ${Date.now() - started} ms`);
  });
});
