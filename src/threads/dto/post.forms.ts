import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import {
  blank,
  IsRowId,
  Lines,
  MaxChars,
  MaxCodePoints,
  NfkcTrimmed,
  NotBlank,
  OneOf,
  rule,
  RuleOptions,
  Trimmed,
} from '../../common/forms/form-fields';
import { IdempotencyKey } from '../../common/forms/idempotency';
import { LIMITS } from '../../common/limits';
import { OUTCOMES } from '../../field-reports/field-report.entity';
import { OTHER_PLATFORM } from '../../field-reports/field-reports.repository';
import type { PostInput } from '../posts.service';

// A post, or a field report when it has an outcome (STYLE rule 9). Whether the platform is one of the
// advisory's, and whether the post replied to may be answered, is the service's: it needs the database.

const MAX_HOSTS = 1_000_000;

/** A report's fields other than the outcome: any of them makes the post a report with its outcome missing. */
const hasReportFields = (f: ReportFieldsForm) => [f.platform, f.hosts, f.software, f.platformOther].some((v) => !blank(v));
const isReport = (f: ReportFieldsForm) => !blank(f.outcome);
const namesOtherPlatform = (f: ReportFieldsForm) => isReport(f) && f.platform === OTHER_PLATFORM;

/** Full-width digits and thousands separators are what people type: ４０ and 1,000 both count. */
const hostDigits = (value: unknown) => {
  if (typeof value !== 'string') return value;
  const typed = value.trim();
  return typed.length > LIMITS.hosts ? typed : typed.normalize('NFKC').replace(/[,\s]/g, '');
};
const HOSTS = /^\d{1,7}$/;
const HostCount = <F>(options: RuleOptions<F>) =>
  rule('hostCount', (v) => typeof v === 'string' && HOSTS.test(v) && Number(v) >= 1 && Number(v) <= MAX_HOSTS, options);

/** A field report's fields, the same rules when it is posted and when it is corrected. */
export class ReportFieldsForm {
  @NotBlank<ReportFieldsForm>({ message: 'report.outcome.required', when: hasReportFields })
  @OneOf<ReportFieldsForm>(OUTCOMES, { message: 'report.outcome.invalid', when: isReport })
  @Trimmed()
  outcome?: string;

  @IsOptional()
  @IsString({ message: 'report.platform.required' })
  @MaxLength(LIMITS.platformKey, { message: 'report.platform.required' })
  @Trimmed()
  platform?: string;

  /** The platform's name when it is none of the advisory's ("other"). */
  @ValidateIf((f: ReportFieldsForm) => f.platformOther !== undefined || namesOtherPlatform(f))
  @IsString({ message: 'report.platformOther.required' })
  @NotBlank<ReportFieldsForm>({ message: 'report.platformOther.required', when: namesOtherPlatform })
  @MaxChars<ReportFieldsForm>(LIMITS.platformOther, { message: 'report.platformOther.required', when: namesOtherPlatform })
  @NfkcTrimmed()
  platformOther?: string;

  /** The number of hosts, as digits once read. */
  @ValidateIf((f: ReportFieldsForm) => f.hosts !== undefined || isReport(f))
  @IsString({ message: 'report.hosts.invalid' })
  @HostCount<ReportFieldsForm>({ message: 'report.hosts.invalid', when: isReport })
  @Transform(({ value }: { value: unknown }) => hostDigits(value))
  hosts?: string;

  @IsOptional()
  @IsString({ message: 'report.software.tooLong' })
  @MaxChars<ReportFieldsForm>(LIMITS.reportSoftware, { message: 'report.software.tooLong', when: isReport })
  @NfkcTrimmed()
  software?: string;
}

/** An edit: the text, and a field report's fields (without them a report keeps its own). */
export class EditPostForm extends ReportFieldsForm {
  @IsString({ message: 'post.body.required' })
  @NotBlank({ message: 'post.body.required' })
  @MaxCodePoints(LIMITS.postBody, { message: 'post.body.tooLong' })
  @Lines()
  body: string;
}

/** A new post: what an edit has, and what it answers, and how it is sent. */
export class PostForm extends EditPostForm implements PostInput {
  @IdempotencyKey()
  idempotencyKey?: string;

  /** The post answered; its problem shows at the text. */
  @ValidateIf((f: PostForm) => !blank(f.replyTo))
  @IsRowId({ message: 'post.replyTo.invalid', context: { field: 'body' } })
  replyTo?: string;

  @IsOptional()
  @IsIn(['on'], { message: 'form.invalid' })
  quote?: 'on';

  /** "preview" renders the text and saves nothing. */
  @IsOptional()
  @IsIn(['post', 'preview'], { message: 'form.invalid' })
  intent?: 'post' | 'preview';
}

/** Watching an advisory's thread: "off" stops; the watch button sends no such field. */
export class WatchForm {
  @IsOptional()
  @IsIn(['on', 'off'], { message: 'form.invalid' })
  watch?: 'on' | 'off';

  /** Where to go back to (a path on this site; see safeNextPath). */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  next?: string;
}
