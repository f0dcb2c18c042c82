import type Handlebars from 'handlebars';
import { formatDate, formatList, formatMinutes, formatNumber, Locale, translate } from '../i18n/i18n';
import { limit } from '../limits';
import { type CutPart, cutPart, type SharedParts } from './shared-parts';

type HelperOptions = Handlebars.HelperOptions;

/** While a shared part is rendered: the stand-in marking an own part, and the items own parts are rendered with. */
interface OwnParts {
  mark: string;
  items: unknown[];
}

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
  // rendered once with a stand-in for the CSRF token and marks where its `{{#own}}` parts go, which are rendered once
  // for every viewer with the same ones (`name.own`), then both used with the viewer's token. `own=` lists the items
  // the own parts are rendered with. Without `shared`, rendered as usual.
  hbs.registerHelper('shared', function (this: unknown, name: string, options: HelperOptions) {
    const data = options.data as { root: Record<string, unknown> };
    const root = data.root;
    const parts = root.shared as SharedParts | undefined;
    if (!parts) return options.fn(this);
    const items = (options.hash.own as unknown[] | undefined) ?? [];
    const token = typeof root.csrfToken === 'string' ? root.csrfToken : '';
    const frame = hbs.createFrame(data) as { root: Record<string, unknown>; ownParts: OwnParts };
    frame.root = { ...root, csrfToken: parts.token };
    frame.ownParts = { mark: parts.mark, items };
    // Only a part that holds nothing of this viewer's own is kept.
    const keep = (part: string, html: string) => (!token || !html.includes(token)) && parts.keep(part, html);
    const cut = (html: string) => cutPart(Buffer.from(html), parts.mark, parts.token);
    let part = parts.stored[name];
    if (part === undefined) {
      const html = options.fn(this === root ? frame.root : this, { data: frame });
      keep(name, html);
      part = cut(html);
    }
    // Even pieces are the shared part's; odd ones name an own part, "partial:index of its item".
    let owned: CutPart = [];
    if (part.length > 1) {
      let own = parts.stored[`${name}.own`];
      if (own === undefined) {
        const calls = [];
        for (let i = 1; i < part.length; i += 2) {
          const call = part[i][0].toString();
          const at = call.lastIndexOf(':');
          calls.push({ partial: call.slice(0, at), item: items[Number(call.slice(at + 1))] });
        }
        const html = ownParts(parts.mark)(calls, { data: frame, allowProtoPropertiesByDefault: false });
        keep(`${name}.own`, html);
        own = cut(html);
      }
      owned = own;
    }
    // The part's bytes go into the response as they are (splicedPage), the viewer's token where the stand-in is.
    const viewerToken = Buffer.from(token);
    const bytes: Buffer[] = [];
    for (let i = 0; i < part.length; i++) {
      const bits = i % 2 === 0 ? part[i] : owned[(i - 1) / 2];
      bytes.push(bits[0]);
      for (let b = 1; b < bits.length; b++) bytes.push(viewerToken, bits[b]);
    }
    return new hbs.SafeString(`${parts.mark}${parts.spliced.push(bytes) - 1}${parts.mark}`);
  });
  // What belongs to the viewer in a shared part (a post's controls): `{{#own "partial"}}{{> partial}}{{/own}}`.
  hbs.registerHelper('own', function (this: unknown, partial: string, options: HelperOptions) {
    const own = (options.data as { ownParts?: OwnParts }).ownParts;
    if (!own) return options.fn(this);
    const index = own.items.indexOf(this);
    if (index < 0) throw new Error(`{{#own "${partial}"}}: only for an item of its shared part's own= list`);
    return new hbs.SafeString(`${own.mark}${partial}:${index}${own.mark}`);
  });
  // The own parts of a shared part, in one render: each partial with its item, each followed by the mark.
  const ownTemplates = new Map<string, Handlebars.TemplateDelegate>();
  const ownParts = (mark: string) => {
    let template = ownTemplates.get(mark);
    if (!template) {
      template = hbs.compile(`{{#each this}}{{> (lookup . "partial") item}}${mark}{{/each}}`, { strict: false, preventIndent: true });
      ownTemplates.set(mark, template);
    }
    return template;
  };
  // The <option>s of a long select whose values are their labels (the search page's thousand bulletins): escaped and
  // joined once per list (the same array until it is read again), the `selected=` one marked per page.
  const optionLists = new WeakMap<readonly string[], { html: string; at: Map<string, [number, number]> }>();
  hbs.registerHelper('valueOptions', function (values: readonly string[], options: HelperOptions) {
    let list = optionLists.get(values);
    if (!list) {
      let html = '';
      const at = new Map<string, [number, number]>();
      for (const value of values) {
        const option = `<option value="${hbs.Utils.escapeExpression(value)}">${hbs.Utils.escapeExpression(value)}</option>`;
        if (!at.has(value)) at.set(value, [html.length, html.length + option.length]);
        html += option;
      }
      optionLists.set(values, (list = { html, at }));
    }
    const chosen = list.at.get(options.hash.selected as string);
    if (!chosen) return new hbs.SafeString(list.html);
    const value = hbs.Utils.escapeExpression(options.hash.selected as string);
    const option = `<option value="${value}" selected>${value}</option>`;
    return new hbs.SafeString(list.html.slice(0, chosen[0]) + option + list.html.slice(chosen[1]));
  });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
}
