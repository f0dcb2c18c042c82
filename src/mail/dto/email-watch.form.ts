import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** E-mail for one watched advisory (STYLE rule 9): "off" stops it; "on", or none, starts it. */
export class EmailWatchForm {
  @IsOptional()
  @IsIn(['on', 'off'], { message: 'form.invalid' })
  email?: 'on' | 'off';

  /** Where to go back to (a path on this site; see safeNextPath). */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  next?: string;
}
