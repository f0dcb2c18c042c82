import { Injectable, NotFoundException } from '@nestjs/common';
import { FieldErrors } from '../common/forms/form-invalid.exception';
import { FormPage } from '../common/forms/show-form-again';
import { pathRowId, rowId } from '../common/http/row-id';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Role, Viewer } from '../policy/viewer';
import { AccountState, User } from './user.entity';
import { UsersService } from './users.service';
import { adminUsersPath } from '../paths';

const ROLES = Object.values(Role);

/** A member's profile facts and the admins' list of members. */
@Injectable()
export class UsersPageService {
  constructor(
    private readonly users: UsersService,
    private readonly policy: PolicyService,
  ) {}

  /** A member's facts (404 for a name no one has); the threads module's profile page adds their posts. */
  async profile(username: string, viewer: Viewer) {
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

  /** Who may open the list and change roles: 403 for anyone else. */
  managing(viewer: Viewer): void {
    this.policy.ensure(viewer, Action.ManageUsers);
  }

  async admin(viewer: Viewer, after?: string) {
    this.managing(viewer);
    return this.list(viewer, after);
  }

  /** The list comes back with the reason beside the member whose change was refused. */
  async roleRefused(viewer: Viewer, rawId: string, reason: string, errors: FieldErrors): Promise<FormPage> {
    this.managing(viewer);
    const failed = { id: pathRowId(rawId), errors, reason };
    return { view: 'users/admin', model: { ...(await this.list(viewer)), failed } };
  }

  private async list(viewer: Viewer, after?: string) {
    const { items, nextAfter } = await this.users.list(rowId(after));
    return {
      titleKey: 'admin.users.title',
      users: items.map((u) => this.userRow(u, viewer)),
      nextUrl: nextAfter ? adminUsersPath(nextAfter) : null,
    };
  }

  private userRow(u: User, viewer: Viewer) {
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
      canChangeRole: this.policy.can(viewer, Action.ChangeRole, u),
      roles: ROLES.map((r) => ({ value: r, key: `role.${r}`, selected: r === u.role })),
    };
  }
}
