import { IsIn, IsOptional, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { LIMITS } from '../../common/limits';

// One DTO per form (STYLE rule 9); messages are catalog keys, translated by the view.

export class LoginForm {
  @IsString({ message: 'form.required' })
  @Length(1, LIMITS.usernameInput, { message: 'form.required' })
  username: string;

  @IsString({ message: 'form.required' })
  @Length(1, LIMITS.passwordInput, { message: 'form.required' })
  password: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  next?: string;
}

export class RegisterForm {
  // A name past the limit is told the length rule, not that the field is empty.
  @IsString({ message: 'form.required' })
  @MinLength(1, { message: 'form.required' })
  @MaxLength(LIMITS.usernameInput, { message: 'username.length' })
  username: string;

  // The address rule itself is the service's, so that every field's reason comes back at once.
  @IsString({ message: 'email.invalid' })
  @MaxLength(LIMITS.email, { message: 'email.invalid' })
  email: string;

  // Length is the service's rule (passwordProblem); this only keeps huge input from being hashed.
  @IsString({ message: 'form.required' })
  @Length(1, LIMITS.passwordInput, { message: 'password.length' })
  password: string;
}

export class PasswordForm {
  @IsString({ message: 'form.required' })
  @Length(1, LIMITS.passwordInput, { message: 'form.required' })
  currentPassword: string;

  @IsString({ message: 'form.required' })
  @Length(1, LIMITS.passwordInput, { message: 'password.length' })
  newPassword: string;

  @IsOptional()
  @IsIn(['on'])
  endOtherSessions?: string;
}

export class ForgotPasswordForm {
  // The address rule itself is the service's (the same as registration's).
  @IsString({ message: 'email.invalid' })
  @MaxLength(LIMITS.email, { message: 'email.invalid' })
  email: string;
}

export class ResetPasswordForm {
  @IsString({ message: 'form.required' })
  @Length(1, LIMITS.passwordInput, { message: 'password.length' })
  password: string;
}
