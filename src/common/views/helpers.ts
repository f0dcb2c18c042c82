import type Handlebars from 'handlebars';
import { formatDate, formatList, formatMinutes, formatNumber, Locale, translate } from '../i18n/i18n';
import { limit } from '../limits';
import type { SharedParts } from './shared-parts';

type HelperOptions = Handlebars.HelperOptions;

function localeOf(options: HelperOptions): Locale {
  return (options.data as { root?: { locale?: Locale } } | undefined)?.root?.locale ?? 'ja';
}

/** Template helpers: translation, formatting, input limits and shared parts; permissions arrive as flags (STYLE rule 6). */
export function registerHelpers(hbs: typeof Handlebars): void {
  // params= passes a view model's placeholders as one object (a verdict's reason); named ones add to it.
  hbs.registerHelper('t', function (key: string, options: HelperOptions) {
    const { params, ...named } = options.hash as { params?: Record<string, unknown> };
    return translate(localeOf(options), key, { ...params, ...named });
  });
  hbs.registerHelper('formatDate', function (value: string | Date, options: HelperOptions) {
    return formatDate(localeOf(options), value, options.hash.time === true);
  });
  hbs.registerHelper('formatNumber', function (value: number, options: HelperOptions) {
    return typeof value === 'number' ? formatNumber(localeOf(options), value) : '';
  });
  hbs.registerHelper('formatMinutes', function (value: number, options: HelperOptions) {
    return typeof value === 'number' ? formatMinutes(localeOf(options), value) : '';
  });
  hbs.registerHelper('formatList', function (items: unknown, options: HelperOptions) {
    return Array.isArray(items) ? formatList(localeOf(options), items.map(String)) : '';
  });
  // A form's maxlength is the number the server enforces: {{limit "postBody"}}; an unknown name fails the render.
  hbs.registerHelper('limit', (name: unknown) => limit(name));
  // A part every viewer with the same view of the page sees alike (the model's `shared`, see src/page-cache/shared-parts.ts):
  // rendered once with a stand-in for the CSRF token, then used with the viewer's own; without `shared`, rendered as usual.
  hbs.registerHelper('shared', function (this: unknown, name: string, options: HelperOptions) {
    const data = options.data as { root: Record<string, unknown> };
    const root = data.root;
    const parts = root.shared as SharedParts | undefined;
    if (!parts) return options.fn(this);
    const token = typeof root.csrfToken === 'string' ? root.csrfToken : '';
    const stored = parts.stored[name];
    if (stored) return new hbs.SafeString(stored.join(token));
    const frame = hbs.createFrame(data) as { root: Record<string, unknown> };
    frame.root = { ...root, csrfToken: parts.token };
    const html = options.fn(this === root ? frame.root : this, { data: frame });
    // Only a part that holds nothing of this viewer's own is kept.
    if (!token || !html.includes(token)) parts.keep(name, html);
    return new hbs.SafeString(html.split(parts.token).join(token));
  });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
}
