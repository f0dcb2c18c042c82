import type { LogDestination } from '../../src/common/logging/request-logger';

/** A request log destination that keeps its lines, for createTestApp's `requestLog` and the logger's spec. */
export function memoryDestination(): LogDestination & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    write: (s: string) => void lines.push(...s.split('\n').filter(Boolean)),
    flush: (cb) => void cb?.(),
    flushSync: () => undefined,
  };
}
