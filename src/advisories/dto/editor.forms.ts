import { IsIn, IsOptional, IsString } from 'class-validator';
import { Reason } from '../../common/forms/form-fields';
import { LIMITS } from '../../common/limits';

// The editors' small forms (STYLE rule 9). The advisory form itself, with its hundreds of flat field
// names (packages.0.files.3.name), has its own parser: advisory-form.ts.

/** Taking a bulletin back to draft is audited with its reason. */
export class UnpublishForm {
  @Reason(LIMITS.unpublishReason, 'form.reasonRequired', 'editor.problem.reasonTooLong')
  reason: string;
}

/** The JSON upload's text fields (the file itself is multer's): pasted JSON, and whether to publish. */
export class ImportForm {
  /** Within the upload's own limit, which multer enforces (413). */
  @IsOptional()
  @IsString({ message: 'editor.import.malformed' })
  json?: string;

  @IsOptional()
  @IsIn(['on', '1'], { message: 'editor.import.malformed' })
  publish?: 'on' | '1';
}
