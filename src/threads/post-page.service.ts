import { Injectable, NotFoundException } from '@nestjs/common';
import { FieldErrors } from '../common/forms/form-invalid.exception';
import { FormPage } from '../common/forms/show-form-again';
import { newIdempotencyKey } from '../common/forms/idempotency';
import { quoteMarkdown } from '../common/html/markdown';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { Post } from './post.entity';
import { postSubject, PostsService } from './posts.service';
import { postPath, threadPath } from '../paths';

/** The pages of one post: the reply form without script, the edit form, the revisions; and the post a write may name. */
@Injectable()
export class PostPageService {
  constructor(
    private readonly posts: PostsService,
    private readonly policy: PolicyService,
  ) {}

  /** A reply form that works without script; with quote, it starts with the post quoted. */
  async reply(id: number, quote: boolean, viewer: Viewer) {
    const post = await this.visible(id, viewer);
    // A deleted post shows as a placeholder only: its text must not come back through the reply or quote form.
    if (post.state === 'deleted') throw new NotFoundException();
    const thread = post.thread.getEntity();
    this.policy.ensure(viewer, Action.CreatePost, thread);
    const author = post.author.getEntity().username;
    const approval = await this.posts.approval(viewer);
    return {
      heldFirstPosts: approval.held ? approval.firstPosts : null,
      titleKey: 'post.reply.title',
      target: { number: post.number, author, bodyHtml: post.bodyHtml, url: this.url(post) },
      action: threadPath(thread.advisory.id),
      values: {
        replyTo: String(post.id),
        quote: quote ? 'on' : undefined,
        body: quote ? quoteMarkdown(author, post.number, post.bodySource) : '',
        idempotencyKey: newIdempotencyKey(),
      },
    };
  }

  async edit(id: number, viewer: Viewer) {
    const post = await this.editable(id, viewer);
    return { titleKey: 'post.edit.title', post: this.editing(post), values: { body: post.bodySource } };
  }

  /** The edit form again with the text as typed and why, once the viewer may edit the post. */
  async editRefused(id: number, viewer: Viewer, body: string, errors: FieldErrors): Promise<FormPage> {
    const post = await this.editable(id, viewer);
    return {
      view: 'posts/edit',
      model: { titleKey: 'post.edit.title', post: this.editing(post), values: { body }, errors, hasErrors: true },
    };
  }

  async revisions(id: number, viewer: Viewer) {
    const post = await this.visible(id, viewer);
    this.policy.ensure(viewer, Action.ViewRevisions, postSubject(post, post.thread.getEntity()));
    const revisions = await this.posts.revisions(id);
    return {
      titleKey: 'post.revisions.title',
      post: { number: post.number, url: this.url(post), current: post.bodySource, editedAt: post.editedAt },
      revisions: revisions.map((r) => ({
        revision: r.revision,
        body: r.bodySource,
        replacedBy: r.editor.getEntity().username,
        replacedAt: r.createdAt,
      })),
    };
  }

  /** Where a post stands: its thread page and anchor. */
  url(post: Post): string {
    return postPath(post.thread.getEntity().advisory.id, post.number);
  }

  /** A post the viewer may see (held and hidden ones only for their author and moderators), else 404. */
  async visible(id: number, viewer: Viewer): Promise<Post> {
    const post = await this.posts.find(id);
    if (!post || !this.policy.can(viewer, Action.ViewPost, postSubject(post, post.thread.getEntity()))) throw new NotFoundException();
    return post;
  }

  async editable(id: number, viewer: Viewer): Promise<Post> {
    const post = await this.visible(id, viewer);
    this.policy.ensure(viewer, Action.EditPost, postSubject(post, post.thread.getEntity()));
    return post;
  }

  private editing(post: Post) {
    return { id: post.id, number: post.number, url: this.url(post) };
  }
}
