import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdvisoryPlatform } from '../advisories/advisory-platform.entity';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { checkKnownIssue } from './known-issues.service';

const platforms = [{ key: 'win2000-sp4' }, { key: 'winxp-sp1' }] as AdvisoryPlatform[];

describe('checkKnownIssue', () => {
  it('keeps the advisory’s order of platforms, whatever order the form sent', () => {
    const sut = checkKnownIssue({ title: 't', symptom: 's', note: 'n', platforms: ['winxp-sp1', 'win2000-sp4'] }, platforms, null);
    assert.deepEqual(sut.platforms, ['win2000-sp4', 'winxp-sp1']);
    assert.equal(sut.status, 'investigating');
  });

  it('refuses a platform that is not the advisory’s', () => {
    assert.throws(
      () => checkKnownIssue({ title: 't', symptom: 's', note: 'n', platforms: 'win98' }, platforms, null),
      (err: unknown) => err instanceof FormInvalidException && err.errors.platforms === 'knownIssue.platforms.invalid',
    );
  });
});

describe('checkKnownIssue and the lifecycle', () => {
  const refusedStatus = (err: unknown) => err instanceof FormInvalidException && err.errors.status === 'knownIssue.status.notAllowed';

  it('keeps an edit’s status when none is sent, and moves it forward when one is', () => {
    assert.equal(checkKnownIssue({ note: 'n' }, platforms, 'mitigated').status, 'mitigated');
    assert.equal(checkKnownIssue({ note: 'n', status: 'resolved' }, platforms, 'mitigated').status, 'resolved');
  });

  it('refuses a step back, a closed issue moved along, and a new issue pinned as dismissed', () => {
    assert.throws(() => checkKnownIssue({ note: 'n', status: 'investigating' }, platforms, 'confirmed'), refusedStatus);
    assert.throws(() => checkKnownIssue({ note: 'n', status: 'confirmed' }, platforms, 'resolved'), refusedStatus);
    assert.throws(() => checkKnownIssue({ note: 'n', status: 'dismissed' }, platforms, null), refusedStatus);
    assert.throws(() => checkKnownIssue({ note: 'n', status: 'reopen' }, platforms, 'confirmed'), refusedStatus);
  });

  it('reopens a resolved or dismissed issue as investigating', () => {
    assert.equal(checkKnownIssue({ note: 'n', status: 'reopen' }, platforms, 'resolved').status, 'investigating');
    assert.equal(checkKnownIssue({ note: 'n', status: 'reopen' }, platforms, 'dismissed').status, 'investigating');
  });
});
