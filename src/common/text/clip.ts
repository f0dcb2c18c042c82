/**
 * The first `max` UTF-16 units of a text without cutting a character in two: a cut between the halves
 * of a surrogate pair (an emoji, 𠮷, a mathematical letter) would leave a lone half that shows as �.
 */
export function clip(text: string, max: number): string {
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** At most `max` characters, the last of them an ellipsis when the text was longer. */
export function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** A text on one line: a title can never add a mail header, an excerpt fits a line. */
export const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
