import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';

/**
 * Sends a public, briefly cacheable body with a strong ETag from its content; a matching
 * If-None-Match gets 304 without the body. Used by the embeds and the feeds.
 */
export function sendCached(req: Request, res: Response, type: string, body: string, maxAgeSeconds = 60): void {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', `public, max-age=${maxAgeSeconds}`);
  // The body depends on the address alone, never on language or session: one cached copy for all.
  res.setHeader('Vary', 'Accept-Encoding');
  if (
    req.headers['if-none-match']
      ?.split(',')
      .map((t) => t.trim())
      .includes(etag)
  )
    return void res.status(304).end();
  res.type(type).send(body);
}
