import { DomUtils, parseDocument } from 'htmlparser2';

// Page parsing with htmlparser2: entities decoded, a textarea read as text.
export type Doc = ReturnType<typeof parseDocument>;
export type El = ReturnType<typeof DomUtils.findAll>[number];

export const all = (root: Doc | El, test: (e: El) => boolean): El[] => DomUtils.findAll(test, root.children);
export const one = (root: Doc | El, test: (e: El) => boolean): El | null => DomUtils.findOne(test, root.children, true);
export const hasClass = (e: El, c: string) => (e.attribs.class ?? '').split(/\s+/).includes(c);
/** The element's text with white space folded, or '' for none. */
export const textOf = (e: Doc | El | null) => (e ? DomUtils.textContent(e).replace(/\s+/g, ' ').trim() : '');
export const byId = (root: Doc | El, id: string) => one(root, (e) => e.attribs.id === id);
export const byClass = (root: Doc | El, c: string) => one(root, (e) => hasClass(e, c));
/** The element of a page with that id. */
export const elementById = (html: string, id: string) => byId(parseDocument(html), id);
export const formTo = (root: Doc | El, action: string) => one(root, (e) => e.name === 'form' && e.attribs.action === action);

/** A post on a thread page, by its number. */
export function postItem(html: string, n: number): El | null {
  return one(parseDocument(html), (e) => e.name === 'li' && e.attribs.id === `p${n}`);
}

/** For assertion messages: the page's title and any field errors. */
export function pageProblem(html: string): string {
  const d = parseDocument(html);
  return [textOf(one(d, (e) => e.name === 'title')), ...all(d, (e) => hasClass(e, 'field-error')).map(textOf)].join(' | ');
}
