import { HttpException, HttpStatus, ValidationError } from '@nestjs/common';

/** Field name → message key (translated by the view). */
export type FieldErrors = Record<string, string>;

/** A form that must come back to its author with the reasons; status 422. */
export class FormInvalidException extends HttpException {
  constructor(readonly errors: FieldErrors) {
    super({ message: 'Unprocessable Entity', errors }, HttpStatus.UNPROCESSABLE_ENTITY);
  }

  /** From class-validator's errors: the first message of each field. */
  static fromValidation(errors: ValidationError[]): FormInvalidException {
    const byField: FieldErrors = {};
    for (const e of errors) {
      // A field the form does not have (mass assignment, e.g. role=admin) refuses the form as a whole.
      if (e.constraints?.whitelistValidation) byField.form = 'form.unknownField';
      else byField[e.property] = Object.values(e.constraints ?? {})[0] ?? 'form.invalid';
    }
    return new FormInvalidException(byField);
  }
}
