import request from 'supertest';
import { Role } from '../../src/policy/viewer';
import { User } from '../../src/users/user.entity';
import { csrfFrom, signedInAgent } from '../factories/user.factory';
import { formSubmission } from './forms';
import { TestApp } from './test-app';

/** A browser with a session: its cookie jar and the session's CSRF token. */
export interface Guest {
  agent: request.Agent;
  csrf: string;
}

/** A signed-in member of a role: the browser, the session's CSRF token and the user row. */
export interface Member extends Guest {
  user: User;
}

/** A new member of the role, signed in through the real login form. */
export async function member(t: TestApp, role?: Role): Promise<Member> {
  const { agent, user } = await signedInAgent(t.app, role);
  return { user, agent, csrf: csrfFrom((await agent.get('/').expect(200)).text) };
}

/** A guest with a session and its token (from `page`), so that a refusal is the guard's, not CSRF's. */
export async function guest(t: TestApp, page = '/login'): Promise<Guest> {
  const agent = request.agent(t.http);
  return { agent, csrf: csrfFrom((await agent.get(page).expect(200)).text) };
}

/** A form's fields: by name (a list repeats the field), or as name/value pairs in order. */
export type FormFields = Record<string, string | string[]> | [string, string][];

/** The urlencoded body a browser sends: the token first, then the fields in order (a `_csrf` among them replaces it). */
export function formBody(csrf: string, fields: FormFields = {}): string {
  const params = new URLSearchParams({ _csrf: csrf });
  const pairs: [string, string][] = Array.isArray(fields)
    ? fields
    : Object.entries(fields).flatMap(([k, v]) => [v].flat().map((x): [string, string] => [k, x]));
  for (const [k, v] of pairs) {
    if (k === '_csrf') params.set(k, v);
    else params.append(k, v);
  }
  return params.toString();
}

/** Posts a urlencoded form from the browser, with its own token. */
export function submit(who: Guest, path: string, fields: FormFields = {}) {
  return who.agent.post(path).type('form').send(formBody(who.csrf, fields));
}

/** A form on a page sent back as a browser would, with some fields changed (by name) and one button clicked. */
export function resubmit(
  who: Guest,
  html: string,
  action: string,
  changes: Record<string, string> = {},
  button = { name: 'do', value: 'save' },
) {
  const form = formSubmission(html, action, button);
  const fields = form.fields.map(([k, v]): [string, string] => [k, k in changes ? changes[k] : v]);
  for (const [k, v] of Object.entries(changes)) if (!fields.some(([n]) => n === k)) fields.push([k, v]);
  return who.agent.post(form.action.replace(/#.*$/, '')).type('form').send(new URLSearchParams(fields).toString());
}
