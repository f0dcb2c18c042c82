import { HttpException, HttpStatus, ValidationError } from '@nestjs/common';

/** Field name → message key (translated by the view). */
export type FieldErrors = Record<string, string>;

/** A form that must come back to its author with the reasons; status 422. */
export class FormInvalidException extends HttpException {
  constructor(readonly errors: FieldErrors) {
    super({ message: 'Unprocessable Entity', errors }, HttpStatus.UNPROCESSABLE_ENTITY);
  }

  /**
   * From class-validator's errors: one message a field, that of the first of its failed rules as the DTO
   * lists them (class-validator reports them last first). A rule with `context: { field }` speaks for
   * another field of the page (a reply target's problem shows at the body, a form key's at the form).
   */
  static fromValidation(errors: ValidationError[]): FormInvalidException {
    const byField: FieldErrors = {};
    for (const e of errors) {
      // A field the form does not have (mass assignment, e.g. role=admin) refuses the form as a whole.
      if (e.constraints?.whitelistValidation) {
        byField.form = 'form.unknownField';
        continue;
      }
      const [rule, message] = Object.entries(e.constraints ?? {}).at(-1) ?? ['', 'form.invalid'];
      const field = (e.contexts?.[rule] as { field?: string } | undefined)?.field ?? e.property;
      byField[field] ??= message;
    }
    return new FormInvalidException(byField);
  }
}
