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
export function createFieldReport(app: INestApplicationContext, author: User, input: PostInput = {}, advisoryId = REFERENCE_ID): Promise<CreatedPost> {
  return createPost(app, author, { ...REPORT, ...input }, advisoryId);
}

/** "Same here" on a report by `confirmer`, on their platform (or another one, named), through the real service. */
export function createConfirmation(app: INestApplicationContext, confirmer: User, report: { id: number }, platform = REPORT.platform, platformOther?: string) {
  return app.get(ConfirmationsService).confirm(viewerOf(confirmer), report.id, platform, platformOther);
}
