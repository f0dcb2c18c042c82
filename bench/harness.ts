/**
 * What the benchmark (run.ts) and the soak (soak.ts) share: data sets, the app started as in production,
 * plain HTTP requests, sign-in, wrk, the writers' posts and confirmations, and the BENCHMARKS.md tables.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { Agent, request } from 'node:http';
import { basename, join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { loadConfig } from '../src/config/config';
import { BENCH_PASSWORD, datasetPath, HOT_ADVISORY } from './generate';
import { openSink, Sink } from './sink';

export const ROOT = join(__dirname, '..', '..');
/** The build this harness was compiled in (dist-test/): the app, floor and generator it starts are the same code. */
export const BUILD = join(__dirname, '..');
export const DATA = join(ROOT, 'data', 'bench');
export const RESULTS = join(ROOT, 'bench', 'results');
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

export interface Server {
  name: string;
  url: string;
  proc: ChildProcess;
  /** Behind a round-robin proxy (proc): the instances it sends requests to. */
  instances?: Server[];
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export const log = (line: string) => process.stdout.write(`${line}\n`);

/** data/bench/bench-<size>.sqlite, generated on first use (freshCopy makes a throw-away copy of one). */
export function dataset(posts: number): string {
  const path = datasetPath(posts);
  if (existsSync(path)) {
    log(`Using ${path}`);
    return path;
  }
  // Generated under another name and renamed when complete: a run stopped halfway leaves no set the next run would use.
  const partial = `${path}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  const r = spawnSync(process.execPath, [join(BUILD, 'bench', 'generate.js'), '--posts', String(posts)], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, SQLITE_PATH: partial, NODE_ENV: 'test', DATABASE_URL: '' },
  });
  if (r.status !== 0) throw new Error(`generating ${path} failed`);
  for (const suffix of ['-wal', '-shm', '']) if (existsSync(partial + suffix)) renameSync(partial + suffix, path + suffix);
  return path;
}

/** A throw-away copy of a SQLite data set (SQLite's online backup, so a source still open elsewhere copies whole). */
export async function freshCopy(source: string, target: string): Promise<string> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(target + suffix, { force: true });
  const src = new Database(source, { readonly: true });
  try {
    await src.backup(target);
  } finally {
    src.close();
  }
  log(`Copied ${source} to ${target}`);
  return target;
}

/** Where the PostgreSQL data sets live: one database per data set on this server (never the test suites' `test`). */
export const POSTGRES_SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** A data set is a SQLite file's path or a PostgreSQL database's URL. */
export const onPostgres = (db: string) => db.startsWith('postgres://');
const COMPLETE = 'hfr bench data set, complete';

/**
 * The PostgreSQL database bench_<size>_v<version> (the SQLite file's name), generated on first use through the same
 * generator and marked complete by its comment, so that a generation cut short is never reused. `fresh` names a
 * throw-away copy rebuilt each time from the data set of that size as a template (a file copy, not a regeneration).
 */
export async function postgresDataset(posts: number, fresh?: string): Promise<string> {
  const source = basename(datasetPath(posts), '.sqlite').replace(/-/g, '_');
  const url = (name: string) => Object.assign(new URL(POSTGRES_SERVER), { pathname: `/${name}` }).toString();
  const admin = new Client({ connectionString: POSTGRES_SERVER });
  await admin.connect();
  try {
    const complete = async (name: string) =>
      (
        await admin.query<{ c: string | null }>("select shobj_description(oid, 'pg_database') as c from pg_database where datname = $1", [
          name,
        ])
      ).rows[0]?.c === COMPLETE;
    if (!(await complete(source))) {
      await admin.query(`drop database if exists "${source}"`);
      await admin.query(`create database "${source}"`);
      const r = spawnSync(process.execPath, [join(BUILD, 'bench', 'generate.js'), '--posts', String(posts)], {
        cwd: ROOT,
        stdio: 'inherit',
        env: { ...process.env, DATABASE_URL: url(source), SQLITE_PATH: '', NODE_ENV: 'test' },
      });
      if (r.status !== 0) throw new Error(`generating PostgreSQL database ${source} failed`);
      await admin.query(`comment on database "${source}" is '${COMPLETE}'`);
    } else if (!fresh) log(`Using PostgreSQL database ${source}`);
    if (!fresh) return url(source);
    const copy = basename(datasetPath(posts, fresh), '.sqlite').replace(/-/g, '_');
    await admin.query(`drop database if exists "${copy}"`);
    // A template must have no session: the servers of the previous phase may still be closing theirs.
    for (let i = 0; ; i++) {
      try {
        await admin.query(`create database "${copy}" template "${source}"`);
        break;
      } catch (err) {
        if (i >= 50 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    log(`PostgreSQL database ${copy} copied from ${source}`);
    return url(copy);
  } finally {
    await admin.end();
  }
}

/** Deletes a Redis key prefix's keys, so that no page or session of an earlier run (another data set) is served. */
export async function clearRedis(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = nextCursor;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export function appEnv(db: string, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: onPostgres(db) ? db : '',
    SQLITE_PATH: onPostgres(db) ? '' : db,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    SESSION_SECRET: SECRET,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DEMO_DATA: 'false',
    // LOG_REQUESTS is left to its default (on), as `npm start` runs; the log goes to /dev/null (startServer's stdio).
    // Behind a TLS proxy in production: the bench says so with X-Forwarded-Proto, so secure cookies work.
    TRUST_PROXY: 'loopback',
    RATE_LIMIT_POSTS_USER: '1000000/60',
    RATE_LIMIT_LOGIN_IP: '1000/60',
  };
}

export async function startApp(db: string, port: number, env: NodeJS.ProcessEnv = {}): Promise<Server> {
  const start = startCommand();
  // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles every app process of the run.
  const nodeArgs = [...start.args, ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  return startServer('app', [...nodeArgs, join(BUILD, 'src', 'main.js')], `http://127.0.0.1:${port}`, {
    ...appEnv(db, port),
    ...start.env,
    ...env,
  });
}

