import { Body, Controller, Get, Post, Redirect, Render } from '@nestjs/common';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { RowIdParam } from '../common/decorators/row-id-param.decorator';
import { ShowFormAgain, typedText } from '../common/forms/show-form-again';
import { pathRowId } from '../common/http/row-id';
import { GUEST, Viewer } from '../policy/viewer';
import { EmergingReasonForm } from './dto/emerging.forms';
import { EmergingIssuesService } from './emerging-issues.service';
import { EmergingIssuesPageService } from './emerging-issues-page.service';
import { EMERGING_PATH, knownIssuePath } from '../paths';

/** The moderators' emerging issues: groups of alike problem reports, promoted to a known issue or dismissed. */
@Controller()
export class EmergingIssuesController {
  constructor(
    private readonly pages: EmergingIssuesPageService,
    private readonly emerging: EmergingIssuesService,
  ) {}

  @Get('mod/emerging')
  @Render('known-issues/emerging')
  page(@CurrentViewer() viewer: Viewer) {
    return this.pages.page(viewer);
  }

  @Post('mod/emerging/:id/promote')
  @Redirect('', 303)
  @ShowFormAgain((c: EmergingIssuesController, { req, errors }) =>
    c.pages.refused(req.viewer ?? GUEST, pathRowId(req.params.id), typedText(req, 'reason'), errors),
  )
  async promote(@RowIdParam() id: number, @Body() form: EmergingReasonForm, @CurrentViewer() viewer: Viewer) {
    const issue = await this.emerging.promote(viewer, id, form.reason);
    return { url: knownIssuePath(issue.advisory.id, issue.id) };
  }

  @Post('mod/emerging/:id/dismiss')
  @Redirect('', 303)
  @ShowFormAgain((c: EmergingIssuesController, { req, errors }) =>
    c.pages.refused(req.viewer ?? GUEST, pathRowId(req.params.id), typedText(req, 'reason'), errors),
  )
  async dismiss(@RowIdParam() id: number, @Body() form: EmergingReasonForm, @CurrentViewer() viewer: Viewer) {
    await this.emerging.dismiss(viewer, id, form.reason);
    return { url: EMERGING_PATH };
  }
}
