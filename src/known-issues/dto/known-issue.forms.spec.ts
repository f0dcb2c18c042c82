import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FormInvalidException } from '../../common/forms/form-invalid.exception';
import { validateForm } from '../../common/forms/validate-form';
import { readReferences } from '../known-issue-references';
import { KnownIssueForm } from './known-issue.forms';

const refusal = (fields: Record<string, string>) => (err: unknown) =>
  err instanceof FormInvalidException && Object.entries(fields).every(([k, v]) => err.errors[k] === v);

describe('KnownIssueForm', () => {
  it('keeps the software name NFKC-normalized and trimmed, even where NFKC makes an edge space', async () => {
    const sut = await validateForm(KnownIssueForm, { title: ' t ', symptom: 's\r\nt', note: 'n', software: ' ˙Ｂａｃｋｕｐ Ｅｘｅｃ ' });
    assert.equal(sut.software, '\u0307Backup Exec');
    assert.equal(sut.title, 't');
    assert.equal(sut.symptom, 's\nt');
    assert.deepEqual(sut.platforms, []);
  });

  it('refuses each field with its own reason, all at once', async () => {
    await assert.rejects(
      validateForm(KnownIssueForm, { title: ' ', symptom: 'x'.repeat(5001), note: '', status: 'closed', references: 'not a reference' }),
      refusal({
        title: 'knownIssue.title.invalid',
        symptom: 'knownIssue.symptom.invalid',
        note: 'knownIssue.note.required',
        status: 'knownIssue.status.invalid',
        references: 'knownIssue.references.invalid',
      }),
    );
  });

  it('refuses values of the wrong type (repeated fields) with the field’s reason, not an error', async () => {
    await assert.rejects(
      validateForm(KnownIssueForm, { title: ['a', 'b'], symptom: 's', note: 'n' }),
      refusal({ title: 'knownIssue.title.invalid' }),
    );
    await assert.rejects(
      validateForm(KnownIssueForm, { title: 't', symptom: 's', note: 'n', idempotencyKey: ['x'] }),
      refusal({ form: 'form.idempotency.invalid' }),
    );
  });
});

describe('readReferences', () => {
  it('reads KB numbers and http(s) addresses, one a line, each once', () => {
    assert.deepEqual(readReferences('KB841356\n\n 841356 \nhttps://example.test/a'), ['841356', 'https://example.test/a']);
    assert.equal(readReferences('ftp://example.test/'), null);
    assert.equal(readReferences(Array.from({ length: 21 }, (_, i) => `KB${100000 + i}`).join('\n')), null);
  });
});
