/**
 * A small Atom 1.0 (RFC 4287) writer: the board's feeds are built as plain objects and written here,
 * so escaping happens in exactly one place.
 */

export interface AtomPerson {
  name: string;
  uri?: string;
}

export interface AtomLink {
  href: string;
  rel?: 'alternate' | 'self' | 'related' | 'via';
  type?: string;
  title?: string;
}

export interface AtomEntry {
  /** Stable for the life of the thing: never derived from anything an edit can change. */
  id: string;
  title: string;
  updated: Date;
  published?: Date;
  authors?: AtomPerson[];
  links: AtomLink[];
  summary?: string;
  /** HTML carried escaped (type="html"): the reader renders it. */
  contentHtml?: string;
  categories?: { term: string; label?: string }[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  updated: Date;
  /** The feed's own absolute address (rel="self"). */
  selfUrl: string;
  /** The page the feed follows (rel="alternate"). */
  alternateUrl: string;
  authors: AtomPerson[];
  lang: string;
  generator?: { name: string; uri?: string };
  entries: AtomEntry[];
}

// Everything outside XML 1.0's Char production (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF),
// plus the C1 controls and DEL that XML 1.0 discourages: a feed must parse, whatever a post contains.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\u007e\u0085\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Removes characters an XML 1.0 document may not (or should not) contain. */
export function stripNonXmlChars(s: string): string {
  return s.replace(NOT_XML_CHAR, '');
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTR_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;' };

/** Character data: markup characters escaped; CR kept as a reference so parsers do not fold it away. */
export function xmlText(s: string): string {
  return stripNonXmlChars(s).replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]);
}

/** An attribute value in double quotes: whitespace other than space kept as references (not normalised away). */
export function xmlAttr(s: string): string {
  return stripNonXmlChars(s).replace(/[&<>"'\t\n\r]/g, (c) => ATTR_ESCAPES[c]);
}

/** RFC 3339 in UTC, as RFC 4287 requires for atom:updated and atom:published. */
export function atomDate(d: Date): string {
  return d.toISOString();
}

/**
 * A tag: URI (RFC 4151) for the board at `baseUrl`: tag:host,2026:/path/posts/12. It names the thing, not
 * its current address or text, so editing a post or moving a page never makes a reader see it twice.
 */
export function tagUri(baseUrl: string, specific: string): string {
  const url = new URL(baseUrl);
  const prefix = url.pathname.replace(/\/+$/, '');
  return `tag:${url.hostname},2026:${prefix}${specific.startsWith('/') ? '' : '/'}${specific}`;
}

function person(tag: 'author', p: AtomPerson): string {
  return `<${tag}><name>${xmlText(p.name)}</name>${p.uri ? `<uri>${xmlText(p.uri)}</uri>` : ''}</${tag}>`;
}

function link(l: AtomLink): string {
  const attrs = [
    `rel="${xmlAttr(l.rel ?? 'alternate')}"`,
    l.type ? `type="${xmlAttr(l.type)}"` : '',
    `href="${xmlAttr(l.href)}"`,
    l.title ? `title="${xmlAttr(l.title)}"` : '',
  ];
  return `<link ${attrs.filter(Boolean).join(' ')}/>`;
}

function entry(e: AtomEntry): string {
  const out = [
    '<entry>',
    `<id>${xmlText(e.id)}</id>`,
    `<title type="text">${xmlText(e.title)}</title>`,
    `<updated>${atomDate(e.updated)}</updated>`,
  ];
  if (e.published) out.push(`<published>${atomDate(e.published)}</published>`);
  for (const a of e.authors ?? []) out.push(person('author', a));
  for (const l of e.links) out.push(link(l));
  for (const c of e.categories ?? []) out.push(`<category term="${xmlAttr(c.term)}"${c.label ? ` label="${xmlAttr(c.label)}"` : ''}/>`);
  if (e.summary) out.push(`<summary type="text">${xmlText(e.summary)}</summary>`);
  if (e.contentHtml !== undefined) out.push(`<content type="html">${xmlText(e.contentHtml)}</content>`);
  out.push('</entry>');
  return out.join('\n');
}

/** The whole document, UTF-8. */
export function renderAtom(feed: AtomFeed): string {
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlAttr(feed.lang)}">`,
    `<id>${xmlText(feed.id)}</id>`,
    `<title type="text">${xmlText(feed.title)}</title>`,
  ];
  if (feed.subtitle) out.push(`<subtitle type="text">${xmlText(feed.subtitle)}</subtitle>`);
  out.push(`<updated>${atomDate(feed.updated)}</updated>`);
  out.push(link({ rel: 'self', type: 'application/atom+xml', href: feed.selfUrl }));
  out.push(link({ rel: 'alternate', type: 'text/html', href: feed.alternateUrl }));
  for (const a of feed.authors) out.push(person('author', a));
  if (feed.generator)
    out.push(`<generator${feed.generator.uri ? ` uri="${xmlAttr(feed.generator.uri)}"` : ''}>${xmlText(feed.generator.name)}</generator>`);
  for (const e of feed.entries) out.push(entry(e));
  out.push('</feed>', '');
  return out.join('\n');
}
