import { Body, Controller, Get, Post, Query, Redirect, Render } from '@nestjs/common';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { sentFields, ShowFormAgain, typedText } from '../common/forms/show-form-again';
import { GUEST, Viewer } from '../policy/viewer';
import { ENVIRONMENT_PATH } from '../paths';
import { EnvironmentForm } from './dto/environment.form';
import { EnvironmentPageService } from './environment-page.service';
import { EnvironmentService } from './environment.service';

@Controller()
export class EnvironmentController {
  constructor(
    private readonly pages: EnvironmentPageService,
    private readonly environment: EnvironmentService,
  ) {}

  @Get(ENVIRONMENT_PATH)
  @Render('notifications/environment')
  show(@CurrentViewer() viewer: Viewer, @Query('saved') saved: unknown) {
    return this.pages.show(viewer, saved === '1');
  }

  @Post(ENVIRONMENT_PATH)
  @Redirect('', 303)
  @ShowFormAgain((c: EnvironmentController, { req, errors }) => {
    const platforms = sentFields(req).platforms;
    return c.pages.refused(
      req.viewer ?? GUEST,
      {
        platforms: (Array.isArray(platforms) ? platforms : [platforms]).filter((p): p is string => typeof p === 'string'),
        software: typedText(req, 'software'),
        email: typedText(req, 'email'),
      },
      errors,
    );
  })
  async save(@Body() form: EnvironmentForm, @CurrentViewer() viewer: Viewer) {
    await this.environment.save(viewer, form);
    return { url: `${ENVIRONMENT_PATH}?saved=1` };
  }
}
