import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { getMetadataStorage } from 'class-validator';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import 'reflect-metadata';

// STYLE rule 9: every form a handler takes is one DTO, checked by the global ValidationPipe. A handler
// with `@Body() body: Record<string, unknown>` (or `@Body('field')`) parses by hand what no DTO declares.

/** The advisory editor's form has hundreds of flat names (packages.0.files.3.name): advisory-form.ts parses it. */
const OWN_PARSER = new Set(['AdvisoryEditorController.create', 'AdvisoryEditorController.update']);

const SRC = join(__dirname, '..', '..');
const controllerFiles = () =>
  readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.controller.js'))
    .sort();

interface RouteArg {
  index: number;
  data?: unknown;
}

/** Every handler parameter bound to the request body, as "Class.method(index)" with its declared type. */
async function bodyParameters(): Promise<{ handler: string; data: unknown; type: unknown }[]> {
  const found: { handler: string; data: unknown; type: unknown }[] = [];
  for (const file of controllerFiles()) {
    for (const cls of Object.values((await import(join(SRC, file))) as Record<string, unknown>)) {
      if (typeof cls !== 'function' || !Reflect.hasMetadata('path', cls)) continue;
      const proto = cls.prototype as object;
      for (const method of Object.getOwnPropertyNames(proto)) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, cls, method) ?? {}) as Record<string, RouteArg>;
        const types = (Reflect.getMetadata('design:paramtypes', proto, method) ?? []) as unknown[];
        for (const [key, arg] of Object.entries(args)) {
          if (Number(key.split(':')[0]) !== (RouteParamtypes.BODY as number)) continue;
          found.push({ handler: `${cls.name}.${method}(${arg.index})`, data: arg.data, type: types[arg.index] });
        }
      }
    }
  }
  return found;
}

const hasRules = (type: unknown) =>
  typeof type === 'function' && getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).length > 0;

describe('form bodies', () => {
  it('finds the handlers that take a form', async () => {
    const handlers = (await bodyParameters()).map((p) => p.handler);
    assert.ok(handlers.length >= 20, handlers.join(', '));
    assert.ok(handlers.some((h) => h.startsWith('ThreadsController.create(')));
  });

  it('has every handler take its whole form as a DTO class with validation rules', async () => {
    const untyped = (await bodyParameters())
      .filter((p) => !OWN_PARSER.has(p.handler.replace(/\(\d+\)$/, '')))
      .filter((p) => p.data !== undefined || !hasRules(p.type))
      .map(
        (p) => `${p.handler}: ${p.data !== undefined ? `@Body(${JSON.stringify(p.data)})` : `type ${(p.type as { name?: string })?.name}`}`,
      );
    assert.deepEqual(untyped, []);
  });

  it('has no controller declare a body as a record or any (the advisory form’s two handlers apart)', () => {
    const untyped: string[] = [];
    for (const file of controllerFiles()) {
      const source = readFileSync(join(SRC, '..', '..', 'src', file.replace(/\.js$/, '.ts')), 'utf8');
      untyped.push(...[...source.matchAll(/@Body\(\)\s+\w+:\s*(Record<|any\b|unknown\b|object\b)/g)].map((m) => `${file}: ${m[0]}`));
    }
    const ownParser = untyped.filter((u) => u.startsWith(join('advisories', 'advisory-editor.controller.js')));
    assert.equal(ownParser.length, OWN_PARSER.size);
    assert.deepEqual(
      untyped.filter((u) => !ownParser.includes(u)),
      [],
    );
  });
});
