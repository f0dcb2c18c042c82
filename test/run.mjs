// Runs the compiled test files with node's own test runner: unit specs, e2e, then browser tests.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const which = process.argv[2] ?? 'all';
const find = (dir, suffix) => {
  try {
    return readdirSync(dir).flatMap((e) => {
      const full = join(dir, e);
      return statSync(full).isDirectory() ? find(full, suffix) : full.endsWith(suffix) ? [full] : [];
    });
  } catch {
    return [];
  }
};
const files = [
  ...(which === 'all' || which === 'unit' ? find('dist/src', '.spec.js') : []),
  ...(which === 'all' || which === 'e2e' ? find('dist/test/e2e', '.e2e-spec.js') : []),
  ...(which === 'all' || which === 'browser' ? find('dist/test/browser', '.browser-spec.js') : []),
].sort();
if (files.length === 0) {
  console.error(`no test files found for "${which}" (did tsc run?)`);
  process.exit(1);
}
const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
console.log(`Running ${files.length} test files on ${engine}`);
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=120000', ...files], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } });
process.exit(result.status ?? 1);
