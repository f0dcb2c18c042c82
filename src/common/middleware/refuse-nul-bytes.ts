import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const NUL = /\u0000|%00/i;

/** A request carrying a NUL byte: 400, and the error page says why. */
export class NulByteException extends BadRequestException {
  constructor() {
    super({ message: 'NUL byte in request', messageKey: 'error.nul.message' });
  }
}

/** NUL bytes are never meaningful in a board: refused with 400 before any query sees them. */
export function refuseNulBytes(req: Request, _res: Response, next: NextFunction) {
  if (NUL.test(req.originalUrl) || containsNul(req.body)) return next(new NulByteException());
  next();
}

/**
 * Whether a parsed body (form, JSON, multipart fields) holds a NUL in any key or string, at any depth.
 * Walked with a stack, not recursion: the body parsers' size limits bound the work, not the nesting.
 */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (v !== null && typeof v === 'object') {
      for (const [k, inner] of Object.entries(v)) {
        if (k.includes('\u0000')) return true;
        stack.push(inner);
      }
    }
  }
  return false;
}
