import { Body, Controller, Get, NotFoundException, Post, Query, Redirect, Render } from '@nestjs/common';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { Viewer } from '../policy/viewer';
import { NotificationsPageService } from './notifications-page.service';
import { NotificationsService } from './notifications.service';
import { rowId } from '../common/http/row-id';
import { notificationsPath } from '../paths';
import { ShowFormAgain } from '../common/forms/show-form-again';
import { ReadForm } from './dto/read.form';
import { PageLocale } from '../common/decorators/page-locale.decorator';
import { Locale } from '../common/i18n/i18n';

@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly pages: NotificationsPageService,
    private readonly notifications: NotificationsService,
  ) {}

  @Get()
  @Render('notifications/index')
  list(@CurrentViewer() viewer: Viewer, @Query('before') before: string | undefined, @PageLocale() locale: Locale) {
    return this.pages.list(viewer, before, locale);
  }

  /** Marks one notification (id) or all of them as read. */
  @Post('read')
  @Redirect('', 303)
  // Only a form without an id marks everything read: a mangled id is no such notification.
  @ShowFormAgain(() => {
    throw new NotFoundException();
  })
  async read(@CurrentViewer() viewer: Viewer, @Body() form: ReadForm) {
    await this.notifications.markRead(viewer.id!, rowId(form.id));
    return { url: notificationsPath() };
  }
}