/**
 * `count` instances of the app on one data set behind a round-robin proxy listening on `port` (instance k on
 * port + 10·k), sharing sessions and the page cache through Redis under `redisPrefix`; one instance: the app alone.
 */
export async function startApps(
  db: string,
  port: number,
  count: number,
  redisPrefix: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Server> {
  if (count <= 1 && !onPostgres(db)) return startApp(db, port, env);
  await clearRedis(redisPrefix);
  // The board's address is the proxy's: forms posted through it carry its origin.
  const shared = { REDIS_URL, REDIS_PREFIX: redisPrefix, PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, ...env };
  if (count <= 1) return startApp(db, port, shared);
  const instances: Server[] = [];
  try {
    for (let k = 1; k <= count; k++) instances.push(await startApp(db, port + 10 * k, shared));
    return { ...(await startProxy(port, instances)), name: 'app', instances };
  } catch (err) {
    await Promise.all(instances.map(stop));
    throw err;
  }
}

/**
 * The round-robin load balancer on `port` in front of `instances`: nginx as README.md's deployment runs it (kept-alive
 * connections to the instances, HTTP/1.1, the client's Host and X-Forwarded-For, buffers that hold a member's page),
 * without TLS and its access log, one worker. A proxy written in Node took a core of this 2-CPU machine for itself.
 */
export async function startProxy(port: number, instances: Server[]): Promise<Server> {
  if (spawnSync('nginx', ['-v']).error) throw new Error('the instances run behind nginx: apt-get install -y nginx');
  const dir = mkdtempSync(join(tmpdir(), 'hfr-bench-nginx-'));
  const config = join(dir, 'nginx.conf');
  writeFileSync(
    config,
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream instances {
${instances.map((s) => `    server ${new URL(s.url).host} max_fails=3 fail_timeout=10s;`).join('\n')}
    keepalive 32;
    keepalive_timeout 4s;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 1m;
    location / {
      proxy_pass http://instances;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_next_upstream error timeout http_503;
      proxy_buffers 64 8k;
    }
  }
}
`,
  );
  const proxy = await startServer(
    'proxy',
    ['-p', dir, '-e', join(dir, 'error.log'), '-c', config],
    `http://127.0.0.1:${port}`,
    process.env,
    'nginx',
  );
  proxy.proc.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return { ...proxy, instances };
}

/** The environment and Node flags `npm start` runs the app with (package.json's start:prod), so the bench measures the app as it is run. */
export function startCommand(): { env: Record<string, string>; args: string[] } {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const start = scripts['start:prod'];
  const m = /((?:[A-Z_]+=\S+ )*)node((?: --[\w-]+(?:=\S+)?)*) dist\/src\/main\.js/.exec(start);
  if (!m) throw new Error(`package.json's start:prod script does not run "node … dist/src/main.js": ${start}`);
  const env = Object.fromEntries(
    m[1]
      .split(' ')
      .filter(Boolean)
      .map((a) => a.split('=') as [string, string]),
  );
  return { env, args: m[2].split(' ').filter(Boolean) };
}

