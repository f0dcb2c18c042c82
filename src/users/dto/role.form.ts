import { IsEnum, IsString, Length } from 'class-validator';
import { LIMITS } from '../../common/limits';
import { Role } from '../../policy/viewer';

export class RoleForm {
  @IsEnum(Role, { message: 'form.invalid' })
  role: Role;

  @IsString({ message: 'form.reasonRequired' })
  @Length(1, LIMITS.reason, { message: 'form.reasonRequired' })
  reason: string;
}
