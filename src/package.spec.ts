import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findRootDir } from './config/config';

const root = findRootDir(__dirname);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Packages the code uses without importing them, and why. */
const USED_WITHOUT_IMPORT: Record<string, string> = {
  typescript: 'compiles the board when it starts',
  'class-transformer': "loaded by Nest's ValidationPipe to build each form's DTO",
  '@mikro-orm/cli': 'npm run db:migration:create',
  '@nestjs/cli': 'nest build and nest start --watch (npm start, build, start:dev)',
  eslint: 'npm run lint',
  'dependency-cruiser': 'npm run lint (depcruise src)',
  prettier: 'npm run format',
  '@types/node': "the types of node's own modules (node:*)",
};

const IMPORT =
  /^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\brequire(?:\.resolve)?\(\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** The tools' own configuration files at the top of the project (eslint.config.mjs and the like). */
function configFiles(): string[] {
  return readdirSync(root)
    .filter((name) => /\.config\.m?js$/.test(name))
    .map((name) => join(root, name));
}

/** The packages a set of files imports: "@scope/name" or "name", without sub-paths and node's own modules. */
function imported(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
      if (spec.startsWith('.') || spec.startsWith('node:')) continue;
      names.add(
        spec
          .split('/')
          .slice(0, spec.startsWith('@') ? 2 : 1)
          .join('/'),
      );
    }
  }
  return names;
}

describe('package.json', () => {
  const shipped = [...sources('src'), ...sources('migrations')].filter((f) => !f.endsWith('.spec.ts'));
  const testing = [...sources('src').filter((f) => f.endsWith('.spec.ts')), ...sources('test'), ...sources('bench'), ...configFiles()];

  it('declares in dependencies every package the board imports', () => {
    const missing = [...imported(shipped)].filter((name) => !(name in pkg.dependencies));
    assert.deepEqual(missing, []);
  });

  it('declares every package the tests and the benchmark import', () => {
    const missing = [...imported(testing)].filter((name) => !(name in pkg.dependencies) && !(name in pkg.devDependencies));
    assert.deepEqual(missing, []);
  });

  it('uses every package it declares', () => {
    const used = new Set([...imported(shipped), ...imported(testing), ...Object.keys(USED_WITHOUT_IMPORT)]);
    const typed = (name: string) =>
      name.startsWith('@types/') && (used.has(name.slice(7)) || used.has(`@${name.slice(7).replace('__', '/')}`));
    const unused = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter(
      (name) => !used.has(name) && !typed(name),
    );
    assert.deepEqual(unused, []);
  });
});
