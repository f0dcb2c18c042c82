import { writeFileSync } from 'node:fs';
import type { BenchResults } from './run';
import type { SoakResults } from './soak';

/** A bar chart of the side-by-side requests per second and the p50/p99 of each page, as a plain SVG. */
export function writeChart(r: BenchResults, file: string): void {
  const avg = (k: 'a' | 'b' | 'c' | 'd') => r.sideBySide.rounds.reduce((s, x) => s + x[k].rps, 0) / r.sideBySide.rounds.length;
  const bars: [string, number][] = [
    ['ceiling (node:http, recorded bytes)', avg('a')],
    ['floor (Express + same views + SQL)', avg('b')],
    ['app (NestJS + MikroORM, guest page cache)', avg('c')],
    ['app rendering every page (cache off)', avg('d')],
  ];
  const pages = Object.entries(r.pages).map(([k, v]): [string, number, number] => [k, v.p50, v.p99]);
  pages.unshift(['thread page', r.sideBySide.app.p50, r.sideBySide.app.p99]);
  const width = 760;
  const left = 290;
  const max = Math.max(...bars.map((b) => b[1]));
  const maxMs = Math.max(50, ...pages.map((p) => p[2]));
  let y = 40;
  const parts: string[] = [
    `<text x="10" y="24" font-size="15" font-weight="bold">Thread page, ${r.connections} connections: requests per second</text>`,
  ];
  for (const [label, v] of bars) {
    const w = ((width - left - 130) * v) / max;
    parts.push(
      `<text x="10" y="${y + 15}" font-size="13">${esc(label)}</text><rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="20" fill="#3b6ea5"/><text x="${(left + w + 6).toFixed(1)}" y="${y + 15}" font-size="13">${v.toFixed(0)}/s</text>`,
    );
    y += 28;
  }
  y += 20;
  parts.push(
    `<text x="10" y="${y}" font-size="15" font-weight="bold">App latency per page: p50 (dark) and p99 (light), ms; the line is 50 ms</text>`,
  );
  y += 14;
  const top = y;
  for (const [label, p50, p99] of pages) {
    const w99 = ((width - left - 130) * p99) / maxMs;
    const w50 = ((width - left - 130) * p50) / maxMs;
    parts.push(
      `<text x="10" y="${y + 15}" font-size="13">${esc(label)}</text><rect x="${left}" y="${y}" width="${w99.toFixed(1)}" height="20" fill="#a9c4e0"/><rect x="${left}" y="${y}" width="${w50.toFixed(1)}" height="20" fill="#3b6ea5"/><text x="${(left + w99 + 6).toFixed(1)}" y="${y + 15}" font-size="13">${p50.toFixed(1)} / ${p99.toFixed(1)}</text>`,
    );
    y += 28;
  }
  const x50 = left + ((width - left - 130) * 50) / maxMs;
  parts.push(`<line x1="${x50.toFixed(1)}" y1="${top - 4}" x2="${x50.toFixed(1)}" y2="${y}" stroke="#c0392b" stroke-dasharray="4 3"/>`);
  y += 10;
  parts.push(`<text x="10" y="${y + 8}" font-size="11" fill="#555">${esc(r.machine)} — ${esc(r.date.slice(0, 10))}</text>`);
  writeSvg(file, width, y + 20, parts);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function writeSvg(file: string, width: number, height: number, parts: string[]): void {
  writeFileSync(
    file,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>\n`,
  );
}

/** A round step for about `n` grid lines up to `max`. */
function gridStep(max: number, n = 4): number {
  const raw = max / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? p * 10;
}

/** The soak over time: the app's resident memory (with the fitted line over the second half) and p50/p99 per sample. */
export function writeSoakChart(r: SoakResults, file: string): void {
  const width = 760;
  const left = 60;
  const plotW = width - left - 30;
  const plotH = 170;
  const samples = r.samples;
  const everySecond = r.rssEverySecond;
  const tMax = Math.max(...samples.map((s) => s.t), 1) / 60;
  const x = (min: number) => left + (plotW * min) / tMax;
  const parts: string[] = [];
  let y = 24;
  const panel = (
    title: string,
    legend: string,
    max: number,
    lines: { values: [number, number][]; color: string; width: number }[],
    extra?: (yOf: (v: number) => number) => string,
  ) => {
    parts.push(
      `<text x="10" y="${y}" font-size="15" font-weight="bold">${esc(title)}</text><text x="10" y="${y + 17}" font-size="12" fill="#555">${esc(legend)}</text>`,
    );
    const top = y + 30;
    const yOf = (v: number) => top + plotH - (plotH * v) / max;
    const step = gridStep(max);
    for (let v = 0; v <= max + 1e-9; v += step) {
      parts.push(
        `<line x1="${left}" y1="${yOf(v).toFixed(1)}" x2="${left + plotW}" y2="${yOf(v).toFixed(1)}" stroke="#e5e5e5"/><text x="${left - 6}" y="${(yOf(v) + 4).toFixed(1)}" font-size="11" text-anchor="end">${Number(v.toPrecision(6))}</text>`,
      );
    }
    const minuteStep = gridStep(tMax, 10);
    for (let m = 0; m <= tMax + 1e-9; m += minuteStep) {
      parts.push(
        `<text x="${x(m).toFixed(1)}" y="${top + plotH + 14}" font-size="11" text-anchor="middle">${Number(m.toFixed(2))} min</text>`,
      );
    }
    for (const l of lines) {
      const points = l.values.map(([t, v]) => `${x(t / 60).toFixed(1)},${yOf(v).toFixed(1)}`).join(' ');
      parts.push(`<polyline points="${points}" fill="none" stroke="${l.color}" stroke-width="${l.width}"/>`);
    }
    if (extra) parts.push(extra(yOf));
    y = top + plotH + 44;
  };
  const rssMax = Math.max(...everySecond.map((p) => p[1])) * 1.15;
  const rssLines = [
    { values: everySecond, color: '#a9c4e0', width: 1 },
    { values: samples.map((s): [number, number] => [s.t, s.rssFloorMb]), color: '#3b6ea5', width: 2 },
  ];
  const legend = `light: every second; dark: the least of the last ${r.rss.floorSeconds / 60} minutes (where GC brings it back); dashed: its fit over the second half`;
  panel('App memory (VmRSS), MB', legend, rssMax, rssLines, (yOf) => {
    const f = r.rss.fit;
    if (!f) return '';
    return `<line x1="${x(f.fromMin).toFixed(1)}" y1="${yOf(f.intercept + f.slope * f.fromMin).toFixed(1)}" x2="${x(f.toMin).toFixed(1)}" y2="${yOf(f.intercept + f.slope * f.toMin).toFixed(1)}" stroke="#c0392b" stroke-dasharray="4 3" stroke-width="2"/><text x="${(x(f.toMin) - 4).toFixed(1)}" y="${(yOf(f.intercept + f.slope * f.toMin) - 8).toFixed(1)}" font-size="12" text-anchor="end" fill="#c0392b">${f.slope >= 0 ? '+' : ''}${f.slope.toFixed(2)} MB/min</text>`;
  });
  const loaded = samples.filter((s) => s.t > 0);
  panel(
    `Latency per ${r.sampleSeconds}-s sample, ms`,
    'dark: p50; light: p99 (from when each request was due)',
    Math.max(10, ...loaded.map((s) => s.p99)) * 1.15,
    [
      { values: loaded.map((s) => [s.t, s.p99]), color: '#a9c4e0', width: 2 },
      { values: loaded.map((s) => [s.t, s.p50]), color: '#3b6ea5', width: 2 },
    ],
  );
  parts.push(
    `<text x="10" y="${y - 14}" font-size="11" fill="#555">${esc(`${r.rates.reads} reads/s + ${r.rates.writes} writes/s, ${r.posts.toLocaleString('en')} posts — ${r.machine} — ${r.date.slice(0, 10)}`)}</text>`,
  );
  writeSvg(file, width, y, parts);
}
