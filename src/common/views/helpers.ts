import type Handlebars from 'handlebars';
import { formatDate, formatList, formatMinutes, formatNumber, Locale, translate } from '../i18n/i18n';
import { limit } from '../limits';

type HelperOptions = Handlebars.HelperOptions;

function localeOf(options: HelperOptions): Locale {
  return (options.data as { root?: { locale?: Locale } } | undefined)?.root?.locale ?? 'ja';
}

/** Template helpers: translation, formatting and input limits only; permissions arrive as flags (STYLE rule 6). */
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
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
}
