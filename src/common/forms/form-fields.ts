import { Transform } from 'class-transformer';
import { IsString, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { rowId } from '../http/row-id';

// What the forms' DTOs share: how a typed text is normalized before it is checked, and the checks
// class-validator has no word for. A transform leaves anything that is not a string as it is, so that
// the type check refuses it (422) instead of the transform failing (500).

const lines = (value: string) => value.replace(/\r\n?/g, '\n');

/** Line breaks as "\n", as every browser should send them. */
export const Lines = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? lines(value) : value));

/** Line breaks as "\n", then trimmed. */
export const Trimmed = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? lines(value).trim() : value));

/** Trimmed, NFKC-normalized, and trimmed again: NFKC can turn a leading mark into a space (˙ → " ̇"). */
export const NfkcTrimmed = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? lines(value).trim().normalize('NFKC').trim() : value));

/** One string or several (a repeated field, e.g. checkboxes) as a list; an absent field as an empty one. */
export const List = () =>
  Transform(({ value }: { value: unknown }) => (value === undefined || value === '' ? [] : typeof value === 'string' ? [value] : value));

/** An absent or empty field. */
export const blank = (value: unknown): boolean => value === undefined || value === '';

/**
 * A moderator's or editor's reason, trimmed: required, at most `max`. The rules stand in the order they
 * are told (class-validator runs a property's rules last declared first; FormInvalidException tells the
 * first declared that failed).
 */
export const Reason =
  (max: number, message = 'form.reasonRequired', tooLong = message) =>
  (object: object, propertyName: string): void => {
    for (const decorate of [MaxChars(max, { message: tooLong }), NotBlank({ message }), IsString({ message }), Trimmed()])
      decorate(object, propertyName);
  };

/** A rule's options; `when` limits it to forms whose other fields say so (e.g. a note only "other" needs). */
export type RuleOptions<F = never> = ValidationOptions & { when?: (form: F) => boolean };

/** A rule of one form, named for its errors: `test` passes a good value. */
export function rule<F>(name: string, test: (value: unknown) => boolean, options: RuleOptions<F> = {}) {
  const { when, ...validationOptions } = options;
  const validate = (value: unknown, args: ValidationArguments) => (when && !when(args.object as F) ? true : test(value));
  return (object: object, propertyName: string) =>
    registerDecorator({ name, target: object.constructor, propertyName, options: validationOptions, validator: { validate } });
}

/** A text with something besides white space in it. */
export const NotBlank = <F>(options?: RuleOptions<F>) => rule('notBlank', (v) => typeof v === 'string' && v.trim() !== '', options);

/** At most `max` UTF-16 units, as String#length counts (and a browser's maxlength). */
export const MaxChars = <F>(max: number, options?: RuleOptions<F>) =>
  rule('maxChars', (v) => typeof v === 'string' && v.length <= max, options);

/** At most `max` characters, counted as code points (an emoji is one), as the post body always was. */
export const MaxCodePoints = <F>(max: number, options?: RuleOptions<F>) =>
  rule('maxCodePoints', (v) => typeof v === 'string' && [...v].length <= max, options);

/** A row id as a form sends it: decimal digits naming a row that can exist (see rowId). */
export const IsRowId = <F>(options?: RuleOptions<F>) => rule('isRowId', (v) => rowId(v) !== null, options);

/** One of `values` (IsIn, limited by `when`). */
export const OneOf = <F>(values: readonly string[], options?: RuleOptions<F>) =>
  rule('oneOf', (v) => typeof v === 'string' && values.includes(v), options);

/** Each of a list's entries a string of at most `max` UTF-16 units, and at most `count` of them. */
export const StringList = <F>(max: number, count: number, options?: RuleOptions<F>) =>
  rule('stringList', (v) => Array.isArray(v) && v.length <= count && v.every((s) => typeof s === 'string' && s.length <= max), options);