export async function startServer(
  name: string,
  args: string[],
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  command = process.execPath,
): Promise<Server> {
  const proc = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  // Read afresh each time: TypeScript would keep proc.exitCode narrowed to null across the awaits.
  const exitCode = (): number | null => proc.exitCode;
  for (let i = 0; i < 200; i++) {
    if (exitCode() !== null) throw new Error(`${name} exited with ${exitCode()}`);
    try {
      await get(url + '/healthz');
      // Another process on the port would answer too: make sure ours is still running.
      await new Promise((r) => setTimeout(r, 300));
      if (exitCode() !== null) throw new Error(`${name} exited with ${exitCode()} (port in use?)`);
      return { name, url, proc };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  proc.kill();
  throw new Error(`${name} did not start`);
}

/** SIGTERM, then waits for the exit, so that no server of one phase still runs in the next; a proxy's instances too. */
export async function stop(server: Server): Promise<void> {
  await Promise.all([stopOne(server), ...(server.instances ?? []).map(stop)]);
}

function stopOne(server: Server): Promise<void> {
  if (server.proc.exitCode !== null || server.proc.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => server.proc.once('exit', () => resolve()));
  server.proc.kill('SIGTERM');
  return exited;
}

// A fresh connection per request unless an agent is given: a kept-alive socket left idle can be closed by the server just as it is reused.
export function get(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
  body?: string,
  agent: Agent | false = false,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: { 'x-forwarded-proto': 'https', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    // Says whether a kept-alive connection was reused, the one case where a reset can be the client's race rather than the server's fault.
    req.on('error', (err) => reject(req.reusedSocket ? Object.assign(err, { message: `${err.message} (on a reused connection)` }) : err));
    req.setTimeout(30000, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

/** Opens the data set beside the app (or alone), runs `fn` and closes it. */
export async function withSink<T>(db: string, fn: (sink: Sink) => Promise<T>): Promise<T> {
  const sink = await openSink(loadConfig(onPostgres(db) ? { DATABASE_URL: db } : { SQLITE_PATH: db }));
  try {
    return await fn(sink);
  } finally {
    await sink.close();
  }
}

/** ~200 threads' pages: every thread with a full first page, its first `pagesPerThread` pages. */
export async function rotation(db: string, pagesPerThread = 2): Promise<string[]> {
  const rows = await withSink(db, (sink) =>
    sink.query<{ advisory_id: string; post_count: number }>(
      `select advisory_id, post_count from threads where post_count >= 50 and advisory_id <> '${HOT_ADVISORY}' order by id limit 200`,
    ),
  );
  const paths: string[] = [];
  for (const r of rows)
    for (let p = 1; p <= Math.min(pagesPerThread, Math.ceil(r.post_count / 50)); p++)
      paths.push(`/advisories/${r.advisory_id}/thread${p > 1 ? `?page=${p}` : ''}`);
  return paths;
}

export async function threadPostCount(db: string, id: string): Promise<number> {
  const [row] = await withSink(db, (sink) =>
    sink.query<{ post_count: number }>(`select post_count from threads where advisory_id = '${id}'`),
  );
  return Number(row?.post_count ?? 0);
}

export function wrk(base: string, pathFile: string, seconds: number, cookie?: string, connections = 32): LoadResult {
  const args = [
    `-t${Math.min(2, connections)}`,
    `-c${connections}`,
    `-d${seconds}s`,
    '--timeout',
    '10s',
    '-s',
    join(ROOT, 'bench', 'wrk', 'rotate.lua'),
    base,
    '--',
    pathFile,
    ...(cookie ? [cookie] : []),
  ];
  const r = spawnSync('wrk', args, { encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as LoadResult;
  } catch {
    throw new Error(`wrk failed: ${r.stderr || r.stdout}`);
  }
}

export const csrfOf = (html: Buffer) => /name="_csrf" value="([^"]+)"/.exec(html.toString())?.[1];

export async function signIn(base: string, username: string): Promise<string> {
  const form = await get(`${base}/login`);
  const cookies = cookiesOf(form);
  const token = csrfOf(form.body);
  if (!token) throw new Error('no CSRF token on /login');
  const body = new URLSearchParams({ _csrf: token, username, password: BENCH_PASSWORD }).toString();
  const r = await get(
    `${base}/login`,
    { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded', origin: base },
    'POST',
    body,
  );
  if (r.status !== 303) throw new Error(`sign-in as ${username} failed (${r.status})`);
  return cookiesOf(r) || cookies;
}

function cookiesOf(r: Reply): string {
  const set = r.headers['set-cookie'];
  return (Array.isArray(set) ? set : set ? [set] : []).map((c) => c.split(';')[0]).join('; ');
}

export interface Writer {
  cookie: string;
  token: string;
}

/** Members bench00003… signed in, each with the CSRF token of its session (user id = number in the name). */
export async function signInWriters(base: string, count: number): Promise<Writer[]> {
  const writers: Writer[] = [];
  for (let i = 0; i < count; i++) {
    const cookie = await signIn(base, `bench${String(i + 3).padStart(5, '0')}`);
    const page = await get(`${base}/advisories/${HOT_ADVISORY}/thread`, { cookie });
    writers.push({ cookie, token: csrfOf(page.body) ?? '' });
  }
  return writers;
}

/** Reports none of the writers wrote or confirmed (in one thread, or all): each writer can confirm its share once. */
export async function reportsToConfirm(db: string, writers: number, advisoryId?: string): Promise<number[]> {
  const rows = await withSink(db, (sink) =>
    sink.query<{ id: number }>(
      `select r.post_id as id from field_reports r join posts p on p.id = r.post_id join threads t on t.id = p.thread_id
       where ${advisoryId ? `t.advisory_id = '${advisoryId}' and ` : ''}p.state = 'visible' and p.author_id > ${writers + 2}
       and not exists (select 1 from confirmations c where c.report_id = r.post_id and c.user_id <= ${writers + 2}) order by r.post_id`,
    ),
  );
  return rows.map((r) => Number(r.id));
}

const formHeaders = (base: string, w: Writer) => ({ cookie: w.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: base });

/** A post in a thread, or a field report when `report` says which outcome; 303 when it was written. */
export function postAs(
  base: string,
  w: Writer,
  advisoryId: string,
  tag: string,
  report?: 'success' | 'problem',
  agent: Agent | false = false,
): Promise<Reply> {
  // As the thread page's form sends it: with the one-time key that makes a resent form one post.
  const fields: Record<string, string> = {
    _csrf: w.token,
    idempotencyKey: randomBytes(16).toString('base64url'),
    body: `負荷試験の投稿 ${tag}: 起動しない問題は再現せず。Backup Exec OK.`,
  };
  if (report) Object.assign(fields, { platform: 'win2000-sp4', outcome: report, hosts: '10', software: 'VERITAS Backup Exec 8.6' });
  return get(`${base}/advisories/${advisoryId}/thread`, formHeaders(base, w), 'POST', new URLSearchParams(fields).toString(), agent);
}

export function confirmAs(base: string, w: Writer, reportId: number, agent: Agent | false = false): Promise<Reply> {
  return get(
    `${base}/posts/${reportId}/confirm`,
    formHeaders(base, w),
    'POST',
    new URLSearchParams({ _csrf: w.token, platform: 'win2000-sp4' }).toString(),
    agent,
  );
}

/** The most resident memory of the server, or of its largest instance behind a proxy. */
export function peakMemoryMb(server: Server): number {
  return Math.max(...(server.instances ?? [server]).map((s) => memoryMb(s.proc.pid!, 'VmHWM')));
}

/** VmHWM: the most resident memory the process ever had; VmRSS: what it has now. */
export function memoryMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function machine(engine = 'SQLite (better-sqlite3)'): string {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
  const cores = readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('processor')).length;
  const mem = Math.round(Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 1024 / 1024);
  return `${cores} cores (${cpu}), ${mem} GiB, Node ${process.version}, ${engine}`;
}

/** Rewrites what lies between `<!-- name -->` and `<!-- /name -->` in BENCHMARKS.md; `section` is appended when the markers are missing. */
export function updateBenchmarksMd(name: string, content: string, section?: (marked: string) => string): void {
  const file = join(ROOT, 'BENCHMARKS.md');
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  const start = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i >= 0 && j > i) writeFileSync(file, `${text.slice(0, i + start.length)}\n${content}\n${text.slice(j)}`);
  else if (section) writeFileSync(file, `${text.trimEnd()}\n\n${section(`${start}\n${content}\n${end}`)}\n`);
}

/** Search, as administrators type it: 2-character Japanese words, longer Japanese, English and KB numbers (the bench's and the soak's). */
export const SEARCH_WORDS = {
  'search-ja-2': ['障害', '起動', '失敗', '再現', '適用', '停止', '接続', '回避'],
  'search-ja-long': ['起動しない', 'カーネル', '脆弱性', 'スケジュール', 'ブルースクリーン', 'ロールバック', '名前解決', 'サポート窓口'],
  'search-en': [
    'Backup Exec',
    'ntoskrnl.exe',
    'KB891531',
    'Terminal Services',
    'error 0x80070005',
    'Group Policy',
    '"event logs"',
    'Backup 失敗',
  ],
};
