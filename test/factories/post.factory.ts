import { MikroORM } from '@mikro-orm/core';
import { INestApplicationContext } from '@nestjs/common';
import { CreatedPost, PostInput, PostsService } from '../../src/threads/posts.service';
import { Thread } from '../../src/threads/thread.entity';
import { User } from '../../src/users/user.entity';
import { REFERENCE_ID } from './advisory.factory';
import { viewerOf } from './user.factory';

let sequence = 1;

/** The discussion thread of a published advisory. */
export function threadOf(app: INestApplicationContext, advisoryId = REFERENCE_ID): Promise<Thread> {
  return app.get(MikroORM).em.fork().findOneOrFail(Thread, { advisory: advisoryId });
}

/** A post by `author` through the real service, as the post form makes one; override the body or any field. */
export async function createPost(
  app: INestApplicationContext,
  author: User,
  input: PostInput = {},
  advisoryId = REFERENCE_ID,
): Promise<CreatedPost> {
  const thread = await threadOf(app, advisoryId);
  return app.get(PostsService).create(viewerOf(author), thread.id, { body: `テスト投稿 ${sequence++}`, ...input });
}

/** `count` posts by `author` in one thread, oldest first; `input(i)` says what the i-th one is. */
export async function createPosts(
  app: INestApplicationContext,
  author: User,
  count: number,
  input: (i: number) => PostInput = (i) => ({ body: `投稿 ${i}` }),
  advisoryId = REFERENCE_ID,
): Promise<CreatedPost[]> {
  const thread = await threadOf(app, advisoryId);
  const posts: CreatedPost[] = [];
  for (let i = 0; i < count; i++) posts.push(await app.get(PostsService).create(viewerOf(author), thread.id, input(i)));
  return posts;
}
