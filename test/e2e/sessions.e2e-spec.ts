import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createUser, signInCookie } from '../factories/user.factory';
import { whoIs } from '../support/sessions';
import { createTestApp, createTestDatabase } from '../support/test-app';

describe('sessions', () => {
  it('survive a restart of the server, because they live in the database', async () => {
    const db = await createTestDatabase();
    const secret = randomBytes(32).toString('hex');
    try {
      const first = await createTestApp({ sessionSecret: secret }, db);
      let cookie: string;
      let username: string;
      try {
        username = (await createUser(first.app)).username;
        cookie = await signInCookie(first.http, username);
        assert.equal(await whoIs(first.http, cookie), username);
      } finally {
        await first.close();
      }

      const second = await createTestApp({ sessionSecret: secret }, db);
      try {
        assert.equal(await whoIs(second.http, cookie), username);
      } finally {
        await second.close();
      }
    } finally {
      await db.drop();
    }
  });

  it('cannot be forged: a real session id with a wrong signature, or signed with another secret, is a guest', async () => {
    const t = await createTestApp();
    try {
      const user = await createUser(t.app);
      const cookie = await signInCookie(t.http, user.username);
      const [name, value] = cookie.split('=');
      const decoded = decodeURIComponent(value);
      const sid = decoded.slice(2, decoded.lastIndexOf('.'));
      assert.equal(await whoIs(t.http, cookie), user.username);
      assert.equal(await whoIs(t.http, `${name}=${encodeURIComponent(`s:${sid}.forgedsignature`)}`), null);
      assert.equal(await whoIs(t.http, `${name}=${encodeURIComponent(sid)}`), null);
      assert.equal(await whoIs(t.http, `${name}=${encodeURIComponent(`s:${randomBytes(24).toString('base64url')}.x`)}`), null);
    } finally {
      await t.close();
    }
  });
});
