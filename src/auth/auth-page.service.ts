import { Injectable } from '@nestjs/common';
import { FieldErrors } from '../common/forms/form-invalid.exception';
import { FormPage } from '../common/forms/show-form-again';
import { safeNextPath } from '../common/forms/safe-next';
import { Viewer } from '../policy/viewer';
import { UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import { confirmEmailPath, PASSWORD_FORGOT_PATH, passwordResetPath } from '../paths';

/** Passwords and the CSRF token never come back in a refused form. */
const SECRET_FIELDS = new Set(['password', 'currentPassword', 'newPassword', '_csrf']);

/** What the address-confirmation page says: the link's button, the link no longer working, done, or waiting for the mail. */
type ConfirmState = 'confirm' | 'invalid' | 'confirmed' | 'pending';

/** The sign-in, registration, password and address-confirmation pages. A guest's form page carries the session's CSRF token (csrf). */
@Injectable()
export class AuthPageService {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  /** The sign-in form; after a password reset, it says so. */
  login(csrf: string, next: string | undefined, afterReset = false) {
    return { titleKey: 'auth.login.title', csrfToken: csrf, values: { next: safeNextPath(next, '') }, afterReset };
  }

  forgot(csrf: string) {
    return { titleKey: 'auth.forgot.title', csrfToken: csrf };
  }

  /** The one answer to a reset request, registered address or not (the address as typed, to send again). */
  forgotSent(csrf: string, email: string) {
    return { ...this.forgot(csrf), sent: true, values: { email } };
  }

  forgotRefused(csrf: string, sent: Record<string, unknown>, errors: FieldErrors): FormPage {
    return { view: 'auth/forgot', model: { ...this.forgot(csrf), values: typedValues(sent), errors, hasErrors: true } };
  }

  /** The new-password form while the link works; else why not, and where to ask for a new one. */
  async reset(csrf: string, token: unknown) {
    const works = await this.auth.resetLinkWorks(token);
    return {
      titleKey: 'auth.reset.title',
      csrfToken: csrf,
      action: works ? passwordResetPath(token as string) : null,
      forgotUrl: PASSWORD_FORGOT_PATH,
    };
  }

  async resetRefused(csrf: string, token: unknown, errors: FieldErrors): Promise<FormPage> {
    return { view: 'auth/reset', model: { ...(await this.reset(csrf, token)), errors, hasErrors: !errors.token } };
  }

  /** The confirmation page: the link's button, or where the member's address stands. */
  async confirmEmail(csrf: string, viewer: Viewer, token: unknown, confirmed: boolean) {
    const holder = token === undefined ? null : await this.auth.confirmationHolder(token);
    const member = viewer.isGuest || holder ? null : await this.users.findById(viewer.id!);
    const state: ConfirmState = holder
      ? 'confirm'
      : token !== undefined
        ? 'invalid'
        : confirmed || member?.emailConfirmedAt
          ? 'confirmed'
          : member
            ? 'pending'
            : 'invalid';
    return {
      titleKey: 'confirmEmail.title',
      csrfToken: csrf,
      state: { [state]: true },
      email: (holder ?? member)?.email ?? null,
      action: holder ? confirmEmailPath(token as string) : null,
      forgotUrl: PASSWORD_FORGOT_PATH,
    };
  }

  /** A link that stopped working between the page and its button. */
  async confirmRefused(csrf: string, viewer: Viewer): Promise<FormPage> {
    return { view: 'auth/confirm-email', model: await this.confirmEmail(csrf, viewer, '', false) };
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
