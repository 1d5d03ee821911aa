// Summarises a V8 CPU profile (`node --cpu-prof`): total sampled time, idle share, and the functions with the most
// self time (grouped by function and file). Run: node bench/cpu-profile-summary.mjs <file.cpuprofile> [top=15]
import { readFileSync } from 'node:fs';

const [file, top = '15'] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/cpu-profile-summary.mjs <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const node = byId.get(profile.samples[i]);
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${lineNumber + 1}` : '';
  const key = `${functionName || '(anonymous)'} ${where}`.trim();
  self.set(key, (self.get(key) ?? 0) + (deltas[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const idle = self.get('(idle)') ?? 0;
console.log(`sampled ${(total / 1e6).toFixed(1)} s, idle ${((100 * idle) / total).toFixed(0)}%`);
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
  console.log(`${(us / 1e6).toFixed(2).padStart(7)} s ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
}
