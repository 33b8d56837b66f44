/**
 * The functions that took most CPU in a `node --cpu-prof` profile, by self time and by total time
 * (self + callees, each function counted once per stack):
 *   node --import tsx bench/cpuprofile-top.ts FILE.cpuprofile [--top 25] [--match text]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, match: { type: 'string' } },
});
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as { nodes: Node[]; samples: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n: Node) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
const self = new Map<string, number>();
const total = new Map<string, number>();
for (const id of profile.samples) {
  const n = byId.get(id)!;
  self.set(name(n), (self.get(name(n)) ?? 0) + 1);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const k = name(byId.get(at)!);
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + 1);
  }
}
const count = profile.samples.length;
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title} (${count} samples)`);
  [...m]
    .filter(([k]) => !values.match || k.includes(values.match))
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(values.top))
    .forEach(([k, v]) => console.log(`${((100 * v) / count).toFixed(1).padStart(5)} %  ${k}`));
};
show('self', self);
show('total', total);
