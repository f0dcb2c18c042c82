import { Body, Controller, Get, NotFoundException, Post as HttpPost, Query, Redirect, Render } from '@nestjs/common';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { Public } from '../common/decorators/public.decorator';
import { refusal, ShowFormAgain, typedFields } from '../common/forms/show-form-again';
import { ConfirmationsService } from '../field-reports/confirmations.service';
import { GUEST, Viewer } from '../policy/viewer';
import { ConfirmForm } from '../field-reports/dto/confirm.form';
import { EditPostForm } from './dto/post.forms';
import { PostsService } from './posts.service';
import { PostPageService } from './post-page.service';
import { RowIdParam } from '../common/decorators/row-id-param.decorator';
import { pathRowId } from '../common/http/row-id';
import { postPath } from '../paths';

@Controller('posts/:id')
export class PostsController {
  constructor(
    private readonly pages: PostPageService,
    private readonly posts: PostsService,
    private readonly confirmations: ConfirmationsService,
  ) {}

  /** The permalink: to the page and anchor where the post stands. */
  @Public()
  @Get()
  @Redirect('', 302)
  async permalink(@RowIdParam() id: number, @CurrentViewer() viewer: Viewer) {
    return { url: this.pages.url(await this.pages.visible(id, viewer)) };
  }

  @Get('reply')
  @Render('posts/reply')
  replyForm(@RowIdParam() id: number, @Query('quote') quote: string | undefined, @CurrentViewer() viewer: Viewer) {
    return this.pages.reply(id, !!quote, viewer);
  }

  @Get('edit')
  @Render('posts/edit')
  editForm(@RowIdParam() id: number, @CurrentViewer() viewer: Viewer) {
    return this.pages.edit(id, viewer);
  }

  @HttpPost('edit')
  @Redirect('', 303)
  @ShowFormAgain((c: PostsController, { req, errors }) =>
    c.pages.editRefused(pathRowId(req.params.id), req.viewer ?? GUEST, typedFields(req), errors),
  )
  async edit(@RowIdParam() id: number, @Body() form: EditPostForm, @CurrentViewer() viewer: Viewer) {
    await this.pages.editable(id, viewer);
    return { url: this.pages.url(await this.posts.edit(viewer, id, form)) };
  }

  @HttpPost('delete')
  @Redirect('', 303)
  async delete(@RowIdParam() id: number, @CurrentViewer() viewer: Viewer) {
    return { url: this.pages.url(await this.posts.deleteOwn(viewer, id)) };
  }

  @Get('revisions')
  @Render('posts/revisions')
  revisions(@RowIdParam() id: number, @CurrentViewer() viewer: Viewer) {
    return this.pages.revisions(id, viewer);
  }

  @HttpPost('confirm')
  @Redirect('', 303)
  // "Other" with its name left blank is what a browser sends too: say why nothing was counted.
  @ShowFormAgain((_: PostsController, { errors }) => refusal('confirm.refused', errors))
  async confirm(@RowIdParam() id: number, @Body() form: ConfirmForm, @CurrentViewer() viewer: Viewer) {
    const confirmed = await this.confirmations.confirm(viewer, id, form.platform, form.platformOther);
    return { url: postPath(confirmed.advisoryId, confirmed.number) };
  }

  @HttpPost('unconfirm')
  @Redirect('', 303)
  async unconfirm(@RowIdParam() id: number, @CurrentViewer() viewer: Viewer) {
    const post = await this.pages.visible(id, viewer);
    if (viewer.isGuest) throw new NotFoundException();
    await this.confirmations.withdraw(viewer, id);
    return { url: this.pages.url(post) };
  }
}
