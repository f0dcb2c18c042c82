import { Controller, Get, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../common/decorators/public.decorator';
import { sendCached } from '../common/http/send-cached';
import { StatusPageService } from './status-page.service';

/** Patch status across the board: the page, and the same as JSON for scripts (its own headers, hence @Res). */
@Controller()
export class StatusController {
  constructor(private readonly pages: StatusPageService) {}

  @Public()
  @Get('status')
  @Render('guidance/status')
  page(@Query('platform') platform: unknown) {
    return this.pages.page(platform);
  }

  @Public()
  @Get('status.json')
  async json(@Query('platform') platform: unknown, @Req() req: Request, @Res() res: Response) {
    const body = JSON.stringify(await this.pages.json(platform));
    res.setHeader('Access-Control-Allow-Origin', '*');
    sendCached(req, res, 'application/json; charset=utf-8', body);
  }
}
