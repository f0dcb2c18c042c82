import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateIf } from 'class-validator';
import { MaxChars, NotBlank, Reason, Trimmed } from '../../common/forms/form-fields';
import { LIMITS } from '../../common/limits';
import { clip } from '../../common/text/clip';
import { FLAG_REASONS, type FlagReason } from '../flag.entity';
import type { Decision } from '../moderation.service';

// The moderation forms (STYLE rule 9): flags, queue decisions, account states, hide, restore and lock.
// Every reason is kept and audited as typed, trimmed. Fields stand in the order their problems are told.

/** Hide and restore: the reason the post's author and the audit log read. */
export class ReasonForm {
  @Reason(LIMITS.reason)
  reason: string;
}

const NOTE = 'flag.note.required';

export class FlagForm {
  @IsIn(FLAG_REASONS, { message: 'flag.reason.required' })
  reason: FlagReason;

  /** Required for "other": the list of reasons has no word for it. */
  @ValidateIf((f: FlagForm) => f.reason === 'other' || f.note !== undefined)
  @IsString({ message: NOTE })
  @NotBlank<FlagForm>({ message: NOTE, when: (f) => f.reason === 'other' })
  @MaxChars(LIMITS.flagNote, { message: NOTE })
  @Trimmed()
  note?: string;
}

export class ResolveForm {
  @IsIn(['agree', 'disagree', 'defer'], { message: 'form.invalid' })
  decision: Decision;

  @Reason(LIMITS.reason)
  reason: string;
}

const REASON = { message: 'form.reasonRequired' };

/** A held post: rejecting needs a reason; approving needs none, and keeps one given to the limit. */
export class ReviewForm {
  @IsIn(['approve', 'reject'], { message: 'form.invalid' })
  decision: 'approve' | 'reject';

  @ValidateIf((f: ReviewForm) => f.decision === 'reject' || f.reason !== undefined)
  @IsString(REASON)
  @NotBlank<ReviewForm>({ ...REASON, when: (f) => f.decision === 'reject' })
  @MaxChars(LIMITS.reason, REASON)
  @Transform(({ value, obj }: { value: unknown; obj: { decision?: unknown } }) =>
    typeof value !== 'string' ? value : obj.decision === 'approve' ? clip(value.trim(), LIMITS.reason) : value.trim(),
  )
  reason?: string;
}

/** Whole days as typed (at most four digits); anything else is no number of days. */
const DAYS = new RegExp(`^\\d{1,${LIMITS.suspensionDays}}$`);
const PERIOD = { message: 'mod.days.invalid' };

export class AccountStateForm {
  @IsIn(['silenced', 'suspended', 'active'], { message: 'form.invalid' })
  state: 'silenced' | 'suspended' | 'active';

  @Reason(LIMITS.reason)
  reason: string;

  /** How long a silence or suspension lasts; lifting one ignores the field. */
  @ValidateIf((f: AccountStateForm) => f.state !== 'active')
  @IsInt(PERIOD)
  @Min(1, PERIOD)
  @Max(3650, PERIOD)
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && DAYS.test(value) ? Number(value) : value))
  days?: number | string;
}

export class LockForm {
  /** "off" unlocks; the lock button sends no such field. */
  @IsOptional()
  @IsIn(['on', 'off'], { message: 'form.invalid' })
  locked?: 'on' | 'off';

  @Reason(LIMITS.reason)
  reason: string;
}
