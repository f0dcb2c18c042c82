/**
 * The benchmark: the app (c) beside the floor (b, Express + the same views and queries) and the ceiling
 * (a, node:http sending the app's recorded bytes), in interleaved rounds, plus growth, deep pages, other
 * pages, a signed-in subscriber and a write load. Writes bench/results/latest.json, chart.svg and the
 * table in BENCHMARKS.md.
 *   npm run bench          full run (generates data/bench/*.sqlite on first use)
 *   npm run bench:smoke    small data and short rounds: proves the harness runs, asserts nothing about speed
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config';
import { BENCH_PASSWORD, HOT_ADVISORY } from './generate';
import { recount } from './recount';
import { openSink } from './sink';
import { writeChart } from './chart';

const ROOT = join(__dirname, '..', '..');
const smoke = process.argv.includes('--smoke');
const writesOnly = process.argv.includes('--writes-only');
const DATA = join(ROOT, 'data', 'bench');
const RESULTS = join(ROOT, 'bench', 'results');
const BIG = smoke ? 20_000 : 1_000_000;
const SMALL = 1_000;
const ROUNDS = smoke ? 1 : 5;
const SECONDS = smoke ? 2 : 10;
const CONNECTIONS = 32;
const SECRET = 'bench-session-secret-bench-session-secret';

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  errors: number;
  non2xx: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

interface Server {
  name: string;
  url: string;
  proc: ChildProcess;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  mkdirSync(RESULTS, { recursive: true });
  if (spawnSync('wrk', ['--version']).error) throw new Error('wrk is not installed (apt-get install -y wrk)');
  if (writesOnly) {
    await writeLoad(await dataset(smoke ? 20_000 : 100_000, 'writes'));
    return;
  }
  const bigDb = await dataset(BIG);
  const smallDb = await dataset(SMALL);
  const results: Record<string, unknown> = { date: new Date().toISOString(), machine: machine(), smoke, posts: BIG, connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS };

  const app = await startApp(bigDb, 47911);
  // The same app rendering every page (no guest page cache): what the views and queries cost beside the floor.
  const rendering = await startApp(bigDb, 47916, { PAGE_CACHE_MB: '0' });
  const floor = await startServer('floor', ['dist/bench/floor.js', '47912', bigDb], 'http://127.0.0.1:47912');
  try {
    const threadPaths = await rotation(bigDb);
    const pathFile = join(RESULTS, 'thread-paths.tmp');
    writeFileSync(pathFile, threadPaths.join('\n'));
    await sameContent(app.url, floor.url, threadPaths.slice(0, smoke ? 10 : 50));
    const ceiling = await startCeiling(app.url, threadPaths);
    try {
      log(`Side by side: ${ROUNDS} round(s) × ${SECONDS} s, ${CONNECTIONS} connections, ${threadPaths.length} thread pages in rotation`);
      const rounds: { a: LoadResult; b: LoadResult; c: LoadResult; d: LoadResult }[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const order = i % 2 === 0 ? (['a', 'b', 'c', 'd'] as const) : (['d', 'c', 'b', 'a'] as const);
        const round = {} as { a: LoadResult; b: LoadResult; c: LoadResult; d: LoadResult };
        for (const which of order) round[which] = wrk({ a: ceiling.url, b: floor.url, c: app.url, d: rendering.url }[which], pathFile);
        rounds.push(round);
        log(`  round ${i + 1}: ceiling ${round.a.rps.toFixed(0)}/s, floor ${round.b.rps.toFixed(0)}/s, app ${round.c.rps.toFixed(0)}/s (p50 ${round.c.p50.toFixed(1)} ms, p99 ${round.c.p99.toFixed(1)} ms), app rendering every page ${round.d.rps.toFixed(0)}/s`);
      }
      results.sideBySide = {
        rounds,
        appOverFloor: median(rounds.map((r) => r.c.rps / r.b.rps)),
        appOverCeiling: median(rounds.map((r) => r.c.rps / r.a.rps)),
        renderingOverFloor: median(rounds.map((r) => r.d.rps / r.b.rps)),
        rendering: { p50: median(rounds.map((r) => r.d.p50)), p99: median(rounds.map((r) => r.d.p99)) },
        app: { p50: median(rounds.map((r) => r.c.p50)), p99: median(rounds.map((r) => r.c.p99)) },
        floor: { p50: median(rounds.map((r) => r.b.p50)), p99: median(rounds.map((r) => r.b.p99)) },
        ceiling: { p50: median(rounds.map((r) => r.a.p50)), p99: median(rounds.map((r) => r.a.p99)) },
      };
    } finally {
      stop(ceiling);
    }

    const pages: Record<string, LoadResult> = {};
    const run = (name: string, paths: string[], cookie?: string, connections = CONNECTIONS) => {
      const file = join(RESULTS, `${name}.tmp`);
      writeFileSync(file, paths.join('\n'));
      pages[name] = wrk(app.url, file, cookie, connections);
      log(`  ${name}: ${pages[name].rps.toFixed(0)}/s, p50 ${pages[name].p50.toFixed(1)} ms, p99 ${pages[name].p99.toFixed(1)} ms${pages[name].non2xx ? `, ${pages[name].non2xx} non-2xx` : ''}`);
    };
    const hotPages = Math.ceil((await threadPostCount(bigDb, HOT_ADVISORY)) / 50);
    const deep = Math.min(2000, hotPages);
    log('Pages of the app:');
    run('hot-page-1', [`/advisories/${HOT_ADVISORY}/thread`]);
    run(`hot-page-${deep}`, [`/advisories/${HOT_ADVISORY}/thread?page=${deep}`]);
    run('bulletin', threadPaths.filter((p) => !p.includes('?')).slice(0, 200).map((p) => p.replace(/\/thread$/, '')));
    run('index', ['/', '/?lang=en']);
    run('summary-json', threadPaths.filter((p) => !p.includes('?')).slice(0, 200).map((p) => p.replace(/\/thread$/, '/summary.json')));
    run('thread-subscriber', threadPaths, await signIn(app.url, 'bench00002'));
    // Search, as administrators type it: 2-character Japanese words, longer Japanese, English and KB numbers;
    // 4 connections, so the latency is the query's own rather than the queue's at saturation (32 are also run).
    const q = (words: string[]) => words.map((w) => `/search?q=${encodeURIComponent(w)}`);
    const ja2 = q(['障害', '起動', '失敗', '再現', '適用', '停止', '接続', '回避']);
    const jaLong = q(['起動しない', 'カーネル', '脆弱性', 'スケジュール', 'ブルースクリーン', 'ロールバック', '名前解決', 'サポート窓口']);
    const en = q(['Backup Exec', 'ntoskrnl.exe', 'KB891531', 'Terminal Services', 'error 0x80070005', 'Group Policy', '"event logs"', 'Backup 失敗']);
    run('search-ja-2', ja2, undefined, 4);
    run('search-ja-long', jaLong, undefined, 4);
    run('search-en', en, undefined, 4);
    run('search-all-32', [...ja2, ...jaLong, ...en]);
    // One connection: a search's own time, no queue.
    run('search-ja-2-1c', ja2, undefined, 1);
    run('search-ja-long-1c', jaLong, undefined, 1);
    run('search-en-1c', en, undefined, 1);
    results.pages = pages;
    results.deepPage = deep;
    results.memoryMb = peakRssMb(app.proc);
    log(`  peak memory of the app under load: ${results.memoryMb} MB`);
  } finally {
    stop(floor);
    stop(app);
    stop(rendering);
  }

  // Growth: the same rotation on the small data set.
  const small = await startApp(smallDb, 47913);
  try {
    const smallPaths = await rotation(smallDb);
    const file = join(RESULTS, 'small-paths.tmp');
    writeFileSync(file, smallPaths.join('\n'));
    results.small = wrk(small.url, file);
    log(`Growth: ${SMALL} posts: p50 ${(results.small as LoadResult).p50.toFixed(1)} ms`);
  } finally {
    stop(small);
  }

  // Writes go to a data set of their own, rebuilt each run, so the read data sets stay as generated.
  results.writes = await writeLoad(await dataset(smoke ? 20_000 : 100_000, 'writes'));
  writeFileSync(join(RESULTS, smoke ? 'smoke.json' : 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const table = summaryTable(results);
  log(`\n${table}`);
  if (!smoke) {
    writeChart(results, join(ROOT, 'bench', 'results', 'chart.svg'));
    updateBenchmarksMd(table);
  }
}

async function dataset(posts: number, fresh?: string): Promise<string> {
  const path = join(DATA, `bench-${fresh ?? (posts >= 1_000_000 ? `${posts / 1_000_000}m` : posts >= 1000 ? `${posts / 1000}k` : posts)}.sqlite`);
  if (existsSync(path) && !fresh) {
    log(`Using ${path}`);
    return path;
  }
  const r = spawnSync(process.execPath, ['dist/bench/generate.js', '--posts', String(posts), ...(fresh ? ['--force'] : [])], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, SQLITE_PATH: path, NODE_ENV: 'test', DATABASE_URL: '' } });
  if (r.status !== 0) throw new Error(`generating ${path} failed`);
  return path;
}

function appEnv(db: string, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: '',
    SQLITE_PATH: db,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    SESSION_SECRET: SECRET,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    LOG_REQUESTS: 'false',
    DEMO_DATA: 'false',
    // Behind a TLS proxy in production: the bench says so with X-Forwarded-Proto, so secure cookies work.
    TRUST_PROXY: 'loopback',
    RATE_LIMIT_POSTS_USER: '1000000/60',
    RATE_LIMIT_LOGIN_IP: '1000/60',
  };
}

async function startApp(db: string, port: number, env: NodeJS.ProcessEnv = {}): Promise<Server> {
  // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles every app process of the run.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return startServer('app', [...nodeArgs, 'dist/src/main.js'], `http://127.0.0.1:${port}`, { ...appEnv(db, port), ...env });
}

async function startServer(name: string, args: string[], url: string, env: NodeJS.ProcessEnv = process.env): Promise<Server> {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 200; i++) {
    if (proc.exitCode !== null) throw new Error(`${name} exited with ${proc.exitCode}`);
    try {
      await get(url + '/healthz');
      // Another process on the port would answer too: make sure ours is still running.
      await new Promise((r) => setTimeout(r, 300));
      if (proc.exitCode !== null) throw new Error(`${name} exited with ${proc.exitCode} (port in use?)`);
      return { name, url, proc };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  proc.kill();
  throw new Error(`${name} did not start`);
}

function stop(server: Server): void {
  server.proc.kill('SIGTERM');
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

// A fresh connection per request: a kept-alive socket can be closed by the server just as it is reused.
function get(url: string, headers: Record<string, string> = {}, method = 'GET', body?: string, agent: Agent | false = false): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: { 'x-forwarded-proto': 'https', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.setTimeout(30000, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

/** ~200 threads' pages: every thread with a full first page, its first few pages. */
async function rotation(db: string): Promise<string[]> {
  const sink = await openSink(loadConfig({ SQLITE_PATH: db }));
  const rows = await sink.query<{ advisory_id: string; post_count: number }>(`select advisory_id, post_count from threads where post_count >= 50 and advisory_id <> '${HOT_ADVISORY}' order by id limit 200`);
  await sink.close();
  const paths: string[] = [];
  for (const r of rows) for (let p = 1; p <= Math.min(2, Math.ceil(r.post_count / 50)); p++) paths.push(`/advisories/${r.advisory_id}/thread${p > 1 ? `?page=${p}` : ''}`);
  return paths;
}

