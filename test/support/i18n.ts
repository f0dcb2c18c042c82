import { translate } from '../../src/common/i18n/i18n';

/** A catalog message as the (Japanese, default) pages show it, once a parser has decoded the escaping. */
export function msg(key: string, params: Record<string, unknown> = {}): string {
  return translate('ja', key, params);
}

// What Handlebars' {{ }} turns each character into.
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

/** A catalog message as it stands in the raw HTML: translated, then escaped as Handlebars escapes it. */
export function htmlMsg(key: string, params: Record<string, unknown> = {}): string {
  return msg(key, params).replace(/[&<>"'`=]/g, (ch) => ESCAPES[ch]);
}
