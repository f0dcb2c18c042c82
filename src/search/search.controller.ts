import { Controller, Get, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../common/decorators/public.decorator';
import { SearchPageService } from './search-page.service';

/** GET /search: full-text search over bulletins, known issues, posts and field reports; never a 500 for what was typed. */
@Controller()
export class SearchController {
  constructor(private readonly pages: SearchPageService) {}

  @Public()
  @Get('search')
  @Render('search/index')
  async page(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    // A form that cannot be searched is answered with 400, which @Render alone cannot say.
    const { status, model } = await this.pages.page(query);
    res.status(status);
    return model;
  }
}
