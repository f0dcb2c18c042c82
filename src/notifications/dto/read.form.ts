import { ValidateIf } from 'class-validator';
import { IsRowId } from '../../common/forms/form-fields';

/** Marks notifications read (STYLE rule 9): the one named, or all of them when the form names none. */
export class ReadForm {
  @ValidateIf((f: ReadForm) => f.id !== undefined)
  @IsRowId()
  id?: string;
}
