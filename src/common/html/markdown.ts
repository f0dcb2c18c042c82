import MarkdownIt from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';
import sanitizeHtml from 'sanitize-html';
import { LIMITS } from '../limits';

/**
 * The ONE Markdown + sanitize configuration of the board (STYLE rule 7, Discourse raw/cooked).
 * Posts keep their Markdown source and the HTML that renderMarkdown() returned at write time;
 * only that HTML is ever output unescaped.
 */

/** Longest Markdown source a post body may have; forms validate against it before rendering. */
export const MAX_BODY_CHARS = LIMITS.postBody;

type Attribs = sanitizeHtml.Attributes;

const LINK_REL = 'nofollow ugc noopener';
const ALIGN_CLASSES = ['align-left', 'align-center', 'align-right'];
const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;
const TEXT_ALIGN = /^\s*text-align\s*:\s*(left|center|right)\s*;?\s*$/i;
// C0 controls other than \t \n \r; NUL would also be refused earlier by refuseNulBytes.
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const NON_ASCII_RUN = /[^\u0000-\u007f]+/;
const ASCII_RUN = /[\u0000-\u007f]+/g;

const md = new MarkdownIt('default', { html: false, linkify: true, breaks: true, typographer: false });
// Images are not allowed on this board: `![x](url)` becomes "!" and a plain link to the URL.
md.disable('image');
// CommonMark's emphasis rules need a space or punctuation beside ** and *, which Japanese writing has not: **「重要」**です.
md.use(cjkFriendly);
// The page already has h1/h2: source headings start at h3 and stop at h4.
md.core.ruler.push('hfr_heading_levels', (state) => {
  for (const token of state.tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') token.tag = `h${Math.min(Number(token.tag.slice(1)) + 2, 4)}`;
  }
  return true;
});
stopBareUrlsAtNonAscii(md.linkify);

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'em',
    'strong',
    'del',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'h3',
    'h4',
    'hr',
  ],
  allowedAttributes: { a: ['href', 'rel'], th: ['class'], td: ['class'] },
  allowedClasses: { th: ALIGN_CLASSES, td: ALIGN_CLASSES },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  enforceHtmlBoundary: false,
  parseStyleAttributes: false,
  transformTags: {
    a: linkWithRel,
    th: alignToClass,
    td: alignToClass,
  },
  // A link whose href was refused is unwrapped: its text stays, the dead <a> goes.
  exclusiveFilter: (frame) => (frame.tag === 'a' && !frame.attribs.href ? 'excludeTag' : false),
};

/** Markdown source → the sanitized HTML to store beside it. */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(md.render(cleanSource(source)), sanitizeOptions);
}

/**
 * The Markdown that quotes post #postNumber in a reply: a header line naming the author, then every
 * source line (empty ones too) behind "> ", and a blank line so the reply's own text starts outside.
 */
export function quoteMarkdown(authorName: string, postNumber: number, source: string): string {
  if (!Number.isSafeInteger(postNumber) || postNumber < 1) throw new RangeError(`not a post number: ${postNumber}`);
  const name = escapeInline(cleanSource(authorName).replace(/\s+/g, ' ').trim());
  const lines = cleanSource(source).replace(/\n+$/, '').split('\n');
  return [`> **#${postNumber} ${name}** さん:`, '>', ...lines.map((line) => (line === '' ? '>' : `> ${line}`))].join('\n') + '\n\n';
}

function cleanSource(source: string): string {
  return source.replace(/\r\n?/g, '\n').replace(CONTROL_CHARS, '');
}

// Backslash-escapes every ASCII punctuation mark (all are escapable in CommonMark) so a name stays plain text.
function escapeInline(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

// markdown-it emits style="text-align:…" on table cells; style is never allowed, so alignment becomes a class.
function alignToClass(tagName: string, attribs: Attribs): sanitizeHtml.Tag {
  const align = TEXT_ALIGN.exec(attribs.style ?? '')?.[1]?.toLowerCase();
  return { tagName, attribs: align ? { class: `align-${align}` } : {} };
}

// Only absolute http(s) and mailto links survive, and every one is marked as user content.
function linkWithRel(tagName: string, attribs: Attribs): sanitizeHtml.Tag {
  const href = attribs.href ?? '';
  return { tagName, attribs: SAFE_HREF.test(href) ? { href, rel: LINK_REL } : {} };
}

// Japanese is written without spaces, so linkify would swallow "…/kb/891531を参照" into the URL: bare URLs stop at the first non-ASCII character.
function stopBareUrlsAtNonAscii(linkify: MarkdownIt['linkify']): void {
  const test = linkify.test.bind(linkify);
  const match = linkify.match.bind(linkify);
  const matchAtStart = linkify.matchAtStart.bind(linkify);
  const asciiRuns = (text: string) => Array.from(text.matchAll(ASCII_RUN), (run) => ({ text: run[0], offset: run.index }));
  linkify.test = (text) => asciiRuns(text).some((run) => test(run.text));
  linkify.matchAtStart = (text) => matchAtStart(text.split(NON_ASCII_RUN, 1)[0]);
  // Always an array: markdown-it's core rule reads .length after test() said yes.
  linkify.match = (text) =>
    asciiRuns(text).flatMap((run) =>
      (match(run.text) ?? [])
        .filter(isSchemeOrWww)
        .map((link) => Object.assign(link, { index: link.index + run.offset, lastIndex: link.lastIndex + run.offset })),
    );
}

// Bare host names link only with "www." (as GFM does): file names like ksproxy.ax or readme.md end in real country TLDs.
function isSchemeOrWww(link: { schema: string; raw: string }): boolean {
  return link.schema !== '' || /^www\./i.test(link.raw);
}
