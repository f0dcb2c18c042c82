import { IsIn, IsString, ValidateIf } from 'class-validator';
import { blank, IsRowId, List, MaxChars, NfkcTrimmed, NotBlank, Reason, rule, StringList, Trimmed } from '../../common/forms/form-fields';
import { IdempotencyKey } from '../../common/forms/idempotency';
import { LIMITS } from '../../common/limits';
import { KNOWN_ISSUE_STATUSES, KnownIssueStatus } from '../known-issue.entity';
import { readReferences } from '../known-issue-references';
import { REOPEN } from '../known-issue-lifecycle';
import type { KnownIssueInput } from '../known-issues.service';

// The moderators' known-issue forms (STYLE rule 9). Whether the platforms are the advisory's is the
// service's: it needs the advisory.

const TEXT = { message: 'knownIssue.text.tooLong' };

/** A new known issue, or an edit of one (whose form has no key and no report to start from). */
export class KnownIssueForm implements KnownIssueInput {
  @IdempotencyKey()
  idempotencyKey?: string;

  /** The field report it was promoted from; its problems show with the evidence. */
  @ValidateIf((f: KnownIssueForm) => !blank(f.from))
  @IsRowId({ message: 'knownIssue.evidence.invalid', context: { field: 'evidence' } })
  from?: string;

  @IsString({ message: 'knownIssue.title.invalid' })
  @NotBlank({ message: 'knownIssue.title.invalid' })
  @MaxChars(LIMITS.knownIssueTitle, { message: 'knownIssue.title.invalid' })
  @Trimmed()
  title: string;

  @IsString({ message: 'knownIssue.symptom.invalid' })
  @NotBlank({ message: 'knownIssue.symptom.invalid' })
  @MaxChars(LIMITS.knownIssueText, { message: 'knownIssue.symptom.invalid' })
  @Trimmed()
  symptom: string;

  /** Platform keys, one a checked box. */
  @StringList(LIMITS.platformKey, 100, { message: 'knownIssue.platforms.invalid' })
  @List()
  platforms: string[] = [];

  @ValidateIf((f: KnownIssueForm) => f.software !== undefined)
  @IsString({ message: 'knownIssue.software.tooLong' })
  @MaxChars(LIMITS.knownIssueSoftware, { message: 'knownIssue.software.tooLong' })
  @NfkcTrimmed()
  software?: string;

  @ValidateIf((f: KnownIssueForm) => f.workaround !== undefined)
  @IsString(TEXT)
  @MaxChars(LIMITS.knownIssueText, TEXT)
  @Trimmed()
  workaround?: string;

  @ValidateIf((f: KnownIssueForm) => f.resolution !== undefined)
  @IsString(TEXT)
  @MaxChars(LIMITS.knownIssueText, TEXT)
  @Trimmed()
  resolution?: string;

  @ValidateIf((f: KnownIssueForm) => f.references !== undefined)
  @IsString({ message: 'knownIssue.references.invalid' })
  @rule('references', (v) => typeof v === 'string' && readReferences(v) !== null, { message: 'knownIssue.references.invalid' })
  @Trimmed()
  references?: string;

  /** Empty: a new issue is investigated; an edit keeps its status. Which step is allowed is the service's. */
  @ValidateIf((f: KnownIssueForm) => !blank(f.status))
  @IsIn([...KNOWN_ISSUE_STATUSES, REOPEN], { message: 'knownIssue.status.invalid' })
  @Trimmed()
  status?: KnownIssueStatus | typeof REOPEN | '';

  /** The record's note for the change. */
  @Reason(LIMITS.knownIssueNote, 'knownIssue.note.required')
  note: string;
}

/** Up or down among the advisory's issues. */
export class MoveForm {
  @IsIn(['up', 'down'], { message: 'form.invalid' })
  direction: 'up' | 'down';
}

/** A field report linked as evidence. */
export class EvidenceForm {
  @IsRowId({ message: 'knownIssue.evidence.invalid' })
  post: string;
}

/** Unlinking evidence is audited with its reason. */
export class RemoveEvidenceForm {
  @Reason(LIMITS.reason)
  reason: string;
}
