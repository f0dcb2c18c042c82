/** Small pieces of the HTML carried in feed entries (escaped once more by the Atom writer). */

/** Text into HTML. */
export function h(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Plain text with its line breaks kept. */
export function lines(s: string): string {
  return h(s).replace(/\r?\n/g, '<br>');
}

/** The first words of a post for its entry title: quoted lines left out (they are someone else's text). */
export function excerpt(source: string, max = 60): string {
  const text = source
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('>'))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/**
 * Replaces every top-level quotation in a post's stored HTML with `placeholder`. The HTML is the sanitizer's
 * output, where <blockquote> never has attributes and a literal "<blockquote>" in text is escaped.
 */
export function withoutQuotes(html: string, placeholder: string): string {
  let out = '';
  let depth = 0;
  let last = 0;
  for (const m of html.matchAll(/<(\/?)blockquote>/g)) {
    if (!m[1]) {
      if (depth++ === 0) out += html.slice(last, m.index);
    } else if (depth > 0 && --depth === 0) {
      out += placeholder;
      last = m.index + m[0].length;
    }
  }
  // An unclosed quotation (never written by the sanitizer) is dropped to its end rather than shown.
  return depth > 0 ? out + placeholder : out + html.slice(last);
}
