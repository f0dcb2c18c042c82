/**
 * What a page's `{{#shared "name"}}` blocks get (the view model's `shared`, filled by src/page-cache/shared-parts.ts):
 * the parts already rendered at the page's validator, and where to keep a part rendered now. `token` stands in for the
 * viewer's CSRF token inside a part, and `mark` surrounds each place an `{{#own}}` part goes: a part's own parts are
 * kept, all together and separated by `mark`, as the part `name.own`.
 */
export interface SharedParts {
  readonly token: string;
  readonly mark: string;
  /** Parts as stored, cut at their stand-ins (cutPart): UTF-8 bytes, put into the page's response as they are (splicedPage). */
  readonly stored: Partial<Record<string, CutPart>>;
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

/**
 * A part cut for use: its pieces at `mark` (even ones the part's own bytes, odd ones where an own part goes), each piece
 * as its bytes between the stand-ins for the viewer's token.
 */
export type CutPart = Buffer[][];

/**
 * Where a part's bytes are cut (cutsOf), flat and compact as it is kept beside every stored part: for each piece, the
 * number of its bits, then each bit's start and end offset.
 */
export type Cuts = Uint32Array;

/** Where `bytes` are cut at `mark`, then at `token`: found once per stored part and reused (cutWith), not searched for on each use. */
export function cutsOf(bytes: Buffer, mark: string, token: string): Cuts {
  const markBytes = Buffer.from(mark);
  const tokenBytes = Buffer.from(token);
  const cuts: number[] = [];
  let from = 0;
  for (;;) {
    const at = bytes.indexOf(markBytes, from);
    const end = at < 0 ? bytes.length : at;
    const count = cuts.push(0) - 1;
    let bit = from;
    for (let t = bytes.indexOf(tokenBytes, bit); t >= 0 && t < end; t = bytes.indexOf(tokenBytes, bit)) {
      cuts.push(bit, t);
      cuts[count]++;
      bit = t + tokenBytes.length;
    }
    cuts.push(bit, end);
    cuts[count]++;
    if (at < 0) return Uint32Array.from(cuts);
    from = at + markBytes.length;
  }
}

/** `bytes` cut where `cuts` say (no copy). */
export function cutWith(bytes: Buffer, cuts: Cuts): CutPart {
  const part: CutPart = [];
  for (let i = 0; i < cuts.length; ) {
    const piece: Buffer[] = [];
    for (let bits = cuts[i++]; bits > 0; bits--, i += 2) piece.push(bytes.subarray(cuts[i], cuts[i + 1]));
    part.push(piece);
  }
  return part;
}

/** A part rendered now, cut as a stored one is. */
export function cutPart(bytes: Buffer, mark: string, token: string): CutPart {
  return cutWith(bytes, cutsOf(bytes, mark, token));
}
