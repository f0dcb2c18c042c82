import { writeFileSync } from 'node:fs';

/** A bar chart of the side-by-side requests per second and the p50/p99 of each page, as a plain SVG. */
export function writeChart(r: Record<string, any>, file: string): void {
  const avg = (k: 'a' | 'b' | 'c' | 'd') => r.sideBySide.rounds.reduce((s: number, x: any) => s + x[k].rps, 0) / r.sideBySide.rounds.length;
  const bars: [string, number][] = [
    ['ceiling (node:http, recorded bytes)', avg('a')],
    ['floor (Express + same views + SQL)', avg('b')],
    ['app (NestJS + MikroORM, guest page cache)', avg('c')],
    ['app rendering every page (cache off)', avg('d')],
  ];
  const pages: [string, number, number][] = Object.entries<any>(r.pages).map(([k, v]) => [k, v.p50, v.p99]);
  pages.unshift(['thread page', r.sideBySide.app.p50, r.sideBySide.app.p99]);
  const width = 760;
  const left = 290;
  const max = Math.max(...bars.map((b) => b[1]));
  const maxMs = Math.max(50, ...pages.map((p) => p[2]));
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  let y = 40;
  const parts: string[] = [`<text x="10" y="24" font-size="15" font-weight="bold">Thread page, ${r.connections} connections: requests per second</text>`];
  for (const [label, v] of bars) {
    const w = ((width - left - 130) * v) / max;
    parts.push(`<text x="10" y="${y + 15}" font-size="13">${esc(label)}</text><rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="20" fill="#3b6ea5"/><text x="${(left + w + 6).toFixed(1)}" y="${y + 15}" font-size="13">${v.toFixed(0)}/s</text>`);
    y += 28;
  }
  y += 20;
  parts.push(`<text x="10" y="${y}" font-size="15" font-weight="bold">App latency per page: p50 (dark) and p99 (light), ms; the line is 50 ms</text>`);
  y += 14;
  const top = y;
  for (const [label, p50, p99] of pages) {
    const w99 = ((width - left - 130) * p99) / maxMs;
    const w50 = ((width - left - 130) * p50) / maxMs;
    parts.push(`<text x="10" y="${y + 15}" font-size="13">${esc(label)}</text><rect x="${left}" y="${y}" width="${w99.toFixed(1)}" height="20" fill="#a9c4e0"/><rect x="${left}" y="${y}" width="${w50.toFixed(1)}" height="20" fill="#3b6ea5"/><text x="${(left + w99 + 6).toFixed(1)}" y="${y + 15}" font-size="13">${p50.toFixed(1)} / ${p99.toFixed(1)}</text>`);
    y += 28;
  }
  const x50 = left + ((width - left - 130) * 50) / maxMs;
  parts.push(`<line x1="${x50.toFixed(1)}" y1="${top - 4}" x2="${x50.toFixed(1)}" y2="${y}" stroke="#c0392b" stroke-dasharray="4 3"/>`);
  y += 10;
  parts.push(`<text x="10" y="${y + 8}" font-size="11" fill="#555">${esc(r.machine)} — ${esc(r.date.slice(0, 10))}</text>`);
  writeFileSync(file, `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 20}" font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>\n`);
}
