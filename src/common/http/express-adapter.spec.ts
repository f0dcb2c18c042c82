import { Controller, Get, Module, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { Express, Request, Response } from 'express';
import assert from 'node:assert/strict';
import { get, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { BoardExpressAdapter } from './express-adapter';

@Controller()
class EchoController {
  @Get('echo')
  echo(@Req() req: Request, @Res() res: Response): void {
    // Express's own methods and getters work as on any Express request and response.
    res
      .status(200)
      .type('text')
      .send(`${req.query.q as string} ${req.get('x-test')} ${req.path}`);
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

function fetchText(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('BoardExpressAdapter', () => {
  it("makes requests and responses with Express's prototypes, so Express changes no object's prototype", async () => {
    const app = await NestFactory.create<NestExpressApplication>(EchoModule, new BoardExpressAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    try {
      const express: Express = app.getHttpAdapter().getInstance();
      const server: Server = app.getHttpServer();
      const seen: boolean[] = [];
      // Before Express runs: what the server made.
      server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
        seen.push(Object.getPrototypeOf(req) === express.request, Object.getPrototypeOf(res) === express.response);
      });
      const { port } = server.address() as AddressInfo;
      const reply = await fetchText(`http://127.0.0.1:${port}/echo?q=%E9%9A%9C%E5%AE%B3`, { 'x-test': 'yes' });
      assert.deepEqual(reply, { status: 200, body: '障害 yes /echo' });
      assert.deepEqual(seen, [true, true]);
    } finally {
      await app.close();
    }
  });
});
