import { Controller, Get, Param, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../common/decorators/public.decorator';
import { svgHeaders } from '../common/http/svg-headers';
import { GuestCacheable } from '../page-cache/guest-cacheable';
import { trendPath } from '../paths';
import { TrendPageService } from './trend-page.service';

/** `/advisories/:id/trend.svg`: a guest's copy is stored and answered while the thread's revision says it is current. */
@Controller('advisories/:id')
export class TrendController {
  constructor(private readonly pages: TrendPageService) {}

  @Public()
  @Get('trend.svg')
  @GuestCacheable(trendPath)
  @Render('guidance/trend-svg')
  async trend(@Param('id') rawId: string, @Res({ passthrough: true }) res: Response) {
    const picture = await this.pages.picture(rawId);
    svgHeaders(res);
    return picture;
  }
}
