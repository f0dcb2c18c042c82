import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import { loadConfig } from '../config/config';
import { DigestScheduler, nextDigestAt } from './digest.scheduler';
import { MailService } from './mail.service';

describe('nextDigestAt', () => {
  it('is later today in Japan when the hour is still ahead', () => {
    // 05:30 JST on 26 November is 20:30 UTC on the 25th; 08:00 JST that day is 23:00 UTC.
    assert.equal(nextDigestAt(new Date('2026-11-25T20:30:00Z'), 8).toISOString(), '2026-11-25T23:00:00.000Z');
  });

  it('is tomorrow once the hour has come', () => {
    assert.equal(nextDigestAt(new Date('2026-11-25T23:00:00Z'), 8).toISOString(), '2026-11-26T23:00:00.000Z');
    assert.equal(nextDigestAt(new Date('2026-11-26T10:00:00Z'), 8).toISOString(), '2026-11-26T23:00:00.000Z');
  });

  it('handles midnight and the last hour of the day', () => {
    assert.equal(nextDigestAt(new Date('2026-12-31T14:59:00Z'), 0).toISOString(), '2026-12-31T15:00:00.000Z');
    assert.equal(nextDigestAt(new Date('2026-12-31T15:00:00Z'), 23).toISOString(), '2027-01-01T14:00:00.000Z');
  });
});

describe('DigestScheduler', () => {
  afterEach(() => mock.timers.reset());

  const config = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', ...env }, '/srv/hfr');
  const flush = () => new Promise((r) => setImmediate(r));

  it('runs the digest at the hour every day and stops on shutdown', async () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: new Date('2026-11-25T20:30:00Z') });
    const runs: Date[] = [];
    const mail = { runDigest: () => (runs.push(new Date()), Promise.resolve({ mails: 0, reports: 0 })) } as unknown as MailService;
    const sut = new DigestScheduler(mail, config({ MAIL_DIGEST_HOUR: '8' }));
    sut.onApplicationBootstrap();
    mock.timers.tick(2.5 * 3600_000 - 1);
    await flush();
    assert.equal(runs.length, 0);
    mock.timers.tick(1);
    await flush();
    assert.deepEqual(
      runs.map((d) => d.toISOString()),
      ['2026-11-25T23:00:00.000Z'],
    );
    mock.timers.tick(24 * 3600_000);
    await flush();
    assert.equal(runs.length, 2);
    await sut.onModuleDestroy();
    mock.timers.tick(48 * 3600_000);
    await flush();
    assert.equal(runs.length, 2);
  });

  it('sets no timer when MAIL_DIGEST_HOUR=off (cron runs the digest)', async () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: new Date('2026-11-25T20:30:00Z') });
    let runs = 0;
    const sut = new DigestScheduler(
      { runDigest: () => (runs++, Promise.resolve({ mails: 0, reports: 0 })) } as unknown as MailService,
      config({ MAIL_DIGEST_HOUR: 'off' }),
    );
    sut.onApplicationBootstrap();
    mock.timers.tick(72 * 3600_000);
    await flush();
    assert.equal(runs, 0);
    await sut.onModuleDestroy();
  });
});
