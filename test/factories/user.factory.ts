import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { Role, signedIn, Viewer } from '../../src/policy/viewer';
import { User } from '../../src/users/user.entity';
import { UsersService } from '../../src/users/users.service';

let sequence = 1;
export const TEST_PASSWORD = 'correct horse battery';

/** A member with a fresh name; override role, name or password. */
export async function createUser(
  app: INestApplicationContext,
  overrides: { username?: string; email?: string; password?: string; role?: Role } = {},
): Promise<User> {
  const n = sequence++;
  return app.get(UsersService).create({
    username: overrides.username ?? `member${n}`,
    email: overrides.email ?? `member${n}@example.test`,
    password: overrides.password ?? TEST_PASSWORD,
    role: overrides.role,
  });
}

/** The viewer a service sees for this member: what the session makes of them once signed in. */
export function viewerOf(user: User): Viewer {
  return signedIn(user.id, user.username, user.role);
}

/** The CSRF token from a page's forms. */
export function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no _csrf field on the page');
  return token;
}

/** Signs an agent in through the real login form; the agent keeps the session cookie. */
export async function signIn(agent: request.Agent, username: string, password = TEST_PASSWORD): Promise<void> {
  const page = await agent.get('/login').expect(200);
  await agent
    .post('/login')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), username, password })
    .expect(303);
}

/** A signed-in agent for a new member of the given role. */
export async function signedInAgent(
  app: INestApplicationContext & { getHttpServer(): unknown },
  role?: Role,
): Promise<{ agent: request.Agent; user: User }> {
  const user = await createUser(app, { role });
  const agent = request.agent(app.getHttpServer() as never);
  await signIn(agent, user.username);
  return { agent, user };
}

/** Signs in through the form by hand and returns the session cookie ("name=value") to replay at will. */
export async function signInCookie(http: Parameters<typeof request>[0], username: string, password = TEST_PASSWORD): Promise<string> {
  const page = await request(http).get('/login').expect(200);
  const guest = String(page.headers['set-cookie']).split(';')[0];
  const res = await request(http)
    .post('/login')
    .set('Cookie', guest)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), username, password })
    .expect(303);
  return String(res.headers['set-cookie']).split(';')[0];
}
