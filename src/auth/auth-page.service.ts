import { Injectable } from '@nestjs/common';
import { FieldErrors } from '../common/forms/form-invalid.exception';
import { FormPage } from '../common/forms/show-form-again';
import { safeNextPath } from '../common/forms/safe-next';

/** Passwords and the CSRF token never come back in a refused form. */
const SECRET_FIELDS = new Set(['password', 'currentPassword', 'newPassword', '_csrf']);

/** The sign-in, registration and password pages. A guest's form page carries the session's CSRF token (csrf). */
@Injectable()
export class AuthPageService {
  login(csrf: string, next: string | undefined) {
    return { titleKey: 'auth.login.title', csrfToken: csrf, values: { next: safeNextPath(next, '') } };
  }

  register(csrf: string) {
    return { titleKey: 'auth.register.title', csrfToken: csrf };
  }

  /** The registration form again with what was typed (no password) and why. */
  registerRefused(csrf: string, sent: Record<string, unknown>, errors: FieldErrors): FormPage {
    return { view: 'auth/register', model: { ...this.register(csrf), values: typedValues(sent), errors, hasErrors: true } };
  }

  password() {
    return { titleKey: 'auth.password.title' };
  }

  /** The password page once the password is changed: how many other sessions were ended. */
  passwordChanged(ended: number) {
    return { ...this.password(), changed: true, ended };
  }

  passwordRefused(sent: Record<string, unknown>, errors: FieldErrors): FormPage {
    return { view: 'auth/password', model: { ...this.password(), values: typedValues(sent), errors, hasErrors: true } };
  }
}

/** The sign-in form again with the name typed (never the password) and why; a function, as a filter answers it. */
export function loginRefused(csrf: string, sent: Record<string, unknown>, errors: FieldErrors): FormPage {
  return {
    view: 'auth/login',
    model: { titleKey: 'auth.login.title', csrfToken: csrf, values: typedValues(sent), errors, hasErrors: true },
  };
}

/** The text fields of a refused form as sent, but for the secret ones. */
function typedValues(sent: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(sent).filter(([k, v]) => !SECRET_FIELDS.has(k) && typeof v === 'string')) as Record<
    string,
    string
  >;
}
