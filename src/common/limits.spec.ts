import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import Handlebars from 'handlebars';
import { findRootDir } from '../config/config';
import { limit, LIMITS } from './limits';
import { registerHelpers } from './views/helpers';

const root = findRootDir(__dirname);
const viewsDir = join(root, 'views');
const views = (readdirSync(viewsDir, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.hbs'))
  .sort()
  .map((f) => ({ name: relative(root, join(viewsDir, f)), source: readFileSync(join(viewsDir, f), 'utf8') }));

/** `{{limit "x"}}` and `(limit "x")`: the names the views ask for. */
const LIMIT_CALL = /[{(]~?\s*limit\s+(?:"([^"]*)"|'([^']*)'|(\S+?))\s*~?[})]/g;

describe('LIMITS', () => {
  it('are positive whole numbers', () => {
    for (const [name, value] of Object.entries(LIMITS)) assert.ok(Number.isInteger(value) && value > 0, `${name}: ${value}`);
  });

  it('cannot be changed at run time', () => {
    assert.throws(() => Object.assign(LIMITS, { postBody: 1 }));
  });

  it('are looked up by name, and an unknown name throws', () => {
    assert.equal(limit('postBody'), LIMITS.postBody);
    assert.throws(() => limit('postbody'), /unknown limit "postbody"/);
    assert.throws(() => limit('toString'), /unknown limit/);
    assert.throws(() => limit(undefined), /unknown limit/);
  });
});

describe('the limit helper', () => {
  const sut = Handlebars.create();
  registerHelpers(sut);

  it('renders the number the server enforces', () => {
    assert.equal(sut.compile('<textarea maxlength="{{limit "postBody"}}">')({}), `<textarea maxlength="${LIMITS.postBody}">`);
  });

  it('fails the render for a name it does not know, or no name', () => {
    assert.throws(() => sut.compile('{{limit "postBodyy"}}')({}), /unknown limit "postBodyy"/);
    assert.throws(() => sut.compile('{{limit}}')({}), /unknown limit/);
  });
});

describe('views', () => {
  it('are found', () => {
    assert.ok(views.some((v) => v.name === join('views', 'partials', 'post-form.hbs')));
  });

  it('write no length as a number: maxlength and minlength come from {{limit}}', () => {
    const literals = views.flatMap(({ name, source }) =>
      [...source.matchAll(/\b(?:max|min)length\s*=\s*["']?\d+/gi)].map((m) => {
        const line = source.slice(0, m.index).split('\n').length;
        return `${name}:${line}: ${m[0]}`;
      }),
    );
    assert.deepEqual(literals, []);
  });

  it('ask only for limits that exist, each by a quoted name', () => {
    const used = views.flatMap(({ name, source }) =>
      [...source.matchAll(LIMIT_CALL)].map((m) => ({ where: name, quoted: m[1] ?? m[2], bare: m[3] })),
    );
    assert.ok(
      used.some((u) => u.quoted === 'postBody'),
      'the post form asks for {{limit "postBody"}}',
    );
    const wrong = used
      .filter((u) => u.quoted === undefined || !Object.hasOwn(LIMITS, u.quoted))
      .map((u) => `${u.where}: limit ${u.quoted === undefined ? u.bare : `"${u.quoted}"`}`);
    assert.deepEqual(wrong, []);
  });
});