async function threadPostCount(db: string, id: string): Promise<number> {
  const sink = await openSink(loadConfig({ SQLITE_PATH: db }));
  const [row] = await sink.query<{ post_count: number }>(`select post_count from threads where advisory_id = '${id}'`);
  await sink.close();
  return Number(row?.post_count ?? 0);
}

/** The floor must do the app's work: same status and the same bytes for each page. */
async function sameContent(app: string, floor: string, paths: string[]): Promise<void> {
  for (const p of paths) {
    const [c, b] = await Promise.all([get(app + p), get(floor + p)]);
    if (c.status !== 200 || b.status !== 200 || !c.body.equals(b.body)) throw new Error(`floor and app differ on ${p} (${c.status}/${b.status}, ${c.body.length}/${b.body.length} bytes)`);
  }
  log(`Floor and app return identical pages (${paths.length} checked)`);
}

/** Records the app's responses and serves them from a bare node:http server: the most any server could do here. */
async function startCeiling(app: string, paths: string[]): Promise<Server> {
  const recorded: Record<string, { status: number; headers: Record<string, unknown>; body: string }> = {};
  for (const p of paths) {
    const r = await get(app + p);
    recorded[p] = { status: r.status, headers: r.headers, body: r.body.toString('base64') };
  }
  const file = join(RESULTS, 'ceiling.tmp');
  writeFileSync(file, JSON.stringify(recorded));
  return startServer('ceiling', ['dist/bench/ceiling.js', '47914', file], 'http://127.0.0.1:47914');
}

