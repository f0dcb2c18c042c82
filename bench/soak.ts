/**
 * The soak: the app, started as in production, under a steady mixed load of reads and writes for minutes,
 * with its resident memory, CPU and the latency sampled every 10 s. The load is open-loop: requests leave at
 * fixed times whatever the app's answers, so a slow app meets the same demand instead of a politer client.
 * Afterwards every counter must equal a recount and every written post must be a row. Writes
 * bench/results/soak.json, soak.svg and the soak table in BENCHMARKS.md.
 *   npm run soak                     10 minutes on a fresh copy of data/bench/bench-100k-v4.sqlite (generated on first use)
 *   npm run soak -- --minutes 3      any length; --reads N --writes N change the rates (requests per second)
 *   npm run soak -- --smoke          20 s on the 20,000-post data set (CI): judges errors and counters, not memory
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeSoakChart } from './chart';
import { HOT_ADVISORY } from './generate';
import {
  SEARCH_WORDS,
  confirmAs,
  DATA,
  dataset,
  freshCopy,
  get,
  log,
  machine,
  memoryMb,
  postAs,
  Reply,
  reportsToConfirm,
  RESULTS,
  rotation,
  Server,
  signIn,
  signInWriters,
  startApp,
  stop,
  threadPostCount,
  updateBenchmarksMd,
  withSink,
  Writer,
} from './harness';
import { recount } from './recount';

const smoke = process.argv.includes('--smoke');
const option = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!(v > 0)) throw new Error(`--${name} must be a positive number`);
  return v;
};
const SECONDS = smoke ? 20 : Math.round(option('minutes', 10) * 60);
const SAMPLE_SECONDS = smoke ? 5 : 10;
// The rate climbs from a tenth to full over this long: at full rate from the first second, the cold JIT and page cache
// built a backlog of ~20 s that took half a minute to clear, which says nothing about the steady state.
const RAMP_SECONDS = Math.min(30, SECONDS / 4);
// Half in CI: it proves the harness on any machine, and a shared runner must not turn it into a queue.
const READS = option('reads', smoke ? 40 : 80);
const WRITES = option('writes', smoke ? 4 : 8);
const POSTS = smoke ? 20_000 : 100_000;
const WRITERS = 8;
// Below the ephemeral ports (32768–60999), as bench/run.ts's: no client socket of the run can hold it.
const PORT = 17906;
// Major GCs swing RSS by ~100 MB every 1–2 minutes, so the trend is fitted to the floor they return to: the least RSS of the last 2 minutes.
const FLOOR_SECONDS = 120;
// What GC alone gives a 5-minute fit of that floor, 95% of the time (BENCHMARKS.md, Soak); ≈ 570 bytes per request at 88 requests/s.
const FLAT_MB_PER_MINUTE = 3;
// The threshold holds for a second half of 5 minutes: a shorter one is not judged.
const JUDGED_FROM_SECONDS = 600;
// More than this outstanding means the app has stalled: further requests count as errors rather than pile up.
const MAX_IN_FLIGHT = 500;
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

interface Kind {
  name: string;
  /** Requests per second. */
  rate: number;
  send: (n: number) => Promise<Reply>;
  /** Reads may answer 2xx or 3xx; a write counts only when it answers 303 (a form shown again wrote nothing). */
  ok: (status: number) => boolean;
}

interface Interval {
  requests: number;
  errors: number;
  latencies: number[];
  lagMs: number;
}

