import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { Role } from '../../src/policy/viewer';
import { createAdvisories, referenceDocument, REFERENCE_ID } from '../factories/advisory.factory';
import { createConfirmation, createFieldReport } from '../factories/field-report.factory';
import { createKnownIssue } from '../factories/known-issue.factory';
import { createUser } from '../factories/user.factory';
import { createTestApp, TestApp } from '../support/test-app';

const chips = (html: string) => [...html.matchAll(/<span class="chip">([^<]*)<\/span>/g)].map((m) => m[1].trim());

describe('a confirmation from a platform the advisory does not list', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
    await createAdvisories(t.app, [referenceDocument()]);
    const [author, confirmer, moderator] = [
      await createUser(t.app),
      await createUser(t.app),
      await createUser(t.app, { role: Role.Moderator }),
    ];
    const report = await createFieldReport(t.app, author);
    await createConfirmation(t.app, confirmer, report, 'other', 'Windows XP Embedded');
    await createKnownIssue(t.app, moderator, {}, REFERENCE_ID, report.id);
  });
  after(() => t?.close());

  it("is labelled in the reader's language on the thread and in the known issue's evidence alike", async () => {
    for (const [lang, other] of [
      ['ja', 'その他 1'],
      ['en', 'Other 1'],
    ]) {
      const thread = await request(t.http).get(`/advisories/${REFERENCE_ID}/thread`).set('Cookie', `lang=${lang}`).expect(200);
      const issues = await request(t.http).get(`/advisories/${REFERENCE_ID}/known-issues`).set('Cookie', `lang=${lang}`).expect(200);
      assert.ok(chips(thread.text).includes(other), `${lang} thread: ${chips(thread.text).join(' | ')}`);
      assert.ok(chips(issues.text).includes(other), `${lang} evidence: ${chips(issues.text).join(' | ')}`);
      assert.ok(!chips(issues.text).some((c) => c.startsWith('other')), `${lang} evidence has no internal key`);
    }
  });
});
