import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { joinPlatformLabels } from './advisory.view-model';

describe('joinPlatformLabels', () => {
  it('names platform groups the way the bulletin does', () => {
    assert.equal(joinPlatformLabels(['Windows XP SP1', 'Windows XP SP1a', 'Windows XP SP2']), 'Windows XP SP1/SP1a/SP2');
    assert.equal(joinPlatformLabels(['Windows 2000 SP3', 'Windows 2000 SP4']), 'Windows 2000 SP3/SP4');
    assert.equal(joinPlatformLabels(['Windows Server 2003']), 'Windows Server 2003');
  });

  it('falls back to a plain list when the labels share no leading words', () => {
    assert.equal(joinPlatformLabels(['Windows 2000 SP4', 'Windows Server 2003']), 'Windows 2000 SP4/Server 2003');
    assert.equal(joinPlatformLabels(['NT4', 'Windows XP']), 'NT4 / Windows XP');
    assert.equal(joinPlatformLabels([]), '');
  });
});
