import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdvisoryPlatform } from '../advisories/advisory-platform.entity';
import { FormInvalidException } from '../common/forms/form-invalid.exception';
import { checkKnownIssue } from './known-issues.service';

const platforms = [{ key: 'win2000-sp4' }, { key: 'winxp-sp1' }] as AdvisoryPlatform[];

describe('checkKnownIssue', () => {
  it('keeps the advisory’s order of platforms, whatever order the form sent', () => {
    const sut = checkKnownIssue({ title: 't', symptom: 's', note: 'n', platforms: ['winxp-sp1', 'win2000-sp4'] }, platforms);
    assert.deepEqual(sut.platforms, ['win2000-sp4', 'winxp-sp1']);
    assert.equal(sut.status, 'investigating');
  });

  it('refuses a platform that is not the advisory’s', () => {
    assert.throws(
      () => checkKnownIssue({ title: 't', symptom: 's', note: 'n', platforms: 'win98' }, platforms),
      (err: unknown) => err instanceof FormInvalidException && err.errors.platforms === 'knownIssue.platforms.invalid',
    );
  });
});
