import { INestApplicationContext } from '@nestjs/common';
import { KnownIssue } from '../../src/known-issues/known-issue.entity';
import { KnownIssueInput, KnownIssuesService } from '../../src/known-issues/known-issues.service';
import { User } from '../../src/users/user.entity';
import { REFERENCE_ID } from './advisory.factory';
import { viewerOf } from './user.factory';

let sequence = 1;

/** A valid known issue: a fresh title and symptom, confirmed, with a status note; override any field. */
export function buildKnownIssue(overrides: KnownIssueInput = {}): KnownIssueInput {
  const n = sequence++;
  return { title: `既知の問題 ${n}`, symptom: `症状 ${n}`, status: 'confirmed', note: '報告あり', ...overrides };
}

/** A known issue made by `moderator` through the real service, as the moderators' form makes one. */
export function createKnownIssue(
  app: INestApplicationContext,
  moderator: User,
  overrides: KnownIssueInput = {},
  advisoryId = REFERENCE_ID,
  fromPostId: number | null = null,
): Promise<KnownIssue> {
  return app.get(KnownIssuesService).create(viewerOf(moderator), advisoryId, buildKnownIssue(overrides), fromPostId);
}
