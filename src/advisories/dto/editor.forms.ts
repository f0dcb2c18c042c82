import { Injectable, PipeTransform } from '@nestjs/common';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { Reason } from '../../common/forms/form-fields';
import { LIMITS } from '../../common/limits';
import { ParsedForm, parseForm } from '../advisory-form';

// The editors' small forms (STYLE rule 9), and the advisory form's pipe.

/**
 * The advisory form, whole, as advisory-form.ts parses it: its hundreds of flat names (packages.0.files.3.name) are
 * numbered, which no DTO class can declare; the parser is their whitelist (bounded indexes, unknown names reported).
 */
@Injectable()
export class AdvisoryFormPipe implements PipeTransform<unknown, ParsedForm> {
  transform(body: unknown): ParsedForm {
    return parseForm(typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {});
  }
}

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
