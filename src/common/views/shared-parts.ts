/**
 * What a page's `{{#shared "name"}}` blocks get (the view model's `shared`, filled by src/page-cache/shared-parts.ts):
 * the parts already rendered at the page's validator, and where to keep a part rendered now. `token` stands in for the
 * viewer's CSRF token inside a part, and `mark` surrounds each place an `{{#own}}` part goes: a part's own parts are
 * kept, all together and separated by `mark`, as the part `name.own`.
 */
export interface SharedParts {
  readonly token: string;
  readonly mark: string;
  /** Parts as stored, with their stand-ins: UTF-8 bytes, put into the page's response as they are (splicedPage). */
  readonly stored: Partial<Record<string, Buffer>>;
  keep(name: string, html: string): void;
  /** The bytes of each part used on this page, in the order used: the page's text holds `mark`, the index, `mark` where each goes. */
  readonly spliced: Buffer[][];
}

/** A page's text with its shared parts' bytes put in where the `shared` helper left their places: the page as sent. */
export function splicedPage(html: string, parts: SharedParts | undefined): string | Buffer {
  if (!parts?.spliced.length) return html;
  const pieces = html.split(parts.mark);
  const chunks: Buffer[] = [];
  for (let i = 0; i < pieces.length; i++) {
    if (i % 2 === 0) chunks.push(Buffer.from(pieces[i]));
    else chunks.push(...parts.spliced[Number(pieces[i])]);
  }
  return Buffer.concat(chunks);
}

/** `bytes` cut at each `separator` (no copy): n separators give n + 1 pieces. UTF-8 never has an ASCII byte inside a character. */
export function cutAt(bytes: Buffer, separator: Buffer): Buffer[] {
  const pieces: Buffer[] = [];
  let from = 0;
  for (let at = bytes.indexOf(separator); at >= 0; at = bytes.indexOf(separator, from)) {
    pieces.push(bytes.subarray(from, at));
    from = at + separator.length;
  }
  pieces.push(bytes.subarray(from));
  return pieces;
}
