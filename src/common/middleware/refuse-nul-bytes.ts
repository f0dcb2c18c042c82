import { BadRequestException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const NUL = /\u0000|%00/i;

/** NUL bytes are never meaningful in a board: refused with 400 before any query sees them. */
export function refuseNulBytes(req: Request, _res: Response, next: NextFunction) {
  if (NUL.test(req.originalUrl) || containsNul(req.body)) return next(new BadRequestException('NUL byte in request'));
  next();
}

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 5 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1));
}
