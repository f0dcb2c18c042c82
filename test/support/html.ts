import assert from 'node:assert/strict';
import { HtmlValidate } from 'html-validate';
import { DomUtils, parseDocument } from 'htmlparser2';

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    // Long Japanese sentences legitimately contain full-width punctuation and ASCII quotes.
    'no-trailing-whitespace': 'off',
    // Bulletin titles are long by nature (the official Japanese titles run past 70 characters).
    'long-title': 'off',
    // A group of checkboxes sharing one name (the known-issue form's platforms) is how HTML sends a list.
    'form-dup-name': ['error', { shared: ['radio', 'checkbox', 'button', 'reset', 'submit'] }],
  },
});

/** Fails with every message when the page is not valid HTML5. */
export async function assertValidHtml(html: string, label: string): Promise<void> {
  const report = await validator.validateString(html);
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${label} ${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
  assert.deepEqual(messages, [], messages.join('\n'));
}

/** The address of a listing's next page (its rel="next" link, entities decoded), or null on the last page. */
export function nextPageLink(html: string): string | null {
  const link = DomUtils.findOne((e) => e.name === 'a' && e.attribs.rel === 'next', parseDocument(html).children);
  return link ? link.attribs.href : null;
}
