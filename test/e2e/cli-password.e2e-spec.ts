import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { runCli } from '../../src/cli';
import { User } from '../../src/users/user.entity';
import { signIn } from '../factories/user.factory';
import { runCliProcess } from '../support/server-process';
import { createTestApp, TestApp } from '../support/test-app';

const PIPED = 'a password piped on stdin';

describe('users:create without --password', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(() => t?.close());

  it('reads the first line of piped input, and never prints it', async () => {
    const created = await runCliProcess(
      ['users:create', '--username', 'pipedadmin', '--email', 'piped@example.test', '--role', 'admin'],
      t.db.env,
      `${PIPED}\nnot this line\n`,
    );
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /Created admin "pipedadmin"/);
    assert.ok(!created.stdout.includes(PIPED) && !created.stderr.includes(PIPED), 'the password is not echoed');
    const agent = request.agent(t.http);
    await signIn(agent, 'pipedadmin', PIPED);
    await agent.get('/admin/users').expect(200);
  });

  it('refuses empty input and creates no one', async () => {
    const refused = await runCliProcess(
      ['users:create', '--username', 'nopassword', '--email', 'none@example.test', '--role', 'subscriber'],
      t.db.env,
      '',
    );
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /No --password/);
    assert.equal(await t.em().count(User, { username: 'nopassword' }), 0);
  });

  it('applies the password rules to what was typed, and stops when the prompt fails (two entries differ)', async () => {
    const errors: string[] = [];
    const out = { log: () => undefined, error: (s: string) => errors.push(s) };
    const short = () => Promise.resolve('short');
    assert.equal(
      await runCli(['users:create', '--username', 'shortpass', '--email', 's@example.test', '--role', 'subscriber'], out, t.config, short),
      1,
    );
    assert.deepEqual(errors, ['--password: Passwords are 12 to 128 characters.']);
    errors.length = 0;
    const differ = () => Promise.reject(new Error('The two passwords differ; nothing was created.'));
    assert.equal(
      await runCli(['users:create', '--username', 'typoadmin', '--email', 't@example.test', '--role', 'admin'], out, t.config, differ),
      2,
    );
    assert.deepEqual(errors, ['The two passwords differ; nothing was created.']);
    assert.equal(await t.em().count(User, { username: { $in: ['shortpass', 'typoadmin'] } }), 0);
  });
});
