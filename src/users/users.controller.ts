import { Body, Controller, Get, NotFoundException, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { csrfToken } from '../auth/csrf';
import { CurrentViewer } from '../common/decorators/current-viewer.decorator';
import { Public } from '../common/decorators/public.decorator';
import { RefusedForm, ShowFormAgain, typedText } from '../common/forms/show-form-again';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { GUEST, Role, Viewer } from '../policy/viewer';
import { RoleForm } from './dto/role.form';
import { AccountState, User } from './user.entity';
import { UsersService } from './users.service';
import { RowIdParam } from '../common/decorators/row-id-param.decorator';
import { pathRowId, rowId } from '../common/http/row-id';
import { adminUsersPath } from '../paths';

const ROLES = Object.values(Role);

@Controller()
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly policy: PolicyService,
  ) {}

  @Public()
  @Get('users/:username')
  @Render('users/profile')
  async profile(@Param('username') username: string, @CurrentViewer() viewer: Viewer) {
    const user = await this.users.findByName(username);
    if (!user || !this.policy.can(viewer, Action.ViewProfile, user)) throw new NotFoundException();
    return {
      title: user.username,
      profile: {
        id: user.id,
        username: user.username,
        roleKey: `role.${user.role}`,
        joined: user.createdAt,
        postCount: user.postCount,
        stateKey: `state.${user.effectiveState()}`,
        stateUntil: user.effectiveState() === AccountState.Active ? null : user.stateUntil,
      },
      isSelf: viewer.id === user.id,
      canModerate: this.policy.can(viewer, Action.ModerateUser, user),
    };
  }

  @Get('admin/users')
  @Render('users/admin')
  async admin(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Query('after') after?: string) {
    this.policy.ensure(viewer, Action.ManageUsers);
    return this.adminPage(viewer, req, after);
  }

  @Post('admin/users/:id/role')
  @ShowFormAgain((c: UsersController, refused) => c.roleRefused(refused))
  async changeRole(@RowIdParam() id: number, @Body() form: RoleForm, @CurrentViewer() viewer: Viewer, @Res() res: Response) {
    this.policy.ensure(viewer, Action.ManageUsers);
    await this.users.changeRole(viewer, id, form.role, form.reason);
    res.redirect(303, adminUsersPath());
  }

  /** The list comes back with the reason beside the member whose change was refused. */
  async roleRefused({ req, res, errors }: RefusedForm): Promise<void> {
    const viewer = req.viewer ?? GUEST;
    this.policy.ensure(viewer, Action.ManageUsers);
    const failed = { id: pathRowId(req.params.id), errors, reason: typedText(req, 'reason') };
    res.status(422).render('users/admin', { ...(await this.adminPage(viewer, req)), failed });
  }

  private async adminPage(viewer: Viewer, req: Request, after?: string) {
    const afterId = rowId(after);
    const { items, nextAfter } = await this.users.list(afterId);
    return {
      titleKey: 'admin.users.title',
      csrfToken: csrfToken(req),
      users: items.map((u) => userRow(u, viewer, this.policy)),
      nextUrl: nextAfter ? adminUsersPath(nextAfter) : null,
    };
  }
}

function userRow(u: User, viewer: Viewer, policy: PolicyService) {
  const state = u.effectiveState();
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    roleKey: `role.${u.role}`,
    stateKey: `state.${state}`,
    stateUntil: state === AccountState.Active ? null : u.stateUntil,
    stateReason: state === AccountState.Active ? null : u.stateReason,
    joined: u.createdAt,
    postCount: u.postCount,
    canChangeRole: policy.can(viewer, Action.ChangeRole, u),
    roles: ROLES.map((r) => ({ value: r, key: `role.${r}`, selected: r === u.role })),
  };
}
