import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GUARDS_METADATA } from '@nestjs/common/constants';
import passport from 'passport';
import request from 'supertest';
import { AuthController } from '../../src/auth/auth.controller';
import { LocalAuthGuard } from '../../src/auth/local-auth.guard';
import { LocalStrategy } from '../../src/auth/local.strategy';
import { createUser, signInCookie } from '../factories/user.factory';
import { createTestApp, TestApp } from '../support/test-app';

/** The name on the menu of a signed-in page, or null for a guest. */
async function whoIs(t: TestApp, cookie: string): Promise<string | null> {
  const html = (await request(t.http).get('/notifications/watches').set('Cookie', cookie)).text;
  return /<li><a href="\/users\/([^"]+)">/.exec(html)?.[1] ?? null;
}

describe('sign-in through @nestjs/passport and passport-local, several boards in one process', () => {
  let a: TestApp;
  let b: TestApp;

  before(async () => {
    a = await createTestApp();
    b = await createTestApp();
    await createUser(a.app, { username: 'onlyona' });
    await createUser(b.app, { username: 'onlyonb' });
  });
  after(async () => {
    await a?.close();
  });

  it('POST /login is guarded by LocalAuthGuard, and passport-local is the strategy named "local"', () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- only reads the guard metadata Nest keeps on the method itself (a bound copy has none); never called
    const guards = Reflect.getMetadata(GUARDS_METADATA, AuthController.prototype.login) as unknown[];
    assert.deepEqual(guards, [LocalAuthGuard]);
    const registered = (passport as unknown as { _strategy(name: string): unknown })._strategy('local');
    assert.ok(registered instanceof LocalStrategy);
  });

  it("checks each sign-in against its own board, whichever app registered passport's strategy last", async () => {
    const onA = await signInCookie(a.http, 'onlyona');
    const onB = await signInCookie(b.http, 'onlyonb');
    assert.equal(await whoIs(a, onA), 'onlyona');
    assert.equal(await whoIs(b, onB), 'onlyonb');
    // Each board's member is unknown to the other: the same generic refusal.
    for (const [t, name] of [
      [a, 'onlyonb'],
      [b, 'onlyona'],
    ] as const) {
      const page = await request(t.http).get('/login').expect(200);
      const cookie = String(page.headers['set-cookie']).split(';')[0];
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
      await request(t.http)
        .post('/login')
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrf, username: name, password: 'correct horse battery' })
        .expect(422);
    }
    // A session of one board is a guest on the other.
    assert.equal(await whoIs(b, onA), null);
  });

  it('keeps signing in and reading sessions on one board after the other board is closed', async () => {
    await b.close();
    const cookie = await signInCookie(a.http, 'onlyona');
    assert.equal(await whoIs(a, cookie), 'onlyona');
  });
});
