import request from 'supertest';
import { csrfFrom, signInCookie } from '../factories/user.factory';
import { formBody, FormFields } from './members';

// Sessions held by hand, as a Cookie header: a test can keep, replay and share them (across instances, restarts).

/** The app's HTTP server, or the address of a server running in its own process. */
export type Http = Parameters<typeof request>[0];

/** A browser's session: its cookie ("name=value") and its CSRF token. */
export interface Session {
  cookie: string;
  csrf: string;
}

/** The CSRF token of the session behind `cookie`, from a page that shows a form. */
export async function csrfOf(http: Http, cookie: string, page = '/'): Promise<string> {
  return csrfFrom((await request(http).get(page).set('Cookie', cookie).expect(200)).text);
}

/** The session behind `cookie` with the token `page` shows it, as a browser that has just loaded the page. */
export async function sessionOf(http: Http, cookie: string, page = '/'): Promise<Session> {
  return { cookie, csrf: await csrfOf(http, cookie, page) };
}

/** A member's session, signed in through the form, with the token `page` shows. */
export async function signedInSession(http: Http, username: string, page = '/'): Promise<Session> {
  return sessionOf(http, await signInCookie(http, username), page);
}

/** The session a guest gets from the login page, with its token. */
export async function guestSession(http: Http): Promise<Session> {
  const page = await request(http).get('/login').expect(200);
  return { cookie: String(page.headers['set-cookie']).split(';')[0], csrf: csrfFrom(page.text) };
}

/** Posts a urlencoded form with the session's cookie and token. */
export function postAs(http: Http, session: Session, path: string, fields: FormFields = {}) {
  return request(http).post(path).set('Cookie', session.cookie).type('form').send(formBody(session.csrf, fields));
}

/** The signed-in name the page header shows, or null for a guest. */
export async function whoIs(http: Http, cookie: string): Promise<string | null> {
  const res = await request(http).get('/').set('Cookie', cookie).expect(200);
  return /<li><a href="\/users\/[^"]+">([^<]+)<\/a><\/li>/.exec(res.text)?.[1] ?? null;
}
