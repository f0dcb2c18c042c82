import { Controller, Get, Param, Query, Render } from '@nestjs/common';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { Public } from '../common/decorators/public.decorator';
import { Viewer } from '../policy/viewer';
import { ProfilePageService } from './profile-page.service';

/** A member's profile: served here because it lists their posts, which this module reads (users/ imports no threads). */
@Controller()
export class ProfileController {
  constructor(private readonly pages: ProfilePageService) {}

  @Public()
  @Get('users/:username')
  @Render('users/profile')
  show(
    @Param('username') username: string,
    @CurrentViewer() viewer: Viewer,
    @Query('reports_before') reports?: string,
    @Query('posts_before') posts?: string,
  ) {
    return this.pages.show(username, viewer, { reports, posts });
  }
}
