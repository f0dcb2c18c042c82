import { IsOptional, IsString, MaxLength } from 'class-validator';
import { MaxChars, NfkcTrimmed, Trimmed } from '../../common/forms/form-fields';
import { LIMITS } from '../../common/limits';

/**
 * "Same here" on a field report (STYLE rule 9): the confirmer's platform, the report's own when none is
 * chosen. Whether it is one of the advisory's, and a name for "other", is the service's: the default
 * comes from the report.
 */
export class ConfirmForm {
  @IsOptional()
  @IsString({ message: 'report.platform.required' })
  @MaxLength(LIMITS.platformKey, { message: 'report.platform.required' })
  @Trimmed()
  platform?: string;

  @IsOptional()
  @IsString({ message: 'report.platformOther.required' })
  @MaxChars(LIMITS.platformOther, { message: 'report.platformOther.required' })
  @NfkcTrimmed()
  platformOther?: string;
}
