import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bestGroup, groupable, platformKey, shown, softwareKey } from './emerging-rules';
import { ALIKE_THRESHOLD, symptomTerms } from './emerging-similarity';

const terms = symptomTerms;

describe('groupable', () => {
  const report = { state: 'visible', outcome: 'problem' as const, isEvidence: false };

  it('takes visible problem, install-failed and rolled-back reports not yet evidence', () => {
    assert.ok(groupable(report));
    assert.ok(groupable({ ...report, outcome: 'install-failed' }));
    assert.ok(groupable({ ...report, outcome: 'rolled-back' }));
  });

  it('leaves out successes, evidence of a known issue, and hidden, held or deleted reports', () => {
    assert.equal(groupable({ ...report, outcome: 'success' }), false);
    assert.equal(groupable({ ...report, isEvidence: true }), false);
    for (const state of ['hidden', 'held', 'deleted', 'rejected']) assert.equal(groupable({ ...report, state }), false, state);
  });
});

describe('platformKey and softwareKey', () => {
  it('compare an advisory platform by its key, another by the name given, software by its normalized name', () => {
    assert.equal(platformKey('win2000-sp4', null), 'win2000-sp4');
    assert.equal(platformKey('other', 'Windows  2000 ＳＰ２'), 'other:windows 2000 sp2');
    assert.equal(platformKey(null, null), 'other:');
    assert.equal(softwareKey(' VERITAS  Backup Exec ８.６ '), 'veritas backup exec 8.6');
    assert.equal(softwareKey(''), '');
  });
});

describe('bestGroup', () => {
  const backup = 'Backup Exec 8.6 のスケジュール・バックアップが失敗する。イベント ID 57480。';
  const boot = 'NT 4.0 サーバが再起動後に起動しない。ntoskrnl.exe が見つからない。';

  it('starts a group of its own when no candidate is alike', () => {
    assert.equal(bestGroup(terms(backup), []), null);
    assert.equal(bestGroup(terms(backup), [{ groupId: 1, terms: terms(boot) }]), null);
  });

  it('joins the group of the most alike report', () => {
    const candidates = [
      { groupId: 1, terms: terms(boot) },
      { groupId: 2, terms: terms('Backup Exec のバックアップが失敗する。') },
      { groupId: 3, terms: terms('Backup Exec 8.6 のスケジュール・バックアップが毎晩失敗する。イベント ID 57480 が出る。') },
    ];
    assert.equal(bestGroup(terms(backup), candidates), 3);
  });

  it('prefers the older group on a tie, and honours the threshold given', () => {
    const same = terms(backup);
    assert.equal(
      bestGroup(same, [
        { groupId: 9, terms: same },
        { groupId: 4, terms: same },
      ]),
      4,
    );
    assert.equal(bestGroup(same, [{ groupId: 4, terms: terms('Backup Exec 8.6 のバックアップ') }], 1), null);
    assert.ok(ALIKE_THRESHOLD > 0 && ALIKE_THRESHOLD < 1);
  });
});

describe('shown', () => {
  it('shows an open group of at least 3 reports from at least 2 members', () => {
    assert.ok(shown({ state: 'open', reports: 3, members: 2 }));
    assert.equal(shown({ state: 'open', reports: 2, members: 2 }), false);
    assert.equal(shown({ state: 'open', reports: 5, members: 1 }), false, 'one member alone');
    assert.equal(shown({ state: 'dismissed', reports: 9, members: 5 }), false);
    assert.equal(shown({ state: 'promoted', reports: 9, members: 5 }), false);
  });
});
