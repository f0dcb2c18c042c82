import { Body, Controller, Get, NotFoundException, Post as HttpPost, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { csrfToken } from '../auth/csrf';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { Public } from '../common/decorators/public.decorator';
import { refusalPage, RefusedForm, ShowFormAgain, typedText } from '../common/forms/show-form-again';
import { newIdempotencyKey } from '../common/forms/idempotency';
import { quoteMarkdown } from '../common/html/markdown';
import { ConfirmationsService } from '../field-reports/confirmations.service';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { GUEST, Viewer } from '../policy/viewer';
import { ConfirmForm } from '../field-reports/dto/confirm.form';
import { EditPostForm } from './dto/post.forms';
import { Post } from './post.entity';
import { postSubject, PostsService } from './posts.service';
import { RowIdParam } from '../common/decorators/row-id-param.decorator';
import { pathRowId } from '../common/http/row-id';
import { postPath, threadPath } from '../paths';

@Controller('posts/:id')
export class PostsController {
  constructor(
    private readonly posts: PostsService,
    private readonly confirmations: ConfirmationsService,
    private readonly policy: PolicyService,
  ) {}

  /** The permalink: to the page and anchor where the post stands. */
  @Public()
  @Get()
  async permalink(@RowIdParam() id: number, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    const post = await this.visible(id, viewer);
    res.redirect(302, postPath(post.thread.getEntity().advisory.id, post.number));
  }

  /** A reply form that works without script; ?quote=1 starts it with the post quoted. */
  @Get('reply')
  async replyForm(
    @RowIdParam() id: number,
    @Query('quote') quote: string | undefined,
    @CurrentViewer() viewer: Viewer,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const post = await this.visible(id, viewer);
    // A deleted post shows as a placeholder only: its text must not come back through the reply or quote form.
    if (post.state === 'deleted') throw new NotFoundException();
    const thread = post.thread.getEntity();
    this.policy.ensure(viewer, Action.CreatePost, thread);
    res.render('posts/reply', {
      titleKey: 'post.reply.title',
      csrfToken: csrfToken(req),
      target: {
        number: post.number,
        author: post.author.getEntity().username,
        bodyHtml: post.bodyHtml,
        url: postPath(thread.advisory.id, post.number),
      },
      action: threadPath(thread.advisory.id),
      values: {
        replyTo: String(post.id),
        quote: quote ? 'on' : undefined,
        body: quote ? quoteMarkdown(post.author.getEntity().username, post.number, post.bodySource) : '',
        idempotencyKey: newIdempotencyKey(),
      },
    });
  }

  @Get('edit')
  async editForm(@RowIdParam() id: number, @CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response) {
    const post = await this.editable(id, viewer);
    res.render('posts/edit', {
      titleKey: 'post.edit.title',
      csrfToken: csrfToken(req),
      post: { id: post.id, number: post.number, url: postPath(post.thread.getEntity().advisory.id, post.number) },
      values: { body: post.bodySource },
    });
  }

  @HttpPost('edit')
  @ShowFormAgain((c: PostsController, refused) => c.editRefused(refused))
  async edit(@RowIdParam() id: number, @Body() form: EditPostForm, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    const post = await this.editable(id, viewer);
    const saved = await this.posts.edit(viewer, id, form.body);
    res.redirect(303, postPath(post.thread.getEntity().advisory.id, saved.number));
  }

  /** The edit form again with the text as typed and why (422), once the viewer may edit the post. */
  async editRefused({ req, res, errors }: RefusedForm): Promise<void> {
    const post = await this.editable(pathRowId(req.params.id), req.viewer ?? GUEST);
    res.status(422).render('posts/edit', {
      titleKey: 'post.edit.title',
      csrfToken: csrfToken(req),
      post: { id: post.id, number: post.number, url: postPath(post.thread.getEntity().advisory.id, post.number) },
      values: { body: typedText(req, 'body') },
      errors,
      hasErrors: true,
    });
  }

  @HttpPost('delete')
  async delete(@RowIdParam() id: number, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    const post = await this.posts.deleteOwn(viewer, id);
    res.redirect(303, postPath(post.thread.getEntity().advisory.id, post.number));
  }

  @Get('revisions')
  async revisions(@RowIdParam() id: number, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    const post = await this.visible(id, viewer);
    this.policy.ensure(viewer, Action.ViewRevisions, postSubject(post, post.thread.getEntity()));
    const revisions = await this.posts.revisions(id);
    res.render('posts/revisions', {
      titleKey: 'post.revisions.title',
      post: {
        number: post.number,
        url: postPath(post.thread.getEntity().advisory.id, post.number),
        current: post.bodySource,
        editedAt: post.editedAt,
      },
      revisions: revisions.map((r) => ({
        revision: r.revision,
        body: r.bodySource,
        replacedBy: r.editor.getEntity().username,
        replacedAt: r.createdAt,
      })),
    });
  }

  @HttpPost('confirm')
  // "Other" with its name left blank is what a browser sends too: say why nothing was counted.
  @ShowFormAgain((_: PostsController, { res, errors }) => refusalPage(res, 'confirm.refused', errors))
  async confirm(@RowIdParam() id: number, @Body() form: ConfirmForm, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    const confirmed = await this.confirmations.confirm(viewer, id, form.platform, form.platformOther);
    res.redirect(303, postPath(confirmed.advisoryId, confirmed.number));
  }

  @HttpPost('unconfirm')
  async unconfirm(@RowIdParam() id: number, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    const post = await this.visible(id, viewer);
    if (viewer.isGuest) throw new NotFoundException();
    await this.confirmations.withdraw(viewer, id);
    res.redirect(303, postPath(post.thread.getEntity().advisory.id, post.number));
  }

  /** A post the viewer may see (held and hidden ones only for their author and moderators). */
  private async visible(id: number, viewer: Viewer): Promise<Post> {
    const post = await this.posts.find(id);
    if (!post || !this.policy.can(viewer, Action.ViewPost, postSubject(post, post.thread.getEntity()))) throw new NotFoundException();
    return post;
  }

  private async editable(id: number, viewer: Viewer): Promise<Post> {
    const post = await this.visible(id, viewer);
    this.policy.ensure(viewer, Action.EditPost, postSubject(post, post.thread.getEntity()));
    return post;
  }
}
