import { Controller, Get, Header, NotFoundException, Param, Query, Render } from '@nestjs/common';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { Public } from '../common/decorators/public.decorator';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { normalizeAdvisoryId } from './advisory-format';
import { Advisory } from './advisory.entity';
import { advisoryRow } from './advisory.view-model';
import { AdvisoriesService, ListingCursor } from './advisories.service';
import { activity, BulletinPageService } from './bulletin-page.service';
import { editorLinks } from './advisory-editor.view-model';
import { feedLinks } from '../feeds/feed-links';
import { boardPath } from '../paths';

const PAGE_SIZE = 50;

@Controller()
export class AdvisoriesController {
  constructor(
    private readonly advisories: AdvisoriesService,
    private readonly policy: PolicyService,
    private readonly bulletinPages: BulletinPageService,
  ) {}

  @Public()
  @Get('/')
  @Render('advisories/index')
  async index(@Query('after') after?: string) {
    const cursor = parseCursor(after);
    const { items, next, threads } = await this.advisories.listPublished(cursor, PAGE_SIZE);
    return {
      titleKey: 'index.title',
      advisories: items.map((a) => ({ ...advisoryRow(a), activity: activity(threads.get(a.id)) })),
      nextUrl: next ? boardPath(`${next.updatedOn}~${next.id}`) : null,
      isFirstPage: !cursor,
      feeds: feedLinks.board(),
    };
  }

  // Declared before :id so that "MS04-044.json" is not taken for an id.
  @Public()
  @Get('advisories/:id.json')
  @Header('Cache-Control', 'no-cache')
  async export(@Param('id') id: string, @CurrentViewer() viewer: Viewer) {
    return this.advisories.toDocument(await this.visible(id, viewer));
  }

  @Public()
  @Get('advisories/:id')
  @Render('advisories/show')
  async show(@Param('id') id: string, @CurrentViewer() viewer: Viewer) {
    const advisory = await this.visible(id, viewer);
    return { ...(await this.bulletinPages.build(advisory, viewer)), editorLinks: editorLinks(advisory, viewer, this.policy) };
  }

  /** Loads an advisory the viewer may see; drafts look like missing pages to everyone else. */
  private async visible(rawId: string, viewer: Viewer): Promise<Advisory> {
    const id = normalizeAdvisoryId(rawId);
    const advisory = id ? await this.advisories.findById(id) : null;
    if (!advisory || !this.policy.can(viewer, Action.ViewAdvisory, advisory)) throw new NotFoundException();
    return advisory;
  }
}

function parseCursor(raw: string | undefined): ListingCursor | null {
  const m = typeof raw === 'string' ? /^(\d{4}-\d{2}-\d{2})~([A-Z0-9-]{1,20})$/.exec(raw) : null;
  return m ? { updatedOn: m[1], id: m[2] } : null;
}
