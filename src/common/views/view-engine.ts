import Handlebars from 'handlebars';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { registerHelpers } from './helpers';
import { SharedParts, splicedPage } from './shared-parts';

type TemplateFn = Handlebars.TemplateDelegate;
type RenderCallback = (err: Error | null, page?: string | Buffer) => void;

/**
 * Handlebars for Express: every template under views/ is compiled once at start-up,
 * partials come from views/partials/, and each page is wrapped in views/layouts/main.hbs
 * unless the view model says `layout: false` or names another layout.
 */
export function createViewEngine(viewsDir: string) {
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  const templates = new Map<string, TemplateFn>();
  for (const file of walk(viewsDir)) {
    if (!file.endsWith('.hbs')) continue;
    const name = relative(viewsDir, file).split(sep).join('/').replace(/\.hbs$/, '');
    const source = readFileSync(file, 'utf8');
    if (name.startsWith('partials/')) {
      hbs.registerPartial(name.slice('partials/'.length), source);
    } else {
      templates.set(name, hbs.compile(source, { strict: false, preventIndent: true }));
    }
  }

  /** The page as text, or as bytes when it uses shared parts (their stored bytes go in undecoded). */
  function render(name: string, data: Record<string, unknown>): string | Buffer {
    const template = templates.get(name);
    if (!template) throw new Error(`unknown view "${name}"`);
    const body = template(data, { allowProtoPropertiesByDefault: false });
    const layoutName = data.layout === undefined ? 'layouts/main' : data.layout;
    if (!layoutName) return splicedPage(body, data.shared as SharedParts | undefined);
    if (typeof layoutName !== 'string') throw new TypeError('a layout is named by a string, or turned off with false');
    const layout = templates.get(`layouts/${layoutName.replace(/^layouts\//, '')}`);
    if (!layout) throw new Error(`unknown layout "${layoutName}"`);
    return splicedPage(layout({ ...data, body }), data.shared as SharedParts | undefined);
  }

  /** The Express engine signature: (absolute path, options, callback). */
  function expressEngine(filePath: string, options: Record<string, unknown>, callback: RenderCallback): void {
    try {
      const name = relative(viewsDir, filePath).split(sep).join('/').replace(/\.hbs$/, '');
      callback(null, render(name, options));
    } catch (err) {
      callback(err as Error);
    }
  }

  return { render, expressEngine };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}
