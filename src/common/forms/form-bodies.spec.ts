import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { getMetadataStorage } from 'class-validator';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import 'reflect-metadata';
import { AdvisoryFormPipe } from '../../advisories/dto/editor.forms';

// STYLE rule 9: every form a handler takes is one DTO, checked by the global ValidationPipe. A handler
// with `@Body() body: Record<string, unknown>` (or `@Body('field')`) parses by hand what no DTO declares.

/** Pipes that parse a whole form no DTO class can declare: the advisory form's numbered names (packages.0.files.3.name). */
const FORM_PARSERS: readonly unknown[] = [AdvisoryFormPipe];

const SRC = join(__dirname, '..', '..');
const controllerFiles = () =>
  readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.controller.js'))
    .sort();

interface RouteArg {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

interface BodyParameter {
  handler: string;
  data: unknown;
  type: unknown;
  pipes: unknown[];
}

/** Every handler parameter bound to the request body, as "Class.method(index)" with its declared type and pipes. */
async function bodyParameters(): Promise<BodyParameter[]> {
  const found: BodyParameter[] = [];
  for (const file of controllerFiles()) {
    for (const cls of Object.values((await import(join(SRC, file))) as Record<string, unknown>)) {
      if (typeof cls !== 'function' || !Reflect.hasMetadata('path', cls)) continue;
      const proto = cls.prototype as object;
      for (const method of Object.getOwnPropertyNames(proto)) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, cls, method) ?? {}) as Record<string, RouteArg>;
        const types = (Reflect.getMetadata('design:paramtypes', proto, method) ?? []) as unknown[];
        for (const [key, arg] of Object.entries(args)) {
          if (Number(key.split(':')[0]) !== (RouteParamtypes.BODY as number)) continue;
          found.push({ handler: `${cls.name}.${method}(${arg.index})`, data: arg.data, type: types[arg.index], pipes: arg.pipes ?? [] });
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

  it('has every handler take its whole form as a DTO class with validation rules, or through a parsing pipe', async () => {
    const parameters = await bodyParameters();
    const parsed = parameters.filter((p) => p.data === undefined && p.pipes.some((pipe) => FORM_PARSERS.includes(pipe)));
    assert.deepEqual(
      parsed.map((p) => p.handler),
      ['AdvisoryEditorController.create(0)', 'AdvisoryEditorController.update(1)'],
    );
    const untyped = parameters
      .filter((p) => !parsed.includes(p))
      .filter((p) => p.data !== undefined || !hasRules(p.type))
      .map(
        (p) => `${p.handler}: ${p.data !== undefined ? `@Body(${JSON.stringify(p.data)})` : `type ${(p.type as { name?: string })?.name}`}`,
      );
    assert.deepEqual(untyped, []);
  });

  it('has no controller declare a body as a record or any', () => {
    const untyped: string[] = [];
    for (const file of controllerFiles()) {
      const source = readFileSync(join(SRC, '..', '..', 'src', file.replace(/\.js$/, '.ts')), 'utf8');
      untyped.push(...[...source.matchAll(/@Body\(\)\s+\w+:\s*(Record<|any\b|unknown\b|object\b)/g)].map((m) => `${file}: ${m[0]}`));
    }
    assert.deepEqual(untyped, []);
  });
});
