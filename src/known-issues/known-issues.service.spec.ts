import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkKnownIssue } from './known-issues.service';

describe('checkKnownIssue', () => {
  it('keeps the software name NFKC-normalized and trimmed, even where NFKC makes an edge space', () => {
    const sut = checkKnownIssue({ title: 't', symptom: 's', note: 'n', software: ' ˙Ｂａｃｋｕｐ Ｅｘｅｃ ' }, [], true);
    assert.equal(sut.software, '\u0307Backup Exec');
  });
});
