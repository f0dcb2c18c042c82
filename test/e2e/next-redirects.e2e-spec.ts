import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { createUser, csrfFrom, TEST_PASSWORD } from '../factories/user.factory';
import { boardApp, ID, THREAD } from '../support/board';
import { HOSTILE_NEXT } from '../support/next-paths';
import { postAs, Session, signedInSession } from '../support/sessions';
import { TestApp } from '../support/test-app';

const BASE = 'http://board.example';

/** Where a browser goes with this Location: it must be this board, whatever the header says. */
/** A NUL byte is refused before any route sees it (400, no Location); every other value is answered. */
const refusedOutright = (next: string) => next.includes('\u0000');

function assertStaysHere(location: string | undefined, label: string): void {
  assert.ok(location, `${label}: a Location`);
  assert.equal(new URL(location, BASE).origin, BASE, `${label}: ${location} stays on the board`);
  assert.ok(!/^[/\\]{2}/.test(location), `${label}: ${location} is no network-path reference`);
}

describe('every redirect to a next= stays on the board, however the path is encoded', () => {
  let t: TestApp;
  let member: Session;

  before(async () => {
    t = await boardApp();
    await createUser(t.app, { username: 'nextmember' });
    member = await signedInSession(t.http, 'nextmember', THREAD);
  });
  after(() => t?.close());

  it('login: the form does not carry it, and signing in goes to /', async () => {
    for (const next of HOSTILE_NEXT) {
      if (refusedOutright(next)) {
        const refused = await request(t.http)
          .get(`/login?next=${encodeURIComponent(next)}`)
          .expect(400);
        assert.equal(refused.headers.location, undefined);
        continue;
      }
      const page = await request(t.http)
        .get(`/login?next=${encodeURIComponent(next)}`)
        .expect(200);
      const guest = String(page.headers['set-cookie']).split(';')[0];
      const carried = /name="next" value="([^"]*)"/.exec(page.text)?.[1];
      if (carried !== undefined) assertStaysHere(carried, `login form for ${JSON.stringify(next)}`);
      const res = await request(t.http)
        .post('/login')
        .set('Cookie', guest)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), username: 'nextmember', password: TEST_PASSWORD, next })
        .expect(303);
      assertStaysHere(res.headers.location, `login ${JSON.stringify(next)}`);
      assert.equal(res.headers.location, '/', JSON.stringify(next));
    }
  });

  it('watch and e-mail settings: back to the thread', async () => {
    for (const path of [`/advisories/${ID}/watch`, `/advisories/${ID}/watch/email`]) {
      for (const next of HOSTILE_NEXT) {
        const res = await postAs(t.http, member, path, { next }).expect(refusedOutright(next) ? 400 : 303);
        if (refusedOutright(next)) {
          assert.equal(res.headers.location, undefined);
          continue;
        }
        assertStaysHere(res.headers.location, `${path} ${JSON.stringify(next)}`);
        assert.equal(res.headers.location, `/advisories/${ID}/thread`, `${path} ${JSON.stringify(next)}`);
      }
    }
  });

  it('still follows a local next, normalized', async () => {
    const res = await postAs(t.http, member, `/advisories/${ID}/watch`, { next: '/notifications/./watches' }).expect(303);
    assert.equal(res.headers.location, '/notifications/watches');
  });
});
