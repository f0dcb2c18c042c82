import type { Response } from 'express';

export const SVG_TYPE = 'image/svg+xml; charset=utf-8';

/** A picture the board draws (the badge, the trend): it may style itself, and load or run nothing. */
const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/** The headers of an SVG picture, set once its data is loaded (an error before then is answered as an HTML page). */
export function svgHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', SVG_CSP);
  res.type(SVG_TYPE);
}
