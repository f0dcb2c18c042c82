import type { Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';

/**
 * What a browser would post for a form on a page: its successful controls in document order,
 * with one clicked submit button. Textareas lose the newline after their start tag and send CRLF,
 * as browsers do, so the server's handling of both is exercised.
 */
export function formSubmission(
  html: string,
  formAction: string,
  button?: { name: string; value: string },
): { action: string; fields: [string, string][]; body: string } {
  const doc = parseDocument(html);
  // The fragment (#compose) is never sent: it only says where the answer opens.
  const form = DomUtils.findOne((e) => e.name === 'form' && e.attribs.action?.replace(/#.*$/, '') === formAction, doc.children, true);
  if (!form) throw new Error(`no form with action ${formAction}`);
  const fields: [string, string][] = [];
  let action = formAction;
  const controls = DomUtils.findAll((e) => ['input', 'select', 'textarea', 'button'].includes(e.name), form.children);
  for (const c of controls) {
    const name = c.attribs.name;
    if (!name || c.attribs.disabled !== undefined) continue;
    if (c.name === 'button' || (c.name === 'input' && ['submit', 'image', 'reset'].includes(c.attribs.type))) {
      if (button && name === button.name && (c.attribs.value ?? '') === button.value && !fields.some(([n]) => n === button.name)) {
        fields.push([name, c.attribs.value ?? '']);
        if (c.attribs.formaction) action = c.attribs.formaction;
      }
      continue;
    }
    if (c.name === 'input') {
      const type = c.attribs.type ?? 'text';
      if (type === 'file') continue;
      if ((type === 'checkbox' || type === 'radio') && c.attribs.checked === undefined) continue;
      fields.push([name, c.attribs.value ?? (type === 'checkbox' || type === 'radio' ? 'on' : '')]);
    } else if (c.name === 'textarea') {
      fields.push([name, DomUtils.textContent(c).replace(/^\n/, '').replace(/\r?\n/g, '\r\n')]);
    } else {
      const options = DomUtils.findAll((e) => e.name === 'option', c.children);
      const chosen = options.filter((o) => o.attribs.selected !== undefined);
      const picked: Element[] = chosen.length ? chosen : options.slice(0, 1);
      for (const o of picked) fields.push([name, o.attribs.value ?? DomUtils.textContent(o)]);
    }
  }
  if (button && !fields.some(([n, v]) => n === button.name && v === button.value))
    throw new Error(`no button ${button.name}=${button.value} in the form`);
  return { action, fields, body: new URLSearchParams(fields).toString() };
}

/** The name/value pairs a form sends as the page stands (no button clicked); textareas as the page holds them (LF). */
export function formPairs(html: string, action: string): [string, string][] {
  return formSubmission(html, action).fields.map(([k, v]) => [k, v.replace(/\r\n/g, '\n')]);
}

/** The value of one field as the page shows it (first match). */
export function fieldValue(html: string, name: string): string | undefined {
  const doc = parseDocument(html);
  const el = DomUtils.findOne((e) => ['input', 'textarea', 'select'].includes(e.name) && e.attribs.name === name, doc.children, true);
  if (!el) return undefined;
  if (el.name === 'textarea') return DomUtils.textContent(el).replace(/^\n/, '');
  if (el.name === 'select') {
    const o = DomUtils.findOne((e) => e.name === 'option' && e.attribs.selected !== undefined, el.children, true);
    return o?.attribs.value;
  }
  return el.attribs.value ?? '';
}

/** The text of the field's error message, found by the input's aria-describedby. */
export function fieldError(html: string, id: string): string | undefined {
  const doc = parseDocument(html);
  const el = DomUtils.findOne((e) => e.attribs.id === `${id}-error`, doc.children, true);
  return el ? DomUtils.textContent(el).trim() : undefined;
}
