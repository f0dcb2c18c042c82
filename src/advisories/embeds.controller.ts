import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../common/decorators/public.decorator';
import { sendCached } from '../common/http/send-cached';
import { SVG_TYPE, svgHeaders } from '../common/http/svg-headers';
import { GuestCacheable } from '../page-cache/guest-cacheable';
import { summaryJsonPath } from '../paths';
import { EmbedsPageService } from './embeds-page.service';

/**
 * What the bulletin site shows of the board: JSON for its scripts, a badge, and a small framable page.
 * Guests' view only (drafts are never exposed), cacheable, with an ETag answered by 304; each sets its own headers, hence @Res.
 */
@Controller('advisories/:id')
export class EmbedsController {
  constructor(private readonly pages: EmbedsPageService) {}

  @Public()
  @Get('summary.json')
  // Sent alike to everyone; stored while the thread's revision says it is current, its own ETag and headers kept.
  @GuestCacheable(summaryJsonPath)
  async summaryJson(@Param('id') rawId: string, @Req() req: Request, @Res() res: Response) {
    const body = JSON.stringify(await this.pages.summaryJson(rawId));
    res.setHeader('Access-Control-Allow-Origin', '*');
    sendCached(req, res, 'application/json; charset=utf-8', body);
  }

  @Public()
  @Get('badge.svg')
  async badge(@Param('id') rawId: string, @Req() req: Request, @Res() res: Response) {
    const svg = await this.pages.badge(rawId);
    svgHeaders(res);
    sendCached(req, res, SVG_TYPE, svg);
  }

  @Public()
  @Get('embed')
  async embed(@Param('id') rawId: string, @Res() res: Response) {
    const page = await this.pages.embed(rawId);
    // Only the configured bulletin sites may frame this page; everything else keeps frame-ancestors 'none'.
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors ${this.pages.frameAncestors()}`,
    );
    res.removeHeader('X-Frame-Options');
    res.setHeader('Cache-Control', 'public, max-age=60');
    res.render('advisories/embed', page);
  }

  /** The mail-ready text; with ?since=YYYY-MM-DD, an update bulletin listing what changed since then. */
  @Public()
  @Get('bulletin.txt')
  async bulletinTxt(@Param('id') rawId: string, @Query('since') since: string | undefined, @Res() res: Response) {
    const text = await this.pages.bulletinText(rawId, since);
    res.setHeader('Cache-Control', 'no-cache');
    res.type('text/plain; charset=utf-8').send(text);
  }
}
