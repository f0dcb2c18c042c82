import { Controller, Get, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../common/decorators/public.decorator';
import { sendCached } from '../common/http/send-cached';
import { GuestCacheable } from '../page-cache/guest-cacheable';
import { STATUS_JSON_PATH, statusPath } from '../paths';
import { StatusPageService } from './status-page.service';
import { StatusWindow } from './status-window';

/**
 * Patch status across the board: the page, and the same as JSON for scripts (its own headers, hence @Res). A guest's
 * copy of each is stored and answered while the window says it is current (the platforms the page links to only).
 */
@Controller()
export class StatusController {
  constructor(private readonly pages: StatusPageService) {}

  @Public()
  @Get('status')
  @GuestCacheable(statusPath, StatusWindow)
  @Render('guidance/status')
  page(@Query('platform') platform: unknown) {
    return this.pages.page(platform);
  }

  @Public()
  @Get('status.json')
  @GuestCacheable(() => STATUS_JSON_PATH, StatusWindow)
  async json(@Query('platform') platform: unknown, @Req() req: Request, @Res() res: Response) {
    const body = JSON.stringify(await this.pages.json(platform));
    res.setHeader('Access-Control-Allow-Origin', '*');
    sendCached(req, res, 'application/json; charset=utf-8', body);
  }
}
