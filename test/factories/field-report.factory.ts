import { INestApplicationContext } from '@nestjs/common';
import { ConfirmationsService } from '../../src/field-reports/confirmations.service';
import { CreatedPost, PostInput } from '../../src/threads/posts.service';
import { User } from '../../src/users/user.entity';
import { REFERENCE_ID } from './advisory.factory';
import { createPost } from './post.factory';
import { viewerOf } from './user.factory';

/** The field report most tests file: Windows 2000 SP4, a problem, 40 hosts, VERITAS Backup Exec 8.6. */
export const REPORT = Object.freeze({
  outcome: 'problem',
  platform: 'win2000-sp4',
  hosts: '40',
  software: 'VERITAS Backup Exec 8.6',
  body: 'バックアップジョブが失敗する。',
});

/** A field report by `author` through the real service; override any field. */
export function createFieldReport(
  app: INestApplicationContext,
  author: User,
  input: PostInput = {},
  advisoryId = REFERENCE_ID,
): Promise<CreatedPost> {
  return createPost(app, author, { ...REPORT, ...input }, advisoryId);
}

/** "Same here" on a report by `confirmer`, on their platform (or another one, named), through the real service. */
export async function createConfirmation(
  app: INestApplicationContext,
  confirmer: User,
  report: { id: number },
  platform: string = REPORT.platform,
  platformOther?: string,
) {
  const made = await app.get(ConfirmationsService).confirm(viewerOf(confirmer), report.id, platform, platformOther);
  // A second "same here" by the same member counts nothing: as set-up, that is a mistake.
  if (made.result !== 'confirmed') throw new Error(`${confirmer.username} had already confirmed post ${report.id}`);
  return made;
}
