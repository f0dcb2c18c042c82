import assert from 'node:assert/strict';
import { KnownIssue } from '../../src/known-issues/known-issue.entity';
import { Post } from '../../src/threads/post.entity';
import { REPORT } from '../factories/field-report.factory';
import { ID } from './board';
import { pageProblem } from './dom';
import { FormFields, Member, submit } from './members';
import { TestApp } from './test-app';

// Posts and known issues made over HTTP, through the forms members and moderators use.

/** The post form filled as a field report (the factories' REPORT); override any field. */
export const reportForm = (over: Record<string, string> = {}): Record<string, string> => ({ ...REPORT, ...over });

/** The post number a successful post redirects to (…/thread?page=N#pNUMBER). */
export function postedNumber(location: string | undefined): number {
  const m = /#p(\d+)$/.exec(location ?? '');
  assert.ok(m && Number(m[1]) > 0, `a redirect to the new post, got ${location}`);
  return Number(m[1]);
}

/** Posts through the thread's form and returns the new post (by the number in the redirect). */
export async function postThroughForm(t: TestApp, m: Member, fields: FormFields, advisoryId = ID): Promise<Post> {
  const res = await submit(m, `/advisories/${advisoryId}/thread`, fields);
  assert.equal(res.status, 303, `expected 303, got ${res.status}: ${pageProblem(res.text)}`);
  return t.em().findOneOrFail(Post, { thread: { advisory: advisoryId }, number: postedNumber(res.headers.location) });
}

/** A complete, valid known-issue form. */
export const issueForm = (over: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  title: 'Backup Exec 8.6 のスケジュール・バックアップが失敗する',
  symptom: 'KB885835 の適用後、スケジュール・バックアップが失敗し、イベント ID 57480 が記録される。',
  platforms: ['win2000-sp4'],
  software: 'VERITAS Backup Exec 8.6',
  workaround: 'ベリタスのサポート窓口に問い合わせる。\nBackup Exec 9.1 への更新も有効。',
  resolution: '',
  references: 'KB891531',
  status: 'investigating',
  note: '複数の購読者から同じ症状の報告。',
  ...over,
});

/** Creates a known issue through the moderators' form (a complete one unless given) and returns its row. */
export async function issueThroughForm(t: TestApp, mod: Member, fields: FormFields = issueForm(), advisoryId = ID): Promise<KnownIssue> {
  const res = await submit(mod, `/advisories/${advisoryId}/known-issues`, fields);
  assert.equal(res.status, 303, `expected 303, got ${res.status}: ${pageProblem(res.text)}`);
  const m = new RegExp(`^/advisories/${advisoryId}/known-issues#ki(\\d+)$`).exec(res.headers.location);
  assert.ok(m, `redirect to the issue's anchor: ${res.headers.location}`);
  return t.em().findOneOrFail(KnownIssue, Number(m[1]));
}
