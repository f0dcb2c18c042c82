import { Body, Controller, Get, Post, Query, Redirect, Render } from '@nestjs/common';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { ShowFormAgain, typedText } from '../common/forms/show-form-again';
import { GUEST, Viewer } from '../policy/viewer';
import { RoleForm } from './dto/role.form';
import { UsersPageService } from './users-page.service';
import { UsersService } from './users.service';
import { RowIdParam } from '../common/decorators/row-id-param.decorator';
import { adminUsersPath } from '../paths';

@Controller()
export class UsersController {
  constructor(
    private readonly pages: UsersPageService,
    private readonly users: UsersService,
  ) {}

  @Get('admin/users')
  @Render('users/admin')
  admin(@CurrentViewer() viewer: Viewer, @Query('after') after?: string) {
    return this.pages.admin(viewer, after);
  }

  @Post('admin/users/:id/role')
  @Redirect('', 303)
  @ShowFormAgain((c: UsersController, { req, errors }) =>
    c.pages.roleRefused(req.viewer ?? GUEST, String(req.params.id), typedText(req, 'reason'), errors),
  )
  async changeRole(@RowIdParam() id: number, @Body() form: RoleForm, @CurrentViewer() viewer: Viewer) {
    this.pages.managing(viewer);
    await this.users.changeRole(viewer, id, form.role, form.reason);
    return { url: adminUsersPath() };
  }
}
