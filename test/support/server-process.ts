import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { findRootDir } from '../../src/config/config';

const root = findRootDir(__dirname);
// The build these tests were compiled in, not necessarily dist/ (a board may be running from that).
export const MAIN = join(__dirname, '..', '..', 'src', 'main.js');
export const CLI = join(__dirname, '..', '..', 'src', 'cli.js');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Sends a signal and resolves with how the process ended and how long it took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

const running = new Set<ChildProcess>();
// Whatever happens to a test, no server it started outlives the test process.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** The environment a test server runs with: quiet, no demo data, posts not held, a fixed secret unless given. */
export function serverEnv(env: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH!,
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    LOG_REQUESTS: 'false',
    DEMO_DATA: 'false',
    HOLD_FIRST_POSTS: '0',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    ...env,
  };
}

/** Starts the built server (`node <build>/src/main.js`) as a separate process; resolves once it listens. */
export function startServer(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], { env: serverEnv(env), cwd: root });
    running.add(child);
    let out = '';
    let exit: { code: number | null; signal: NodeJS.Signals | null; at: number } | null = null;
    const exited = new Promise<void>((r) =>
      child.once('exit', (code, signal) => {
        exit = { code, signal, at: Date.now() };
        running.delete(child);
        r();
      }),
    );
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (m && !exit) {
        clearTimeout(timer);
        resolve({
          child,
          url: `http://127.0.0.1:${m[1]}`,
          output: () => out,
          stop: async (signal = 'SIGTERM') => {
            const sent = Date.now();
            if (!exit) child.kill(signal);
            await exited;
            return { code: exit!.code, signal: exit!.signal, ms: exit!.at - sent };
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`exited ${exit!.code ?? exit!.signal} before listening:\n${out}`));
    });
  });
}

/** Runs the admin CLI (`node <build>/src/cli.js …`) as its own process, without blocking this one's event loop; `input` is piped to it. */
export function runCliProcess(
  args: string[],
  env: Record<string, string>,
  input = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: serverEnv(env), cwd: root });
    running.add(child);
    child.stdin.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}
