import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { User } from '../../src/users/user.entity';
import { checkUsername } from '../../src/users/username';
import { TEST_PASSWORD } from '../factories/user.factory';
import { fieldError, fieldValue } from '../support/forms';
import {
  assertNoActiveContent,
  assertNoLeak,
  BLANK,
  fieldGroups,
  NAUGHTY,
  NAUGHTY_TEXT,
  packed,
  pageText,
  tooLongFor,
} from '../support/hostile';
import { msg } from '../support/i18n';
import { generousLimits } from '../support/limits';
import { guest, Guest, submit } from '../support/members';
import { createTestApp, TestApp } from '../support/test-app';

// The Big List of Naughty Strings through registration and sign-in: each string as a username, the list
// as e-mail addresses and passwords. A name is taken (NFKC-normalized, trimmed, as
// documented) or refused with the reason and the text kept; a password works exactly as typed.

describe('naughty strings in registration and sign-in', () => {
  let t: TestApp;
  let rootDir: string;

  /** A new guest with the registration form's token. */
  const newGuest = () => guest(t, '/register');
  const register = (g: Guest, fields: Record<string, string>) => submit(g, '/register', fields);

  before(async () => {
    t = await createTestApp({ rateLimits: generousLimits() });
    rootDir = t.config.rootDir;
  });
  after(() => t.close());

  it('takes each string as a username (normalized as documented) or refuses it with the reason and the text kept', async () => {
    let g = await newGuest();
    const taken: string[] = [];
    const wrong: string[] = [];
    // The list, and the names every JavaScript object has.
    for (const [i, s] of [...NAUGHTY, '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', '__defineGetter__'].entries()) {
      const label = `#${i} ${JSON.stringify(s).slice(0, 50)}`;
      const res = await register(g, { username: s, email: `naughty${i}@example.test`, password: TEST_PASSWORD });
      assertNoLeak(res, label, rootDir);
      assertNoActiveContent(res.text, label);
      const check = checkUsername(s);
      if (res.status === 303) {
        const expected = check.ok ? check.username : null;
        if (!expected || res.headers.location !== `/users/${encodeURIComponent(expected)}`)
          wrong.push(`${label}: taken as ${res.headers.location}`);
        else taken.push(expected);
        g = await newGuest();
        continue;
      }
      if (res.status !== 422) wrong.push(`${label}: ${res.status}`);
      if (fieldValue(res.text, 'username') !== s)
        wrong.push(`${label}: the field holds ${JSON.stringify(fieldValue(res.text, 'username'))}`);
      // The reason that applies: empty, past the form's limit, the name rule's own, or a name already taken.
      const reason = msg(
        s === '' ? 'form.required' : s.length > 200 ? 'username.length' : check.ok ? 'username.taken' : `username.${check.reason}`,
      );
      if (fieldError(res.text, 'register-username') !== reason)
        wrong.push(`${label}: reason ${JSON.stringify(fieldError(res.text, 'register-username'))}, not ${reason}`);
      if (fieldValue(res.text, 'password') !== '') wrong.push(`${label}: the password came back`);
    }
    assert.deepEqual(wrong, []);
    assert.ok(taken.length > 30, `${taken.length} names taken`);

    // Each name taken is stored as shown, and its profile answers at its address, as text.
    const users = await t.em().find(User, { username: { $in: taken } });
    assert.equal(users.length, taken.length);
    for (const name of taken) {
      const res = await request(t.http).get(`/users/${encodeURIComponent(name)}`);
      assert.equal(res.status, 200, name);
      assertNoActiveContent(res.text, `profile ${name}`);
      assert.ok(pageText(res.text).includes(name), `profile shows ${name}`);
    }
  });

  it('refuses the list as e-mail addresses and passwords with the text kept and the password never sent back', async () => {
    const g = await newGuest();
    const before = await t.em().count(User, {});
    const wrong: string[] = [];
    // Packed to the address's 254 characters, and the longer strings alone.
    for (const s of [...BLANK, ...fieldGroups(254, ' '), ...tooLongFor(254)]) {
      const label = JSON.stringify(s).slice(0, 50);
      // The name is refused too, so that nothing is created and no password hashed.
      const res = await register(g, { username: 'x', email: s, password: s });
      assertNoLeak(res, label, rootDir);
      assertNoActiveContent(res.text, label);
      if (res.status !== 422) wrong.push(`${label}: ${res.status}`);
      if (fieldValue(res.text, 'email') !== s) wrong.push(`${label}: the field holds ${JSON.stringify(fieldValue(res.text, 'email'))}`);
      if (fieldValue(res.text, 'password') !== '') wrong.push(`${label}: the password came back`);
    }
    assert.deepEqual(wrong, []);
    assert.equal(await t.em().count(User, {}), before, 'nobody was registered');
  });

  it('signs in with passwords made of the list, exactly as typed', async () => {
    // Packed to the 128-character limit (a group short of the 12-character minimum padded); every fifth
    // group, as each costs two argon2 runs: the test before already sent every string as a password.
    const passwords = packed(
      NAUGHTY_TEXT.filter((p) => p.length <= 128),
      128,
      ' ',
    )
      .map((g) => g.join(' '))
      .map((p) => (Array.from(p).length < 12 ? `${p} ${'x'.repeat(12)}` : p))
      .filter((_, i) => i % 5 === 0);
    for (const [i, password] of passwords.entries()) {
      const g = await newGuest();
      const created = await register(g, { username: `pw-${i}`, email: `pw${i}@example.test`, password });
      assert.equal(created.status, 303, `password ${i}: ${created.status} ${fieldError(created.text, 'register-password') ?? ''}`);
      const res = await submit(await guest(t), '/login', { username: `pw-${i}`, password });
      assertNoLeak(res, `login ${i}`, rootDir);
      assert.equal(res.status, 303, `password ${i} signs in`);
    }
    // Longer strings: a password if 128 characters or fewer, refused with the length rule otherwise.
    for (const [i, password] of NAUGHTY_TEXT.filter((p) => p.length > 128).entries()) {
      const res = await register(await newGuest(), { username: `long-${i}`, email: `long${i}@example.test`, password });
      assertNoLeak(res, `long password ${i}`, rootDir);
      if (Array.from(password).length <= 128) assert.equal(res.status, 303, `long password ${i}`);
      else {
        assert.equal(res.status, 422, `long password ${i}`);
        assert.equal(fieldError(res.text, 'register-password'), msg('password.length'));
        assert.equal(fieldValue(res.text, 'password'), '');
      }
    }
    const res = await submit(await guest(t), '/login', { username: 'pw-0', password: passwords[0].slice(0, -1) });
    assert.equal(res.status, 422, 'a password one character off is refused');
    assert.ok(pageText(res.text).includes(msg('auth.login.failed')));
  });
});
