import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config';

const root = '/srv/hfr';
const load = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', ...env }, root);

describe('loadConfig', () => {
  it('defaults to SQLite under data/ on port 3000', () => {
    const sut = load({});
    assert.deepEqual(sut.database, { engine: 'sqlite', path: '/srv/hfr/data/hfr-bbs.sqlite' });
    assert.equal(sut.port, 3000);
    assert.ok(Object.isFrozen(sut));
  });

  it('selects PostgreSQL from DATABASE_URL', () => {
    assert.deepEqual(load({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/board' }).database, {
      engine: 'postgresql',
      url: 'postgres://u@127.0.0.1:5432/board',
    });
  });

  it('stops on a bad value with a one-line reason', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ PORT: 'abc' }, /^PORT must be an integer from 0 to 65535 \(got "abc"\)$/],
      [{ PORT: '70000' }, /^PORT must be/],
      [{ DATABASE_URL: 'mysql://x/y' }, /^DATABASE_URL must start with postgres:\/\//],
      [{ DATABASE_URL: 'postgres://host' }, /must name a database/],
      [{ NODE_ENV: 'staging' }, /^NODE_ENV must be one of development, production, test/],
      [{ SESSION_SECRET: 'short' }, /^SESSION_SECRET must be at least 32 characters$/],
      [{ PUBLIC_BASE_URL: 'ftp://x' }, /^PUBLIC_BASE_URL must be an http/],
      [{ DEMO_DATA: 'perhaps' }, /^DEMO_DATA must be true or false/],
      [{ REDIS_URL: 'http://cache:6379' }, /^REDIS_URL must start with redis:\/\/ or rediss:\/\/ \(got http:\/\/\)$/],
      [{ REDIS_URL: 'not a url' }, /^REDIS_URL is not a URL/],
      [{ REDIS_URL: 'redis://cache', REDIS_PREFIX: 'has space' }, /^REDIS_PREFIX must be/],
      [{ SHUTDOWN_GRACE_SECONDS: '0' }, /^SHUTDOWN_GRACE_SECONDS must be an integer from 1 to 300/],
      [{ VERDICT_DEPLOY_LOWER_BOUND: '1.5' }, /^VERDICT_DEPLOY_LOWER_BOUND must be a number from 0 to 1 \(got "1.5"\)$/],
      [{ VERDICT_HOLD_FAILURE_BOUND: '-0.1' }, /^VERDICT_HOLD_FAILURE_BOUND must be a number from 0 to 1/],
      [{ VERDICT_MIN_REPORTS: '0' }, /^VERDICT_MIN_REPORTS must be an integer from 1 to 10000/],
    ];
    for (const [env, message] of cases) {
      assert.throws(
        () => load(env),
        (err: Error) => err instanceof ConfigError && message.test(err.message) && !err.message.includes('\n'),
      );
    }
  });

  it('reads the verdict thresholds, with defaults', () => {
    assert.deepEqual(load({}).verdicts, { minReports: 5, deployLowerBound: 0.7, holdFailureBound: 0.25 });
    assert.deepEqual(load({ VERDICT_MIN_REPORTS: '3', VERDICT_DEPLOY_LOWER_BOUND: '0.85', VERDICT_HOLD_FAILURE_BOUND: '.1' }).verdicts, {
      minReports: 3,
      deployLowerBound: 0.85,
      holdFailureBound: 0.1,
    });
  });

  it('requires a session secret in production and turns demo data off there', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }, root), /SESSION_SECRET is required when NODE_ENV=production/);
    const sut = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }, root);
    assert.equal(sut.demoData, false);
  });

  it('keeps mail in the outbox without SMTP_URL and derives the sender from PUBLIC_BASE_URL', () => {
    const sut = load({ PUBLIC_BASE_URL: 'https://bbs.example.jp' }).mail;
    assert.deepEqual(sut, {
      smtpUrl: null,
      from: 'HFR BBS会議室 <no-reply@bbs.example.jp>',
      sendIntervalSeconds: 15,
      maxAttempts: 8,
      retrySeconds: 60,
      digestHour: 8,
    });
    const set = load({
      SMTP_URL: 'smtps://u:p@mail.example.jp:465',
      MAIL_FROM: 'alerts@example.jp',
      MAIL_DIGEST_HOUR: 'off',
      MAIL_SEND_INTERVAL_SECONDS: '0',
    }).mail;
    assert.deepEqual(
      [set.smtpUrl, set.from, set.digestHour, set.sendIntervalSeconds],
      ['smtps://u:p@mail.example.jp:465', 'alerts@example.jp', null, 0],
    );
  });

  it('refuses a bad mail setting with a one-line reason', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ SMTP_URL: 'http://mail.example.jp' }, /^SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/],
      [{ SMTP_URL: 'not a url' }, /^SMTP_URL must be/],
      [{ MAIL_FROM: 'nobody' }, /^MAIL_FROM must be an address/],
      [{ MAIL_FROM: 'a@b.jp\nBcc: x@y.jp' }, /^MAIL_FROM must be an address/],
      [{ MAIL_DIGEST_HOUR: '24' }, /^MAIL_DIGEST_HOUR must be an hour from 0 to 23 \(Japan time\) or off/],
      [{ MAIL_MAX_ATTEMPTS: '0' }, /^MAIL_MAX_ATTEMPTS must be an integer from 1 to 100/],
      [{ MAIL_SEND_INTERVAL_SECONDS: 'soon' }, /^MAIL_SEND_INTERVAL_SECONDS must be an integer/],
    ];
    for (const [env, message] of cases) {
      assert.throws(
        () => load(env),
        (err: Error) => err instanceof ConfigError && message.test(err.message) && !err.message.includes('\n'),
      );
    }
  });

  it('keeps sessions and limits local without REDIS_URL, and shares them through Redis with it', () => {
    assert.equal(load({}).redis, null);
    assert.deepEqual(load({ REDIS_URL: 'redis://cache:6379/2' }).redis, { url: 'redis://cache:6379/2', prefix: 'hfr:' });
    assert.deepEqual(load({ REDIS_URL: 'rediss://:pw@cache:6380', REDIS_PREFIX: 'board-a:' }).redis, {
      url: 'rediss://:pw@cache:6380',
      prefix: 'board-a:',
    });
    assert.equal(load({}).shutdownGraceSeconds, 10);
  });
});
