import { IsString, Matches, ValidateIf } from 'class-validator';
import { randomFillSync } from 'node:crypto';
import { blank } from './form-fields';
import { FormInvalidException } from './form-invalid.exception';

/**
 * Create forms carry a one-time key (hidden field `idempotencyKey`) stored with what they create under
 * a unique index: a double-clicked or re-sent form finds the row the first sending made instead of
 * making a second one. Scripts may leave the field out.
 */
export const IDEMPOTENCY_FIELD = 'idempotencyKey';
const KEY = /^[A-Za-z0-9_-]{16,64}$/;

// Random bytes drawn 4 KB at a time: randomBytes(16) asked the kernel on every form shown (1% of a member's thread page).
const randomPool = Buffer.alloc(4096);
let poolUsed = randomPool.length;

export const newIdempotencyKey = (): string => {
  if (poolUsed + 16 > randomPool.length) {
    randomFillSync(randomPool);
    poolUsed = 0;
  }
  return randomPool.toString('base64url', poolUsed, (poolUsed += 16));
};

/**
 * The field in a form's DTO: absent or empty (scripts), or a well-formed key; a malformed one refuses the
 * form as a whole. What the service gets is the key, or null for none.
 */
export const IdempotencyKey =
  () =>
  (object: object, propertyName: string): void => {
    const refused = { message: 'form.idempotency.invalid', context: { field: 'form' } };
    for (const decorate of [
      Matches(KEY, refused),
      IsString(refused),
      ValidateIf((form: Record<string, unknown>) => !blank(form[propertyName])),
    ])
      decorate(object, propertyName);
  };

/** The key a checked form sent: null when it sent none. */
export const submittedKey = (value: string | undefined): string | null => value || null;

/**
 * The key to put in a form: on a form shown again after errors, the one it was sent with (nothing was
 * saved under it), unless that key is what the errors are about; otherwise a new one.
 */
export function keyForForm(sent: unknown, errors: Record<string, string> = {}): string {
  const keyProblem = errors.form === 'form.idempotency.invalid' || errors.form === 'form.alreadySent';
  return !keyProblem && typeof sent === 'string' && KEY.test(sent) ? sent : newIdempotencyKey();
}

/**
 * What to make of a row already saved under the key: the same sending again gets that row back; the
 * key reused for different content (a form sent once, edited, sent again) or by someone else is refused.
 */
export function earlierSending<T>(row: T | null, sameSender: boolean, sameContent: boolean): T | null {
  if (!row) return null;
  if (!sameSender) throw new FormInvalidException({ form: 'form.idempotency.invalid' });
  if (!sameContent) throw new FormInvalidException({ form: 'form.alreadySent' });
  return row;
}