function wrk(base: string, pathFile: string, cookie?: string, connections = CONNECTIONS): LoadResult {
  const args = [`-t${Math.min(2, connections)}`, `-c${connections}`, `-d${SECONDS}s`, '--timeout', '10s', '-s', join(ROOT, 'bench', 'wrk', 'rotate.lua'), base, '--', pathFile, ...(cookie ? [cookie] : [])];
  const r = spawnSync('wrk', args, { encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as LoadResult;
  } catch {
    throw new Error(`wrk failed: ${r.stderr || r.stdout}`);
  }
}

async function signIn(base: string, username: string): Promise<string> {
  const form = await get(`${base}/login`);
  const cookies = cookiesOf(form);
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body.toString())?.[1];
  if (!token) throw new Error('no CSRF token on /login');
  const body = new URLSearchParams({ _csrf: token, username, password: BENCH_PASSWORD }).toString();
  const r = await get(`${base}/login`, { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded', origin: base }, 'POST', body);
  if (r.status !== 303) throw new Error(`sign-in as ${username} failed (${r.status})`);
  return cookiesOf(r) || cookies;
}

function cookiesOf(r: Reply): string {
  const set = r.headers['set-cookie'];
  return (Array.isArray(set) ? set : set ? [set] : []).map((c) => c.split(';')[0]).join('; ');
}

/** VmHWM: the most resident memory the process ever had. */
function peakRssMb(proc: ChildProcess): number {
  const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** Concurrent posts and confirmations by signed-in members; afterwards every counter must equal a recount. */
async function writeLoad(db: string): Promise<Record<string, unknown>> {
  const app = await startApp(db, 47915);
  try {
    const writers = 16;
    const sessions = [];
    for (let i = 0; i < writers; i++) {
      const cookie = await signIn(app.url, `bench${String(i + 3).padStart(5, '0')}`);
      const page = await get(`${app.url}/advisories/${HOT_ADVISORY}/thread`, { cookie });
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body.toString())?.[1] ?? '';
      sessions.push({ cookie, token });
    }
    // Reports none of the writers wrote or confirmed: each writer confirms its own share, each once.
    const sink0 = await openSink(loadConfig({ SQLITE_PATH: db }));
    const reportIds = (
      await sink0.query<{ id: number }>(
        `select r.post_id as id from field_reports r join posts p on p.id = r.post_id join threads t on t.id = p.thread_id
         where t.advisory_id = '${HOT_ADVISORY}' and p.state = 'visible' and p.author_id > ${writers + 2}
         and not exists (select 1 from confirmations c where c.report_id = r.post_id and c.user_id <= ${writers + 2}) order by r.post_id`,
      )
    ).map((r) => Number(r.id));
    await sink0.close();
    const seconds = smoke ? 3 : 15;
    const until = Date.now() + seconds * 1000;
    const agent = new Agent({ keepAlive: true });
    let posts = 0;
    let confirmations = 0;
    let failures = 0;
    const latencies: number[] = [];
    await Promise.all(
      sessions.map(async (s, i) => {
        let n = 0;
        while (Date.now() < until) {
          n++;
          const started = process.hrtime.bigint();
          const confirm = reportIds.length > 0 && n % 4 === 0;
          let r: Reply;
          if (confirm) {
            const id = reportIds[(i * Math.floor(reportIds.length / writers) + n / 4) % reportIds.length];
            r = await get(`${app.url}/posts/${id}/confirm`, { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: app.url }, 'POST', new URLSearchParams({ _csrf: s.token, platform: 'win2000-sp4' }).toString(), agent);
          } else {
            const report = n % 5 === 0;
            const fields: Record<string, string> = { _csrf: s.token, body: `負荷試験の投稿 ${i}-${n}: 起動しない問題は再現せず。Backup Exec OK.` };
            if (report) Object.assign(fields, { platform: 'win2000-sp4', outcome: n % 10 === 0 ? 'problem' : 'success', hosts: '10', software: 'VERITAS Backup Exec 8.6' });
            r = await get(`${app.url}/advisories/${HOT_ADVISORY}/thread`, { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: app.url }, 'POST', new URLSearchParams(fields).toString(), agent);
          }
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
          if (r.status === 303) confirm ? confirmations++ : posts++;
          else failures++;
        }
      }),
    );
    agent.destroy();
    const sink = await openSink(loadConfig({ SQLITE_PATH: db }));
    const mismatches = await recount(sink);
    await sink.close();
    latencies.sort((x, y) => x - y);
    const result = {
      seconds,
      writers,
      posts,
      confirmationRequests: confirmations,
      failures,
      writesPerSecond: (posts + confirmations) / seconds,
      postsPerSecond: posts / seconds,
      p50: latencies[Math.floor(latencies.length / 2)] ?? 0,
      p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
      counterMismatches: mismatches.length,
      firstMismatches: mismatches.slice(0, 5),
    };
    log(`Writes: ${result.postsPerSecond.toFixed(0)} posts/s and ${(confirmations / seconds).toFixed(0)} confirmation requests/s by ${writers} members, ${failures} failures; counters ${mismatches.length ? `DIFFER: ${mismatches.slice(0, 3).join('; ')}` : 'equal a recount'}`);
    if (mismatches.length) process.exitCode = 1;
    return result;
  } finally {
    stop(app);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function machine(): string {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  const cores = readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((l) => l.startsWith('processor')).length;
  const mem = Math.round(Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 1024 / 1024);
  return `${cores} cores (${cpu}), ${mem} GiB, Node ${process.version}, SQLite (better-sqlite3)`;
}

/** Targets beside the measurements, as a Markdown table. */
export function summaryTable(r: Record<string, any>): string {
  const sbs = r.sideBySide;
  const pages = r.pages;
  const hot1 = pages['hot-page-1'];
  const hotDeep = pages[`hot-page-${r.deepPage}`];
  const rows: [string, string, string, boolean][] = [
    ['app ÷ floor (thread page, req/s, median of rounds)', '≥ 0.8', sbs.appOverFloor.toFixed(2), sbs.appOverFloor >= 0.8],
    ['app ÷ ceiling', '≥ 0.25', sbs.appOverCeiling.toFixed(2), sbs.appOverCeiling >= 0.25],
    ['app rendering every page (cache off) ÷ floor', '—', sbs.renderingOverFloor.toFixed(2), true],
    ['thread page p99, 32 connections', '≤ 50 ms', `${sbs.app.p99.toFixed(1)} ms`, sbs.app.p99 <= 50],
    [`p50 at ${r.posts.toLocaleString('en')} posts ÷ p50 at 1,000 posts`, '≤ 1.2', (sbs.app.p50 / r.small.p50).toFixed(2), sbs.app.p50 / r.small.p50 <= 1.2],
    [`hot thread page ${r.deepPage} ÷ page 1 (p50)`, '≤ 1.3', (hotDeep.p50 / hot1.p50).toFixed(2), hotDeep.p50 / hot1.p50 <= 1.3],
    ['search, 2-character Japanese words, p95 (4 connections)', '≤ 50 ms', `${pages['search-ja-2'].p95.toFixed(1)} ms`, pages['search-ja-2'].p95 <= 50],
    ['search, longer Japanese words, p95 (4 connections)', '≤ 30 ms', `${pages['search-ja-long'].p95.toFixed(1)} ms`, pages['search-ja-long'].p95 <= 30],
    ['search, 2-character Japanese words, p95 (1 connection)', '≤ 50 ms', `${pages['search-ja-2-1c'].p95.toFixed(1)} ms`, pages['search-ja-2-1c'].p95 <= 50],
    ['search, longer Japanese words, p95 (1 connection)', '≤ 30 ms', `${pages['search-ja-long-1c'].p95.toFixed(1)} ms`, pages['search-ja-long-1c'].p95 <= 30],
    ['app memory under load (peak RSS)', '≤ 300 MB', `${r.memoryMb} MB`, r.memoryMb <= 300],
    ['sustained posts per second (SQLite), counters = recount', '≥ 500/s, 0 mismatches', `${r.writes.postsPerSecond.toFixed(0)}/s, ${r.writes.counterMismatches} mismatches`, r.writes.postsPerSecond >= 500 && r.writes.counterMismatches === 0],
  ];
  const lines = ['| measure | target | measured | met |', '| --- | --- | --- | --- |', ...rows.map(([m, t, v, ok]) => `| ${m} | ${t} | ${v} | ${ok ? 'yes' : '**no**'} |`)];
  lines.push('', '| page (app; 32 connections unless named) | req/s | p50 | p95 | p99 |', '| --- | --- | --- | --- | --- |');
  const avg = (k: 'a' | 'b' | 'c' | 'd') => (sbs.rounds.reduce((sum: number, x: any) => sum + x[k].rps, 0) / sbs.rounds.length).toFixed(0);
  const med = (k: 'a' | 'b' | 'c' | 'd', f: 'p95') => median(sbs.rounds.map((x: any) => x[k][f])).toFixed(1);
  lines.push(`| thread page (ceiling a) | ${avg('a')} | ${sbs.ceiling.p50.toFixed(1)} ms | ${med('a', 'p95')} ms | ${sbs.ceiling.p99.toFixed(1)} ms |`);
  lines.push(`| thread page (floor b) | ${avg('b')} | ${sbs.floor.p50.toFixed(1)} ms | ${med('b', 'p95')} ms | ${sbs.floor.p99.toFixed(1)} ms |`);
  lines.push(`| thread page (app c) | ${avg('c')} | ${sbs.app.p50.toFixed(1)} ms | ${med('c', 'p95')} ms | ${sbs.app.p99.toFixed(1)} ms |`);
  lines.push(`| thread page (app rendering every page d) | ${avg('d')} | ${sbs.rendering.p50.toFixed(1)} ms | ${med('d', 'p95')} ms | ${sbs.rendering.p99.toFixed(1)} ms |`);
  for (const [name, p] of Object.entries<any>(pages)) lines.push(`| ${name}${name.startsWith('search-') && !name.endsWith('-32') ? (name.endsWith('-1c') ? ' (1 connection)' : ' (4 connections)') : ''} | ${p.rps.toFixed(0)} | ${p.p50.toFixed(1)} ms | ${p.p95.toFixed(1)} ms | ${p.p99.toFixed(1)} ms |`);
  lines.push(`| thread page at 1,000 posts | ${r.small.rps.toFixed(0)} | ${r.small.p50.toFixed(1)} ms | ${r.small.p95.toFixed(1)} ms | ${r.small.p99.toFixed(1)} ms |`);
  return lines.join('\n');
}

function updateBenchmarksMd(table: string): void {
  const file = join(ROOT, 'BENCHMARKS.md');
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  const start = '<!-- bench:table -->';
  const end = '<!-- /bench:table -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < 0) return;
  writeFileSync(file, `${text.slice(0, i + start.length)}\n${table}\n${text.slice(j)}`);
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
