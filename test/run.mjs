// Runs the compiled tests (dist-test/, the tests' own build) with node's own test runner.
//   node test/run.mjs                      unit specs, e2e, then browser tests
//   node test/run.mjs --unit|--e2e|--browser
//   node test/run.mjs auth test/e2e/threads.e2e-spec.ts   a spec's path, or words its path contains
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const build = join(root, 'dist-test');
const KINDS = { unit: ['src', '.spec.ts'], e2e: ['test/e2e', '.e2e-spec.ts'], browser: ['test/browser', '.browser-spec.ts'] };

const args = process.argv.slice(2);
const kinds = Object.keys(KINDS).filter((k) => args.includes(`--${k}`));
const patterns = args.filter((a) => !a.startsWith('--'));

/** Spec sources (so a spec deleted or renamed since the last build is not run from its stale output). */
const sources = (dir, suffix) =>
  readdirSync(join(root, dir), { recursive: true })
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f))
    .sort();

const specs = (kinds.length ? kinds : Object.keys(KINDS)).flatMap((k) => sources(...KINDS[k]));
const chosen = patterns.length
  ? specs.filter((s) => patterns.some((p) => (p.endsWith('.ts') ? relative(root, resolve(p)) === s : s.includes(p))))
  : specs;
if (chosen.length === 0) {
  console.error(`no spec matches ${patterns.join(' ') || kinds.join(' ')}`);
  process.exit(1);
}
const files = chosen.map((s) => join(build, s.replace(/\.ts$/, '.js')));
const missing = files.filter((f) => !existsSync(f));
if (missing.length) {
  console.error(`not compiled (run tsc -p tsconfig.json): ${missing.map((f) => relative(root, f)).join(', ')}`);
  process.exit(1);
}
const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
console.log(`Running ${files.length} test file${files.length === 1 ? '' : 's'} on ${engine}`);
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=300000', ...files], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(result.status ?? 1);
