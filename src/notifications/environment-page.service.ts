import { Injectable } from '@nestjs/common';
import { FieldErrors } from '../common/forms/form-invalid.exception';
import { FormPage } from '../common/forms/show-form-again';
import { Action } from '../policy/actions';
import { PolicyService } from '../policy/policy.service';
import { Viewer } from '../policy/viewer';
import { allKnownIssuesPath, ENVIRONMENT_PATH, notificationsPath, WATCHES_PATH } from '../paths';
import { ENVIRONMENT_EMAIL } from './environment.entity';
import { EnvironmentService } from './environment.service';

/** The form's fields as shown: ticked keys, the software text, the mail choice. */
export interface EnvironmentValues {
  platforms: string[];
  software: string;
  email: string;
}

/** The member's environment page: the form with what they saved, or with what they typed and why it was refused. */
@Injectable()
export class EnvironmentPageService {
  constructor(
    private readonly environment: EnvironmentService,
    private readonly policy: PolicyService,
  ) {}

  async show(viewer: Viewer, saved: boolean) {
    this.policy.ensure(viewer, Action.EditOwnEnvironment);
    const { settings, entries } = await this.environment.current(viewer.id!);
    const values: EnvironmentValues = {
      platforms: entries.filter((e) => e.kind === 'platform').map((e) => e.value),
      software: entries
        .filter((e) => e.kind === 'software')
        .map((e) => e.value)
        .join('\n'),
      email: settings?.email ?? 'off',
    };
    return this.model(values, {}, saved && settings !== null);
  }

  async refused(viewer: Viewer, values: EnvironmentValues, errors: FieldErrors): Promise<FormPage> {
    this.policy.ensure(viewer, Action.EditOwnEnvironment);
    return { view: 'notifications/environment', model: await this.model(values, errors, false) };
  }

  private async model(values: EnvironmentValues, errors: FieldErrors, saved: boolean) {
    const choices = await this.environment.platformChoices();
    const chosen = new Set(values.platforms);
    return {
      titleKey: 'environment.title',
      action: ENVIRONMENT_PATH,
      saved,
      // A saved key no bulletin names any more stays ticked, so that saving again is what refuses it.
      platforms: [...choices, ...[...chosen].filter((k) => !choices.some((c) => c.key === k)).map((k) => ({ key: k, label: k }))].map(
        (p) => ({
          ...p,
          checked: chosen.has(p.key),
        }),
      ),
      software: values.software,
      emails: ENVIRONMENT_EMAIL.map((e) => ({ value: e, key: `environment.email.${e}`, checked: e === (values.email || 'off') })),
      mineUrl: allKnownIssuesPath({ mine: 1 }),
      notificationsUrl: notificationsPath(),
      watchesUrl: WATCHES_PATH,
      errors,
      hasErrors: Object.keys(errors).length > 0,
    };
  }
}
