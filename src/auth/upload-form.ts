import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  NestInterceptor,
  Post,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import type { MulterModuleOptions } from '@nestjs/platform-express';
import { timingSafeEqual } from 'node:crypto';
import { Observable } from 'rxjs';
import { containsNul, NulByteException } from '../common/middleware/refuse-nul-bytes';

/**
 * Paths of the multipart forms. Their CSRF token travels inside the body, which the CSRF middleware
 * cannot read: it checks Origin/Referer there and leaves the token to the route, after multer.
 */
export const MULTIPART_FORM_PATHS = new Set<string>();

/** Checks the token multer has just read; only for requests the CSRF middleware deferred. */
@Injectable()
export class UploadCsrfInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.csrfDeferred) {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (typeof body._csrf !== 'string' || !sameToken(body._csrf, req.session?.csrfToken))
        throw new ForbiddenException('missing or wrong CSRF token');
      delete body._csrf;
      req.csrfDeferred = false;
    }
    return next.handle();
  }
}

/** The NUL rule for what the body middleware could not see: multipart fields, the file's name and its bytes. */
@Injectable()
export class UploadNulInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & { file?: { originalname: string; buffer: Buffer } }>();
    if (containsNul(req.body) || (req.file && (req.file.originalname.includes('\u0000') || req.file.buffer.includes(0))))
      throw new NulByteException();
    return next.handle();
  }
}

/**
 * A POST route taking a multipart form with one file: multer (memory, with these limits), then the
 * CSRF check, then the NUL check. The path is absolute (in a controller without prefix), so the
 * middleware knows it.
 */
export function UploadPost(path: string, fileField: string, options: MulterModuleOptions) {
  MULTIPART_FORM_PATHS.add(path);
  return applyDecorators(Post(path), UseInterceptors(FileInterceptor(fileField, options), UploadCsrfInterceptor, UploadNulInterceptor));
}

function sameToken(sent: string, expected: string | undefined): boolean {
  if (!expected) return false;
  const x = Buffer.from(sent);
  const y = Buffer.from(expected);
  return x.length === y.length && timingSafeEqual(x, y);
}
