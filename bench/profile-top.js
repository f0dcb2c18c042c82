// Prints the functions with the most self time in a V8 .cpuprofile: node bench/profile-top.js FILE [N]
const fs = require('node:fs');
const p = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map();
for (const id of p.samples) {
  const f = byId.get(id).callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + 1);
}
const total = p.samples.length;
for (const [k, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] ?? 25)))
  console.log(`${((100 * c) / total).toFixed(1).padStart(5)}%  ${k}`);
// Then the same by package (node_modules/<pkg>) or project folder.
const byPkg = new Map();
for (const id of p.samples) {
  const url = byId.get(id).callFrame.url;
  const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  const key = m
    ? m[1]
    : /\/dist(-test)?\//.test(url)
      ? `app:${url
          .split(/\/dist(?:-test)?\//)[1]
          .split('/')
          .slice(0, 2)
          .join('/')}`
      : url
        ? 'node'
        : '(native/idle/gc)';
  byPkg.set(key, (byPkg.get(key) ?? 0) + 1);
}
console.log('\nby package:');
for (const [k, c] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 20))
  console.log(`${((100 * c) / total).toFixed(1).padStart(5)}%  ${k}`);
