import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../common/decorators/public.decorator';
import { sendCached } from '../common/http/send-cached';
import { renderAtom } from './atom';
import { FeedsService } from './feeds.service';

const ATOM = 'application/atom+xml; charset=utf-8';

/** The public Atom feeds: a thread, an advisory's known issues, all known issues, new advisories, verdict changes. */
@Controller()
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @Public()
  @Get('advisories/:id/thread.atom')
  async thread(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    sendCached(req, res, ATOM, renderAtom(await this.feeds.thread(id)));
  }

  @Public()
  @Get('advisories/:id/known-issues.atom')
  async advisoryKnownIssues(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    sendCached(req, res, ATOM, renderAtom(await this.feeds.advisoryKnownIssues(id)));
  }

  @Public()
  @Get('known-issues.atom')
  async knownIssues(@Req() req: Request, @Res() res: Response) {
    sendCached(req, res, ATOM, renderAtom(await this.feeds.knownIssues()));
  }

  @Public()
  @Get('status.atom')
  async status(@Req() req: Request, @Res() res: Response) {
    sendCached(req, res, ATOM, renderAtom(await this.feeds.status()));
  }

  @Public()
  @Get('latest.atom')
  async latest(@Req() req: Request, @Res() res: Response) {
    sendCached(req, res, ATOM, renderAtom(await this.feeds.latest()));
  }
}
