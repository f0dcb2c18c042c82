import { IsString, ValidateIf } from 'class-validator';
import { blank, Lines, List, MaxChars, OneOf, rule, StringList } from '../../common/forms/form-fields';
import { LIMITS } from '../../common/limits';
import { ENVIRONMENT_EMAIL, EnvironmentEmail } from '../environment.entity';
import { softwareKey } from '../software-match';

/** The lines of the software textarea that say something, trimmed and NFKC-normalized (as they are stored). */
export const softwareLines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim().normalize('NFKC').trim())
    .filter((l) => l !== '');

const SOFTWARE = { message: 'environment.software.invalid' };

/** A member's platforms (ticked keys), software (one product a line) and mail choice (STYLE rule 9); whether the keys are the board's is the service's. */
export class EnvironmentForm {
  @StringList(LIMITS.platformKey, LIMITS.environmentPlatforms, { message: 'environment.platforms.invalid' })
  @List()
  platforms: string[] = [];

  @ValidateIf((f: EnvironmentForm) => f.software !== undefined)
  @IsString(SOFTWARE)
  @MaxChars(LIMITS.environmentSoftwareText, SOFTWARE)
  @rule('softwareLines', (v) => typeof v === 'string' && softwareLines(v).length <= LIMITS.environmentSoftwareLines, {
    message: 'environment.software.tooMany',
  })
  @rule('softwareLine', (v) => typeof v === 'string' && softwareLines(v).every((l) => l.length <= LIMITS.environmentSoftware), {
    message: 'environment.software.tooLong',
  })
  @rule('softwareWords', (v) => typeof v === 'string' && softwareLines(v).every((l) => softwareKey(l) !== ''), {
    message: 'environment.software.noWords',
  })
  @Lines()
  software?: string;

  @ValidateIf((f: EnvironmentForm) => !blank(f.email))
  @OneOf(ENVIRONMENT_EMAIL, { message: 'environment.email.invalid' })
  email?: EnvironmentEmail | '';
}
