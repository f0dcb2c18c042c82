/**
 * The first `max` UTF-16 units of a text without cutting a character in two: a cut between the halves
 * of a surrogate pair (an emoji, 𠮷, a mathematical letter) would leave a lone half that shows as �.
 */
export function clip(text: string, max: number): string {
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
