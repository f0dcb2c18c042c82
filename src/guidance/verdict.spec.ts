import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogKeys } from '../common/i18n/i18n';
import {
  CounterRow,
  decideVerdict,
  OpenIssue,
  platformCounts,
  platformVerdicts,
  REASONS,
  VERDICTS,
  verdictText,
  wilsonLowerBound,
  worstVerdict,
} from './verdict';

const T = { minReports: 5, deployLowerBound: 0.7, holdFailureBound: 0.25 };
const counts = (successes: number, failures: number, hosts = 0) => ({ observations: successes + failures, successes, failures, hosts });
const issue = (id: number, platforms: string[], workaround = ''): OpenIssue => ({ id, title: `issue ${id}`, platforms, workaround });

describe('wilsonLowerBound', () => {
  it('is 0 without trials and for no successes', () => {
    assert.equal(wilsonLowerBound(0, 0), 0);
    assert.equal(wilsonLowerBound(0, 10), 0);
  });

  it('matches the published values at the edges', () => {
    // 1 of 1: 0.2065; 9 of 9: 0.7009; 10 of 10: 0.7225; 5 of 10: 0.2366 (Wilson 1927, z = 1.96).
    assert.equal(wilsonLowerBound(1, 1).toFixed(4), '0.2065');
    assert.equal(wilsonLowerBound(9, 9).toFixed(4), '0.7009');
    assert.equal(wilsonLowerBound(10, 10).toFixed(4), '0.7225');
    assert.equal(wilsonLowerBound(5, 10).toFixed(4), '0.2366');
  });

  it('grows with the evidence and stays below the observed rate', () => {
    assert.ok(wilsonLowerBound(8, 8) < wilsonLowerBound(9, 9));
    assert.ok(wilsonLowerBound(99, 100) < 0.99);
    assert.ok(wilsonLowerBound(1000, 1000) > 0.99 && wilsonLowerBound(1000, 1000) < 1);
  });

  it('clamps a count above the trials', () => {
    assert.equal(wilsonLowerBound(12, 10), wilsonLowerBound(10, 10));
  });
});

describe('decideVerdict', () => {
  it('holds a platform that an open issue without a workaround covers, whatever the reports say', () => {
    const sut = decideVerdict('ws2003', counts(40, 0, 900), [issue(3, ['ws2003'])], T);
    assert.equal(sut.verdict, 'hold');
    assert.deepEqual(sut.reason, {
      key: 'issue',
      params: { id: 3, title: 'issue 3', reports: 40, successes: 40, failures: 0, hosts: 900 },
    });
    assert.deepEqual(sut.knownIssueIds, [3]);
  });

  it('reads an issue that names no platform as about every platform', () => {
    assert.equal(decideVerdict('ws2003', counts(40, 0), [issue(4, [])], T).verdict, 'hold');
    assert.equal(decideVerdict('ws2003', counts(40, 0), [issue(5, ['winxp-sp2'])], T).verdict, 'deploy');
  });

  it('lets the issue without a workaround decide over one with a workaround', () => {
    const sut = decideVerdict('ws2003', counts(0, 0), [issue(1, ['ws2003'], 'Stop the service first.'), issue(2, [])], T);
    assert.equal(sut.verdict, 'hold');
    assert.equal(sut.reason.params.id, 2);
    assert.deepEqual(sut.knownIssueIds, [1, 2]);
  });

  it('holds when the failure rate’s lower bound is above the threshold: two failures, never one', () => {
    assert.equal(decideVerdict('ws2003', counts(0, 1), [], T).verdict, 'insufficient');
    const sut = decideVerdict('ws2003', counts(0, 2, 30), [], T);
    assert.equal(sut.verdict, 'hold');
    assert.equal(sut.reason.key, 'failures');
    assert.equal(sut.reason.params.failures, 2);
    assert.equal(sut.reason.params.hosts, 30);
    assert.equal(sut.failureLowerBound, 0.342);
  });

  it('does not hold at a failure bound exactly at the threshold', () => {
    const at = wilsonLowerBound(1, 1);
    assert.equal(decideVerdict('ws2003', counts(0, 1), [], { ...T, holdFailureBound: at }).verdict, 'insufficient');
    assert.equal(decideVerdict('ws2003', counts(0, 1), [], { ...T, holdFailureBound: at - 1e-9 }).verdict, 'hold');
  });

  it('says deploy with the workaround when an open issue with one covers the platform', () => {
    const sut = decideVerdict('ws2003', counts(1, 0), [issue(7, ['ws2003'], 'Update the backup agent first.')], T);
    assert.equal(sut.verdict, 'deploy-with-workaround');
    assert.equal(sut.reason.key, 'workaround');
    assert.equal(sut.reason.params.title, 'issue 7');
  });

  it('holds on failures before it offers a workaround', () => {
    assert.equal(decideVerdict('ws2003', counts(0, 5), [issue(7, ['ws2003'], 'Do this.')], T).verdict, 'hold');
  });

  it('says not enough reports below the minimum, however clean', () => {
    const sut = decideVerdict('ws2003', counts(4, 0), [], T);
    assert.equal(sut.verdict, 'insufficient');
    assert.deepEqual(sut.reason, { key: 'tooFew', params: { reports: 4, successes: 4, failures: 0, hosts: 0, min: 5 } });
    assert.equal(decideVerdict('ws2003', counts(0, 0), [], T).verdict, 'insufficient');
  });

  it('says deploy when the success rate’s lower bound reaches the threshold (9 clean reports at the defaults)', () => {
    assert.equal(decideVerdict('ws2003', counts(8, 0), [], T).verdict, 'insufficient');
    const sut = decideVerdict('ws2003', counts(9, 0, 120), [], T);
    assert.equal(sut.verdict, 'deploy');
    assert.deepEqual(sut.reason, { key: 'successes', params: { reports: 9, successes: 9, failures: 0, hosts: 120, bound: 70 } });
    assert.equal(sut.successLowerBound, 0.701);
    // At the bound exactly: deploy.
    assert.equal(decideVerdict('ws2003', counts(9, 0), [], { ...T, deployLowerBound: wilsonLowerBound(9, 9) }).verdict, 'deploy');
  });

  it('says the reports are mixed when they are enough but neither bound decides', () => {
    const sut = decideVerdict('ws2003', counts(9, 1), [], T);
    assert.equal(sut.verdict, 'insufficient');
    assert.equal(sut.reason.key, 'mixed');
    assert.ok(sut.failureLowerBound <= T.holdFailureBound && sut.successLowerBound < T.deployLowerBound);
  });
});

