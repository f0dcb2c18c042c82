import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Advisory, AdvisoryStatus } from '../advisories/advisory.entity';
import { Thread } from '../threads/thread.entity';
import { Action } from './actions';
import { PolicyService } from './policy.service';
import { GUEST, Role, signedIn, Viewer } from './viewer';

const sut = new PolicyService();
const advisory = (status: AdvisoryStatus) => {
  const a = new Advisory('MS04-044', 't', '2004-12-16', '2004-12-16', 2, 'early');
  a.status = status;
  return a;
};
const viewers: Record<string, Viewer> = {
  guest: GUEST,
  subscriber: signedIn(1, 'sub', Role.Subscriber),
  moderator: signedIn(2, 'mod', Role.Moderator),
  editor: signedIn(3, 'ed', Role.Editor),
  admin: signedIn(4, 'adm', Role.Admin),
};

// role × action × state: every action has a row (STYLE rule 5).
const table: { action: Action; subject: () => unknown; allowed: string[] }[] = [
  { action: Action.ViewAdvisory, subject: () => advisory(AdvisoryStatus.Published), allowed: ['guest', 'subscriber', 'moderator', 'editor', 'admin'] },
  { action: Action.ViewAdvisory, subject: () => advisory(AdvisoryStatus.Draft), allowed: ['editor', 'admin'] },
  { action: Action.ViewDraftAdvisories, subject: () => undefined, allowed: ['editor', 'admin'] },
  { action: Action.ViewThread, subject: () => new Thread(advisory(AdvisoryStatus.Published)), allowed: ['guest', 'subscriber', 'moderator', 'editor', 'admin'] },
  { action: Action.ViewThread, subject: () => new Thread(advisory(AdvisoryStatus.Draft)), allowed: ['editor', 'admin'] },
];

describe('PolicyService', () => {
  for (const row of table) {
    for (const [name, viewer] of Object.entries(viewers)) {
      const expected = row.allowed.includes(name);
      it(`${name} ${expected ? 'may' : 'may not'} ${row.action} (${String((row.subject() as { status?: string; advisory?: { status: string } })?.status ?? (row.subject() as { advisory?: { status: string } })?.advisory?.status ?? '-')})`, () => {
        assert.equal(sut.can(viewer, row.action, row.subject()), expected);
      });
    }
  }

  it('covers every action in the table', () => {
    const covered = new Set(table.map((r) => r.action));
    assert.deepEqual(Object.values(Action).filter((a) => !covered.has(a)), []);
  });

  it('denies an action that has no rule', () => {
    assert.equal(sut.can(viewers.admin, 'nothing.defined' as Action), false);
    assert.throws(() => sut.ensure(viewers.admin, 'nothing.defined' as Action), /Forbidden/);
  });
});
