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
// The longest files (measured in full runs) start first, so none is left running alone at the end of a run.
const LONGEST = [
  'guest-page-cache.e2e',
  'known-issues.e2e',
  'hostile-',
  'threads.e2e',
  'moderation.e2e',
  'auth.e2e',
  'emerging-issues.e2e',
  'board.browser',
  'accessibility.browser',
  'redis.e2e',
  'idempotency.e2e',
];
const rank = (s) => {
  const i = LONGEST.findIndex((l) => s.includes(l));
  return i < 0 ? LONGEST.length : i;
};
const files = chosen
  .map((s, i) => ({ s, i }))
  .sort((x, y) => rank(x.s) - rank(y.s) || x.i - y.i)
  .map(({ s }) => join(build, s.replace(/\.ts$/, '.js')));
const missing = files.filter((f) => !existsSync(f));
if (missing.length) {
  console.error(`not compiled (run tsc -p tsconfig.json): ${missing.map((f) => relative(root, f)).join(', ')}`);
  process.exit(1);
}
const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
console.log(`Running ${files.length} test file${files.length === 1 ? '' : 's'} on ${engine}`);
// Four files at once on two CPUs: a full run keeps the CPUs only about half busy at two (servers, browsers, databases wait).
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=4', '--test-timeout=300000', ...files], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(result.status ?? 1);
