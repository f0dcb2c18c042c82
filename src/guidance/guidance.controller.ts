import { Controller, Get, Render } from '@nestjs/common';
import { Public } from '../common/decorators/public.decorator';
import { VERDICTS_HELP_PATH } from '../paths';
import { GuidancePageService } from './guidance-page.service';

@Controller()
export class GuidanceController {
  constructor(private readonly pages: GuidancePageService) {}

  /** How verdicts are computed, with this board's thresholds. */
  @Public()
  @Get(VERDICTS_HELP_PATH)
  @Render('guidance/help')
  help() {
    return this.pages.help();
  }
}
