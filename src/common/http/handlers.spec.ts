import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import 'reflect-metadata';

// STYLE rule 15: a page's model comes from its page service; a handler answers through Nest (@Render,
// @Redirect) in a line or two. The response object is taken only where Nest's answers cannot say it.

/** Handlers that take the response, and why. */
const TAKE_RESPONSE: Record<string, string> = {
  // Render or redirect, decided by the request.
  'ThreadsController.create': 'a preview renders the thread page (200), a post redirects to itself',
  'AdvisoryEditorController.create': "'add a row' renders the form again (200), a save redirects",
  'AdvisoryEditorController.update': "'add a row' renders the form again (200), a save redirects",
  'AdvisoryEditorController.unpublishForm': 'a draft redirects to its preview, a published bulletin shows the form',
  'MailController.unsubscribe': 'a bad token renders its page (400, no-store), a good one redirects',
  // A page whose status depends on the input: @Render cannot say 400.
  'SearchController.page': 'an unsearchable form is answered 400 (passthrough: @Render still renders)',
  'MailController.confirmUnsubscribe': 'an invalid token is answered 400 (passthrough: @Render still renders)',
  // Not HTML: cached bodies with an ETag and 304 (sendCached), their own headers.
  'EmbedsController.summaryJson': 'JSON with CORS, ETag and 304',
  'EmbedsController.badge': 'SVG with its own CSP, ETag and 304',
  'TrendController.trend': 'SVG with its own CSP and type, set once the advisory is found (passthrough: @Render renders it)',
  'EmbedsController.embed': 'a frame-ancestors CSP from the configuration, X-Frame-Options removed',
  'EmbedsController.bulletinTxt': 'plain text, no-cache',
  'FeedsController.thread': 'Atom with ETag and 304',
  'FeedsController.advisoryKnownIssues': 'Atom with ETag and 304',
  'FeedsController.knownIssues': 'Atom with ETag and 304',
  'FeedsController.latest': 'Atom with ETag and 304',
  'FeedsController.status': 'Atom with ETag and 304',
  'StatusController.json': 'JSON with CORS, ETag and 304',
  'HealthController.check': 'JSON whose status (200 or 503) is the health',
};

// Compiled to dist-test/src/common/http: the build's src is two levels up, the sources three.
const BUILD_SRC = join(__dirname, '..', '..');
const SRC = join(__dirname, '..', '..', '..', '..', 'src');
const controllerFiles = () =>
  readdirSync(BUILD_SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.controller.js'))
    .sort();

/** Every handler that takes the response object (@Res), as "Class.method". */
async function takingResponse(): Promise<string[]> {
  const found: string[] = [];
  for (const file of controllerFiles()) {
    for (const cls of Object.values((await import(join(BUILD_SRC, file))) as Record<string, unknown>)) {
      if (typeof cls !== 'function' || !Reflect.hasMetadata('path', cls)) continue;
      for (const method of Object.getOwnPropertyNames(cls.prototype)) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, cls, method) ?? {}) as Record<string, unknown>;
        if (Object.keys(args).some((key) => Number(key.split(':')[0]) === (RouteParamtypes.RESPONSE as number)))
          found.push(`${cls.name}.${method}`);
      }
    }
  }
  return found.sort();
}

describe('thin handlers', () => {
  it('finds the controllers', () => {
    assert.ok(controllerFiles().length >= 12, controllerFiles().join(', '));
  });

  it('takes the response only where listed', async () => {
    assert.deepEqual(await takingResponse(), Object.keys(TAKE_RESPONSE).sort());
  });

  it('builds no view model in a controller: titles and render calls with a model belong to page services', () => {
    const built = controllerFiles().flatMap((file) =>
      readFileSync(join(SRC, file.replace(/\.js$/, '.ts')), 'utf8')
        .split('\n')
        .filter((line) => /\btitleKey\s*:|\btitle\s*:|\.render\(\s*['"][^'"]+['"]\s*,\s*\{/.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    assert.deepEqual(built, []);
  });
});