interface Sample {
  t: number;
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  /** VmRSS at the sample, and the least of the readings taken every second over the last FLOOR_SECONDS (the one fitted). */
  rssMb: number;
  rssFloorMb: number;
  appCpu: number;
  driverCpu: number;
  inFlight: number;
  lagMs: number;
  load1: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : 0;
const round1 = (n: number) => Math.round(n * 10) / 10;

async function main(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  mkdirSync(RESULTS, { recursive: true });
  const db = await freshCopy(dataset(POSTS), join(DATA, 'bench-soak.sqlite'));
  const app = await startApp(db, PORT);
  const pid = app.proc.pid!;
  let appExit: number | null = null;
  try {
    // Idle connections are dropped after 1 s, well inside the app's 5-s keep-alive: reusing one the app is closing would be a reset.
    const agent = new Agent({ keepAlive: true, timeout: 1000 });
    const kinds = await mix(db, app.url, agent);
    const rowsBefore = await rowCounts(db);
    const total = kinds.reduce((s, k) => s + k.rate, 0);
    log(
      `Soak: ${SECONDS} s at ${READS} reads/s + ${WRITES} writes/s (${WRITERS} members writing), ${POSTS.toLocaleString('en')} posts, app pid ${pid}; a line every ${SAMPLE_SECONDS} s`,
    );
    log(`  ${kinds.map((k) => `${k.name} ${round1(k.rate)}/s`).join(', ')}`);

    const byKind = new Map(kinds.map((k) => [k.name, { requests: 0, errors: 0, latencies: [] as number[] }]));
    const firstErrors: string[] = [];
    let current: Interval = { requests: 0, errors: 0, latencies: [], lagMs: 0 };
    let inFlight = 0;
    const fail = (kind: string, why: string) => {
      current.errors++;
      byKind.get(kind)!.errors++;
      if (firstErrors.length < 10) firstErrors.push(`${kind}: ${why}`);
    };
    const fire = (kind: Kind, n: number, due: number) => {
      const k = byKind.get(kind.name)!;
      if (inFlight >= MAX_IN_FLIGHT) {
        current.requests++;
        k.requests++;
        return fail(kind.name, `${inFlight} requests in flight`);
      }
      inFlight++;
      kind
        .send(n)
        .then(
          (r) => (kind.ok(r.status) ? undefined : fail(kind.name, `HTTP ${r.status}`)),
          (err: Error) => fail(kind.name, err.message),
        )
        .finally(() => {
          inFlight--;
          // Measured from when the request was due, so a late start (a busy driver) counts against the app too.
          const ms = performance.now() - due;
          current.requests++;
          current.latencies.push(ms);
          k.requests++;
          k.latencies.push(ms);
        });
    };

    const samples: Sample[] = [];
    const sampleLatencies: number[][] = [];
    let lastCpu = appCpuTicks(pid);
    let lastDriver = process.cpuUsage();
    let lastAt = performance.now();
    const rssSeries: [number, number][] = [];
    let start = performance.now();
    const rssPoll = setInterval(() => rssSeries.push([Math.round((performance.now() - start) / 100) / 10, memoryMb(pid, 'VmRSS')]), 1000);
    const sample = (t: number) => {
      const now = performance.now();
      const cpu = appCpuTicks(pid);
      const driver = process.cpuUsage();
      const wall = (now - lastAt) / 1000;
      const done = current;
      current = { requests: 0, errors: 0, latencies: [], lagMs: 0 };
      const rss = memoryMb(pid, 'VmRSS');
      const floor = Math.min(rss, ...rssSeries.filter(([at]) => at > t - FLOOR_SECONDS).map(([, mb]) => mb));
      done.latencies.sort((a, b) => a - b);
      const s: Sample = {
        t,
        requests: done.requests,
        errors: done.errors,
        p50: round1(percentile(done.latencies, 0.5)),
        p99: round1(percentile(done.latencies, 0.99)),
        rssMb: rss,
        rssFloorMb: floor,
        appCpu: t === 0 ? 0 : Math.round((100 * (cpu - lastCpu)) / CLOCK_TICKS / wall),
        driverCpu: t === 0 ? 0 : Math.round((driver.user + driver.system - lastDriver.user - lastDriver.system) / 1e4 / wall),
        inFlight,
        lagMs: round1(done.lagMs),
        load1: round1(loadavg()[0]),
      };
      lastCpu = cpu;
      lastDriver = driver;
      lastAt = now;
      samples.push(s);
      sampleLatencies.push(done.latencies);
      if (t > 0)
        log(
          `  ${clock(t)}  ${String(s.requests).padStart(5)} req (${(s.requests / wall).toFixed(0)}/s)  ${s.errors} err  p50 ${s.p50.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  RSS ${s.rssMb} MB  app CPU ${s.appCpu}%  driver CPU ${s.driverCpu}%  lag ${s.lagMs} ms  load ${s.load1}`,
        );
      else log(`  ${clock(0)}  RSS ${s.rssMb} MB before the load`);
    };

    sample(0);
    const schedule = weightedRoundRobin(kinds);
    const counters = new Map(kinds.map((k) => [k.name, 0]));
    start = performance.now();
    const end = start + SECONDS * 1000;
    const rateAt = (due: number) => total * Math.min(1, 0.1 + (0.9 * (due - start)) / (RAMP_SECONDS * 1000));
    const sampler = (async () => {
      for (let i = 1; i * SAMPLE_SECONDS < SECONDS; i++) {
        await sleep(start + i * SAMPLE_SECONDS * 1000 - performance.now());
        sample(i * SAMPLE_SECONDS);
      }
    })();
    for (let due = start; due < end; due += 1000 / rateAt(due)) {
      while (performance.now() < due) await sleep(due - performance.now());
      current.lagMs = Math.max(current.lagMs, performance.now() - due);
      const kind = schedule();
      const n = counters.get(kind.name)!;
      counters.set(kind.name, n + 1);
      fire(kind, n, due);
    }
    await sampler;
    // The last sample waits for the requests still in flight.
    for (let waited = 0; inFlight > 0 && waited < 60_000; waited += 50) await sleep(50);
    sample(SECONDS);
    clearInterval(rssPoll);
    agent.destroy();

    const mismatches = await withSink(db, recount);
    const rowsAfter = await rowCounts(db);
    const peakMb = memoryMb(pid, 'VmHWM');
    appExit = await stopAndWait(app);

    const results = summarize({
      kinds,
      byKind,
      samples,
      sampleLatencies,
      rssSeries,
      firstErrors,
      mismatches,
      rowsBefore,
      rowsAfter,
      peakMb,
      appExit,
    });
    const name = smoke ? 'soak-smoke' : 'soak';
    writeFileSync(join(RESULTS, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
    const table = soakTable(results);
    log(`\n${table}`);
    if (!smoke) {
      writeSoakChart(results, join(RESULTS, 'soak.svg'));
      updateBenchmarksMd('soak:table', table, (marked) => `## Soak\n\n${marked}`);
    }
    if (
      results.errors > 0 ||
      results.recount.mismatches > 0 ||
      !results.rows.match ||
      appExit !== 0 ||
      (!smoke && results.rss.verdict === 'growing')
    )
      process.exitCode = 1;
  } finally {
    if (appExit === null) await stop(app);
  }
}

/** The requests of the load, each kind at its share of the read or write rate. */
async function mix(db: string, base: string, agent: Agent): Promise<Kind[]> {
  const guestPaths = await guestThreadPaths(db);
  const threads = (await rotation(db, 1)).map((p) => p.split('/')[2]);
  const subscriberCookie = await signIn(base, 'bench00002');
  const writers = await signInWriters(base, WRITERS);
  const reportIds = await reportsToConfirm(db, WRITERS);
  if (reportIds.length < WRITERS) throw new Error('no reports left to confirm');
  const searches = SEARCH_WORDS;
  const read = (paths: string[], cookie?: string) => (n: number) =>
    get(base + paths[n % paths.length], cookie ? { cookie } : {}, 'GET', undefined, agent);
  const writer = (n: number): Writer => writers[n % WRITERS];
  // Half the posts go to the hot thread, the rest spread over the other threads (each invalidates its cached pages).
  const thread = (n: number) => (n % 2 === 0 ? HOT_ADVISORY : threads[(n >> 1) % threads.length]);
  // Confirmation n is writer n % 8's, of report n: no report is confirmed twice until the list runs out.
  const report = (n: number) => reportIds[n % reportIds.length];
  const kinds: [string, number, (n: number) => Promise<Reply>][] = [
    // Mostly guests, as on the day a patch goes wrong; the signed-in and uncached pages cost 10–20× a cached one.
    ['guest-thread', 0.7 * READS, read(guestPaths)],
    ['subscriber-thread', 0.08 * READS, read(guestPaths, subscriberCookie)],
    ['bulletin', 0.04 * READS, read(threads.map((id) => `/advisories/${id}`))],
    ['index', 0.06 * READS, read(['/', '/?lang=en'])],
    ['summary-json', 0.06 * READS, read(threads.map((id) => `/advisories/${id}/summary.json`))],
    ...Object.entries(searches).map(([name, words]): [string, number, (n: number) => Promise<Reply>] => [
      name,
      0.02 * READS,
      read(words.map((w) => `/search?q=${encodeURIComponent(w)}`)),
    ]),
    ['post', 0.5 * WRITES, (n) => postAs(base, writer(n), thread(n), `soak ${n}`, undefined, agent)],
    ['field-report', 0.2 * WRITES, (n) => postAs(base, writer(n), thread(n), `soak report ${n}`, n % 2 ? 'problem' : 'success', agent)],
    ['confirmation', 0.3 * WRITES, (n) => confirmAs(base, writer(n), report(n), agent)],
  ];
  const writes = new Set(['post', 'field-report', 'confirmation']);
  return kinds.map(([name, rate, send]) => ({
    name,
    rate,
    send,
    ok: writes.has(name) ? (status) => status === 303 : (status) => status >= 200 && status < 400,
  }));
}

/** Guest thread pages: the first three pages of ~100–200 threads, 20 pages spread through the hot thread (deep ones too), some in English. */
async function guestThreadPaths(db: string): Promise<string[]> {
  const paths = await rotation(db, 3);
  const hotPages = Math.ceil((await threadPostCount(db, HOT_ADVISORY)) / 50);
  for (let i = 0; i < 20; i++) paths.push(`/advisories/${HOT_ADVISORY}/thread?page=${1 + Math.floor((i * (hotPages - 1)) / 19)}`);
  const english = paths.filter((_, i) => i % 10 === 0).map((p) => `${p}${p.includes('?') ? '&' : '?'}lang=en`);
  return [...paths, ...english];
}

/** Nginx's smooth weighted round robin: each kind at its rate, evenly interleaved. */
function weightedRoundRobin(kinds: Kind[]): () => Kind {
  const total = kinds.reduce((s, k) => s + k.rate, 0);
  const credit = kinds.map(() => 0);
  return () => {
    let best = 0;
    for (let i = 0; i < kinds.length; i++) {
      credit[i] += kinds[i].rate;
      if (credit[i] > credit[best]) best = i;
    }
    credit[best] -= total;
    return kinds[best];
  };
}

/** The data set is copied for each run, so writes never change the one the benchmark reads. */
async function rowCounts(db: string): Promise<{ posts: number; reports: number; confirmations: number }> {
  const [row] = await withSink(db, (sink) =>
    sink.query<{ posts: number; reports: number; confirmations: number }>(
      'select (select count(*) from posts) as posts, (select count(*) from field_reports) as reports, (select count(*) from confirmations) as confirmations',
    ),
  );
  return { posts: Number(row.posts), reports: Number(row.reports), confirmations: Number(row.confirmations) };
}

/** utime + stime of the process, in clock ticks (/proc/PID/stat fields 14 and 15, counted after the command name). */
function appCpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function stopAndWait(server: Server): Promise<number> {
  await stop(server);
  return server.proc.exitCode ?? -1;
}

/** Least squares of y over x. */
function fit(points: [number, number][]): { slope: number; intercept: number } {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const sxx = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  const slope = sxx === 0 ? 0 : points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) / sxx;
  const intercept = my - slope * mx;
  return { slope, intercept };
}

/** What a soak writes to results/soak.json (soak-smoke.json), and what the table and the chart are drawn from. */
export type SoakResults = ReturnType<typeof summarize>;

function summarize(x: {
  kinds: Kind[];
  byKind: Map<string, { requests: number; errors: number; latencies: number[] }>;
  samples: Sample[];
  sampleLatencies: number[][];
  rssSeries: [number, number][];
  firstErrors: string[];
  mismatches: string[];
  rowsBefore: { posts: number; reports: number; confirmations: number };
  rowsAfter: { posts: number; reports: number; confirmations: number };
  peakMb: number;
  appExit: number;
}) {
  const loaded = x.samples.filter((s) => s.t > 0);
  const requests = loaded.reduce((s, v) => s + v.requests, 0);
  const errors = loaded.reduce((s, v) => s + v.errors, 0);
  const minutes: { minute: number; requests: number; errors: number; p50: number; p99: number; rssMb: number[] }[] = [];
  for (let m = 1; (m - 1) * 60 < SECONDS; m++) {
    const idx = x.samples.map((s, i) => (s.t > (m - 1) * 60 && s.t <= m * 60 ? i : -1)).filter((i) => i >= 0);
    const lat = idx.flatMap((i) => x.sampleLatencies[i]).sort((a, b) => a - b);
    minutes.push({
      minute: m,
      requests: idx.reduce((s, i) => s + x.samples[i].requests, 0),
      errors: idx.reduce((s, i) => s + x.samples[i].errors, 0),
      p50: round1(percentile(lat, 0.5)),
      p99: round1(percentile(lat, 0.99)),
      rssMb: idx.map((i) => x.samples[i].rssMb),
    });
  }
  const secondHalf = x.samples.filter((s) => s.t >= SECONDS / 2);
  const f = fit(secondHalf.map((s) => [s.t / 60, s.rssFloorMb]));
  const raw = fit(x.rssSeries.filter(([t]) => t >= SECONDS / 2).map(([t, mb]) => [t / 60, mb]));
  const kinds = Object.fromEntries(
    x.kinds.map((k) => {
      const v = x.byKind.get(k.name)!;
      const lat = [...v.latencies].sort((a, b) => a - b);
      return [
        k.name,
        {
          rate: round1(k.rate),
          requests: v.requests,
          errors: v.errors,
          p50: round1(percentile(lat, 0.5)),
          p99: round1(percentile(lat, 0.99)),
        },
      ] as const;
    }),
  );
  const written = ['post', 'field-report'].reduce((s, k) => s + x.byKind.get(k)!.requests - x.byKind.get(k)!.errors, 0);
  const reportsWritten = x.byKind.get('field-report')!.requests - x.byKind.get('field-report')!.errors;
  const rows = {
    postsWritten: written,
    postsAdded: x.rowsAfter.posts - x.rowsBefore.posts,
    reportsWritten,
    reportsAdded: x.rowsAfter.reports - x.rowsBefore.reports,
    confirmationsAdded: x.rowsAfter.confirmations - x.rowsBefore.confirmations,
    match: false,
  };
  rows.match = rows.postsWritten === rows.postsAdded && rows.reportsWritten === rows.reportsAdded;
  return {
    date: new Date().toISOString(),
    machine: machine(),
    nproc: cpus().length,
    node: process.version,
    smoke,
    posts: POSTS,
    seconds: SECONDS,
    sampleSeconds: SAMPLE_SECONDS,
    rates: { reads: READS, writes: WRITES },
    writers: WRITERS,
    requests,
    errors,
    requestsPerSecond: round1(requests / SECONDS),
    firstErrors: x.firstErrors,
    appCpuAverage: Math.round(loaded.reduce((s, v) => s + v.appCpu, 0) / Math.max(1, loaded.length)),
    driverCpuAverage: Math.round(loaded.reduce((s, v) => s + v.driverCpu, 0) / Math.max(1, loaded.length)),
    kinds,
    minutes,
    rampSeconds: RAMP_SECONDS,
    samples: x.samples,
    rssEverySecond: x.rssSeries,
    rss: {
      startMb: x.samples[0].rssMb,
      endMb: x.samples[x.samples.length - 1].rssMb,
      peakMb: x.peakMb,
      floorSeconds: FLOOR_SECONDS,
      floorSlopeMbPerMinute: Math.round(f.slope * 100) / 100,
      slopeMbPerMinute: Math.round(raw.slope * 100) / 100,
      thresholdMbPerMinute: FLAT_MB_PER_MINUTE,
      verdict: SECONDS < JUDGED_FROM_SECONDS ? 'too short to judge' : f.slope < FLAT_MB_PER_MINUTE ? 'flat' : 'growing',
      fit: secondHalf.length >= 2 ? { fromMin: secondHalf[0].t / 60, toMin: SECONDS / 60, slope: f.slope, intercept: f.intercept } : null,
    },
    recount: { mismatches: x.mismatches.length, first: x.mismatches.slice(0, 5) },
    rows,
    appExitCode: x.appExit,
  };
}

/** The Markdown between the soak markers: how it was run, the verdicts, per minute and per kind of request. */
export function soakTable(r: SoakResults): string {
  const mins = Number((r.seconds / 60).toFixed(2));
  const lines = [
    `Measured ${r.date.slice(0, 10)} on ${r.nproc} cores (\`nproc\`), Node ${r.node}: \`npm run soak${r.smoke ? ' -- --smoke' : r.seconds === 600 ? '' : ` -- --minutes ${mins}`}\` — ${r.seconds < 120 ? `${r.seconds} s` : `${mins} minutes`} at ${r.rates.reads} reads/s + ${r.rates.writes} writes/s`,
    `(${r.writers} members writing), reached after a ${r.rampSeconds}-s ramp, on a fresh copy of the ${r.posts.toLocaleString('en')}-post data set; the app used ${r.appCpuAverage}% of one core on average, the driver ${r.driverCpuAverage}%.`,
    `Reproduce: \`npm run soak\` (10 minutes) or \`npm run soak -- --minutes 10\`. Raw numbers: \`bench/results/${r.smoke ? 'soak-smoke' : 'soak'}.json\`.`,
    '',
    '| measure | target | measured | met |',
    '| --- | --- | --- | --- |',
    `| requests (${r.requestsPerSecond}/s) | — | ${r.requests.toLocaleString('en')} | — |`,
    `| errors (non-2xx/3xx, connection errors) | 0 | ${r.errors} | ${r.errors === 0 ? 'yes' : '**no**'} |`,
    `| app RSS: before load → end (peak) | — | ${r.rss.startMb} → ${r.rss.endMb} MB (${r.rss.peakMb} MB) | — |`,
    `| RSS slope over the second half, least squares of its ${r.rss.floorSeconds / 60}-minute floor (every second's readings: ${r.rss.slopeMbPerMinute} MB/min) | < ${r.rss.thresholdMbPerMinute} MB/min over ≥ 10 minutes | ${r.rss.floorSlopeMbPerMinute} MB/min: ${r.rss.verdict} | ${r.rss.verdict === 'flat' ? 'yes' : r.rss.verdict === 'too short to judge' ? '—' : '**no**'} |`,
    `| counters = recount | 0 mismatches | ${r.recount.mismatches} mismatches | ${r.recount.mismatches === 0 ? 'yes' : '**no**'} |`,
    `| posts answered 303 = post rows added | equal | ${r.rows.postsWritten} = ${r.rows.postsAdded} (reports ${r.rows.reportsWritten} = ${r.rows.reportsAdded}; ${r.rows.confirmationsAdded} confirmations) | ${r.rows.match ? 'yes' : '**no**'} |`,
    `| app exit on SIGTERM afterwards | 0 | ${r.appExitCode} | ${r.appExitCode === 0 ? 'yes' : '**no**'} |`,
    '',
    `| minute | requests | errors | p50 | p99 | RSS every ${r.sampleSeconds} s (MB) |`,
    '| --- | --- | --- | --- | --- | --- |',
    ...r.minutes.map(
      (m) =>
        `| ${m.minute} | ${m.requests.toLocaleString('en')} | ${m.errors} | ${m.p50.toFixed(1)} ms | ${m.p99.toFixed(1)} ms | ${m.rssMb.join(' ')} |`,
    ),
    '',
    '| request | rate | requests | errors | p50 | p99 |',
    '| --- | --- | --- | --- | --- | --- |',
    ...Object.entries(r.kinds).map(
      ([name, k]) =>
        `| ${name} | ${k.rate}/s | ${k.requests.toLocaleString('en')} | ${k.errors} | ${k.p50.toFixed(1)} ms | ${k.p99.toFixed(1)} ms |`,
    ),
    ...(r.smoke ? [] : ['', '![soak: RSS and latency over time](bench/results/soak.svg)']),
  ];
  return lines.join('\n');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const clock = (t: number) => `${Math.floor(t / 60)}:${String(Math.round(t % 60)).padStart(2, '0')}`;

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`soak: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
