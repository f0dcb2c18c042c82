import { Controller, Get, Header, Param, Query, Render } from '@nestjs/common';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { Public } from '../common/decorators/public.decorator';
import { GuestCacheable } from '../page-cache/guest-cacheable';
import { advisoryPath, boardPath } from '../paths';
import { Viewer } from '../policy/viewer';
import { AdvisoriesService } from './advisories.service';
import { BoardWindow } from './board-window';
import { BulletinPageService } from './bulletin-page.service';

@Controller()
export class AdvisoriesController {
  constructor(
    private readonly pages: BulletinPageService,
    private readonly advisories: AdvisoriesService,
  ) {}

  @Public()
  @Get('/')
  @GuestCacheable(boardPath, BoardWindow)
  @Render('advisories/index')
  index(@CurrentViewer() viewer: Viewer, @Query('after') after?: string) {
    return this.pages.index(after, viewer);
  }

  // Declared before :id so that "MS04-044.json" is not taken for an id.
  @Public()
  @Get('advisories/:id.json')
  @Header('Cache-Control', 'no-cache')
  async export(@Param('id') id: string, @CurrentViewer() viewer: Viewer) {
    return this.advisories.toDocument(await this.pages.visible(id, viewer));
  }

  /** A guest's copy is stored and answered while the thread's revision (moved by every write the page shows) says it is current. */
  @Public()
  @Get('advisories/:id')
  @GuestCacheable(advisoryPath)
  @Render('advisories/show')
  show(@Param('id') id: string, @CurrentViewer() viewer: Viewer) {
    return this.pages.show(id, viewer);
  }
}
