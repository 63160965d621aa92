// Where a one-shot `aligndet-coco-eval` process spends its time on the COCO-val-sized case (5,000
// images, 500k detections), beyond the warm in-process evaluation:
//  - bare `node -e 0` and `aligndet-coco-eval --help` (node start-up; + loading the CLI's modules),
//  - the CLI itself (dist: `npm run build` first) under /usr/bin/time,
//  - the CLI's steps (bench/cli-breakdown-body.ts, bundled with esbuild like tsup does) in a fresh
//    process with a wall and CPU mark after each (node start → modules loaded → ground truth
//    parsed → results parsed → evaluate + accumulate → summarize → output → exit),
//  - one CLI run with --cpu-prof (top self time; inclusive time of the phases' functions) and one
//    with --trace-gc (count and sum of the pauses).
// Runs are interleaved, RUNS rounds (default 5); best and median per number. Writes
// bench/results/coco-eval-cli-profile.json; the explanation is in coco-eval-cli-profile.md.
//   npx tsx bench/cli-profile.ts
//   BIN=/other/build/bin/aligndet-coco-eval.js LABEL=before npx tsx bench/cli-profile.ts  # another build
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { generateCocoValSized } from './generate';

const here = fileURLToPath(new URL('.', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 5);
const LABEL = process.env.LABEL ?? 'current';
const bin = process.env.BIN ?? join(here, '../bin/aligndet-coco-eval.js');
const dir = join(tmpdir(), 'aligndet-coco-bench');
const files = existsSync(join(dir, 'gt.json'))
  ? { gt: join(dir, 'gt.json'), dt: join(dir, 'dt.json') }
  : generateCocoValSized(dir);
const out = mkdtempSync(join(tmpdir(), 'coco-cli-profile-'));
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

// the steps, bundled as tsup bundles the CLI (esm, node20, one file)
const body = join(out, 'body.mjs');
await build({
  entryPoints: [join(here, 'cli-breakdown-body.ts')],
  outfile: body,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  conditions: ['node'],
  logLevel: 'error',
});
const entry = join(out, 'entry.mjs');
writeFileSync(
  entry,
  `const marks = [];
const mark = (phase) => {
  const c = process.cpuUsage();
  marks.push({ phase, wall: performance.now(), cpu: (c.user + c.system) / 1000 });
};
mark('node start-up');
const { run } = await import(${JSON.stringify(pathToFileURL(body).href)});
mark('modules loaded');
process.on('exit', () => {
  mark('exit');
  process.stderr.write('MARKS ' + JSON.stringify(marks) + '\\n');
});
const [gt, dt, json] = process.argv.slice(2);
run(gt, dt, json, mark);
`,
);

type Timed = { wall: number; cpu: number; user: number; sys: number; rssMb: number; minflt: number };
function timed(args: string[]): Timed & { stderr: string } {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M %R', process.execPath, ...args], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  const line = r.stderr.split('\n').find((l) => l.startsWith('TIME '))!;
  const [wall, user, sys, rssKb, minflt] = line.split(' ').slice(1).map(Number) as number[];
  return {
    wall: wall!,
    cpu: user! + sys!,
    user: user!,
    sys: sys!,
    rssMb: rssKb! / 1024,
    minflt: minflt!,
    stderr: r.stderr,
  };
}

const cliArgs = ['--gt', files.gt, '--dt', files.dt, '--json', join(out, 'o.json')];
const rows: Record<string, Timed[]> = { 'node -e 0': [], 'CLI --help': [], CLI: [], 'CLI steps': [] };
const marks: Array<Array<{ phase: string; wall: number; cpu: number }>> = [];
const uptimeBefore = uptime();
for (let rep = 0; rep < RUNS; rep++) {
  rows['node -e 0']!.push(timed(['-e', '0']));
  rows['CLI --help']!.push(timed([bin, '--help']));
  rows.CLI!.push(timed([bin, ...cliArgs]));
  const s = timed([entry, files.gt, files.dt, join(out, 'o2.json')]);
  rows['CLI steps']!.push(s);
  marks.push(
    JSON.parse(
      s.stderr
        .split('\n')
        .find((l) => l.startsWith('MARKS '))!
        .slice(6),
    ),
  );
}
const uptimeAfterRuns = uptime();

// per phase: the difference of consecutive marks (wall from process start for the first)
const phaseNames = marks[0]!.map((m) => m.phase);
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const phases = phaseNames.map((phase, i) => {
  const wall = marks.map((m) => m[i]!.wall - (i ? m[i - 1]!.wall : 0));
  const cpu = marks.map((m) => m[i]!.cpu - (i ? m[i - 1]!.cpu : 0));
  return {
    phase,
    wallMedian: med(wall),
    wallBest: Math.min(...wall),
    cpuMedian: med(cpu),
    cpuBest: Math.min(...cpu),
  };
});

// one profiled run and one with --trace-gc
const profDir = join(out, 'prof');
execFileSync(
  process.execPath,
  ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', '250', bin, ...cliArgs],
  {
    stdio: 'ignore',
  },
);
type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
const prof = JSON.parse(readFileSync(join(profDir, readdirSync(profDir)[0]!), 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};
const nodes = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfMs = new Map<string, number>();
const inclusiveMs = new Map<string, number>();
for (let i = 0; i < prof.samples.length; i++) {
  const dt = (prof.timeDeltas[i + 1] ?? 0) / 1000;
  let id: number | undefined = prof.samples[i]!;
  const seen = new Set<string>();
  const f = nodes.get(id)!.callFrame;
  const name = `${f.functionName || '(anonymous)'} (${f.url.split('/').slice(-2).join('/') || 'native'}:${f.lineNumber + 1})`;
  selfMs.set(name, (selfMs.get(name) ?? 0) + dt);
  for (; id !== undefined; id = parent.get(id)) {
    const fn = nodes.get(id)!.callFrame.functionName;
    if (seen.has(fn)) continue;
    seen.add(fn);
    inclusiveMs.set(fn, (inclusiveMs.get(fn) ?? 0) + dt);
  }
}
const topSelf = [...selfMs]
  .sort((a, b) => b[1] - a[1])
  .slice(0, 20)
  .map(([fn, ms]) => ({ fn, ms: Math.round(ms) }));
const inclusive = Object.fromEntries(
  [
    'loadCocoGroundTruth',
    'parseJsonBytes',
    'loadCocoResults',
    'scanCocoResultsChunks',
    'fromScanned',
    'evaluateCategories',
    'bucket',
    'gatherDetections',
    'evaluateGroup',
    'matchArea',
    'accumulateCategory',
    'descendingScoreOrder',
    'allocAccumulated',
    'allocCategoryEvaluation',
    'finishEvaluation',
    '(garbage collector)',
  ].map((fn) => [fn, Math.round(inclusiveMs.get(fn) ?? 0)]),
);
const gcRun = spawnSync(process.execPath, ['--trace-gc', bin, ...cliArgs], { encoding: 'utf8' });
const pauses = [...gcRun.stdout.matchAll(/: (Scavenge|Mark-Compact)[^,]*, ([\d.]+) \/ [\d.]+ ms/g)].map(
  (m) => ({
    kind: m[1]!,
    ms: Number(m[2]),
  }),
);
const gc = {
  scavenges: pauses.filter((p) => p.kind === 'Scavenge').length,
  markCompacts: pauses.filter((p) => p.kind === 'Mark-Compact').length,
  pauseMs: Math.round(pauses.reduce((s, p) => s + p.ms, 0) * 10) / 10,
};

const summarize = (ts: Timed[]) => ({
  wallBest: Math.min(...ts.map((t) => t.wall)),
  wallMedian: med(ts.map((t) => t.wall)),
  cpuBest: Math.min(...ts.map((t) => t.cpu)),
  cpuMedian: med(ts.map((t) => t.cpu)),
  userMedian: med(ts.map((t) => t.user)),
  sysMedian: med(ts.map((t) => t.sys)),
  rssMb: Math.max(...ts.map((t) => t.rssMb)),
  minorFaultsMedian: med(ts.map((t) => t.minflt)),
});
const result = {
  label: LABEL,
  bin,
  machine: `${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}`,
  date: new Date().toISOString(),
  uptimeBefore,
  uptimeAfterRuns,
  uptimeAfter: uptime(),
  runs: RUNS,
  processes: Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, summarize(v)])),
  phases,
  profile: { spanMs: Math.round((prof.endTime - prof.startTime) / 1000), topSelf, inclusive },
  gc,
};
const jsonPath = join(here, 'results/coco-eval-cli-profile.json');
let previous: Record<string, unknown> = {};
try {
  previous = JSON.parse(readFileSync(jsonPath, 'utf8'));
} catch {}
writeFileSync(jsonPath, `${JSON.stringify({ ...previous, [LABEL]: result }, null, 1)}\n`);
const f = (s: number) => (s * 1000).toFixed(0);
console.log(`${LABEL}: ${uptimeBefore}
| process | wall ms best / median | CPU ms best / median | user / sys ms median | RSS MB | minor faults |
|---|---|---|---|---|---|
${Object.entries(result.processes)
  .map(
    ([k, r]) =>
      `| ${k} | ${f(r.wallBest)} / ${f(r.wallMedian)} | ${f(r.cpuBest)} / ${f(r.cpuMedian)} | ${f(r.userMedian)} / ${f(r.sysMedian)} | ${r.rssMb.toFixed(0)} | ${r.minorFaultsMedian} |`,
  )
  .join('\n')}

| phase (CLI steps) | wall ms median (best) | CPU ms median (best) |
|---|---|---|
${phases.map((p) => `| ${p.phase} | ${p.wallMedian.toFixed(0)} (${p.wallBest.toFixed(0)}) | ${p.cpuMedian.toFixed(0)} (${p.cpuBest.toFixed(0)}) |`).join('\n')}

profile span ${result.profile.spanMs} ms; inclusive ms: ${JSON.stringify(inclusive)}
top self: ${topSelf.map((t) => `${t.fn} ${t.ms}`).join('; ')}
gc: ${JSON.stringify(gc)}; ${result.uptimeAfter}`);