describe('platformVerdicts', () => {
  const rows: CounterRow[] = [
    { platformKey: 'ws2003', outcome: 'success', reports: 6, confirmations: 4, hosts: 500 },
    { platformKey: 'ws2003', outcome: 'problem', reports: 0, confirmations: 0, hosts: 0 },
    { platformKey: 'winxp-sp2', outcome: 'install-failed', reports: 1, confirmations: 1, hosts: 3 },
    { platformKey: 'winxp-sp2', outcome: 'rolled-back', reports: 1, confirmations: 0, hosts: 2 },
    { platformKey: 'other', outcome: 'problem', reports: 9, confirmations: 0, hosts: 9 },
  ];

  it('counts reports and confirmations of every outcome, hosts of the reports', () => {
    assert.deepEqual(platformCounts(rows, 'winxp-sp2'), { observations: 3, successes: 0, failures: 3, hosts: 5 });
  });

  it('decides each listed platform in order, none for "other"', () => {
    const platforms = [
      { key: 'win2000-sp4', label: 'Windows 2000 SP4' },
      { key: 'ws2003', label: 'Windows Server 2003' },
      { key: 'winxp-sp2', label: 'Windows XP SP2' },
    ];
    const sut = platformVerdicts(platforms, rows, [], T);
    assert.deepEqual(
      sut.map((v) => [v.platform, v.label, v.verdict, v.reports, v.hosts]),
      [
        ['win2000-sp4', 'Windows 2000 SP4', 'insufficient', 0, 0],
        ['ws2003', 'Windows Server 2003', 'deploy', 10, 500],
        ['winxp-sp2', 'Windows XP SP2', 'hold', 3, 5],
      ],
    );
  });
});

describe('worstVerdict', () => {
  it('orders hold, deploy with workaround, not enough reports, deploy', () => {
    const v = (...list: string[]) => worstVerdict(list.map((verdict) => ({ verdict: verdict as never })));
    assert.equal(v('deploy', 'hold', 'insufficient'), 'hold');
    assert.equal(v('deploy', 'insufficient', 'deploy-with-workaround'), 'deploy-with-workaround');
    assert.equal(v('deploy', 'insufficient'), 'insufficient');
    assert.equal(v('deploy'), 'deploy');
    assert.equal(v(), null);
  });
});

describe('verdictText', () => {
  it('names every verdict and words every reason in both languages', () => {
    for (const locale of ['ja', 'en'] as const) {
      const keys = catalogKeys(locale);
      for (const v of VERDICTS) assert.ok(keys.includes(`verdict.${v}`), `${locale} verdict.${v}`);
      for (const r of REASONS) assert.ok(keys.includes(`verdict.reason.${r}`), `${locale} verdict.reason.${r}`);
    }
  });

  it('fills the reason with the counts, hosts and the deciding issue', () => {
    const held = decideVerdict('ws2003', counts(3, 0, 840), [issue(3, ['ws2003'])], T);
    assert.deepEqual(verdictText('en', held), { label: 'Hold', reason: 'Open known issue “issue 3” (#3) has no workaround' });
    assert.equal(verdictText('ja', held).label, '適用保留');
    const deploy = decideVerdict('ws2003', counts(12, 0, 840), [], T);
    assert.equal(verdictText('en', deploy).reason, '12 of 12 reports succeeded on 840 hosts; success rate at least 76%');
    assert.equal(verdictText('ja', deploy).reason, '12件中12件が成功(840台)、成功率は少なくとも76%');
    assert.equal(verdictText('en', decideVerdict('ws2003', counts(1, 0), [], T)).reason, '1 report so far; 5 needed');
  });
});
