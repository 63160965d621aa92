// Benchmark: load (read + parse both JSON files) + evaluate + accumulate + summarize on a
// COCO-val-sized case and on the m_medium_public fixture; wall and CPU time (the machine is shared:
// CPU time is the steadier number) and this process's peak RSS. Results of several labelled runs
// accumulate in bench/results/coco-eval.{json,md}; peak RSS needs one process per label.
//   npx tsx bench/run.ts --label after
//   COCO_SRC=../bench/.before/index.ts npx tsx bench/run.ts --label before   # another copy, e.g. an older commit
//   npx tsx bench/run.ts --label '2 threads' --threads 2   # evaluateCocoParallel of dist (npm run build first)
//   npx tsx bench/cli.ts   # the whole aligndet-coco-eval process (dist), wall, CPU and peak RSS
//   COCO_PYCOCOTOOLS=1 [PYCOCOTOOLS_PATH=<cocoapi>/PythonAPI] npx tsx bench/run.ts --label after
//     # adds pycocotools on the same files in the same run (bench/pycocotools_eval.py; ~1 min, GBs)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCocoValSized } from './generate';

const label = process.argv.includes('--label')
  ? process.argv[process.argv.indexOf('--label') + 1]!
  : 'current';
const threads = process.argv.includes('--threads')
  ? Number(process.argv[process.argv.indexOf('--threads') + 1])
  : 1;
const { evaluateCoco: evaluateOne, loadCocoGroundTruth } = (await import(
  process.env.COCO_SRC ?? '../src/index'
)) as typeof import('../src/index');
// the built entry (npm run build first): its workers load dist, not the sources through tsx
const { evaluateCocoParallel } = (
  threads > 1 ? await import('../dist/node.js' as string) : {}
) as typeof import('../src/node/index');
const evaluateCoco = async (gt: string, dt: string) =>
  threads > 1 ? evaluateCocoParallel(gt, dt, {}, { threads }) : evaluateOne(gt, dt);

const here = fileURLToPath(new URL('.', import.meta.url));
const dir = join(tmpdir(), 'aligndet-coco-bench');
const big = existsSync(join(dir, 'gt.json'))
  ? { gt: join(dir, 'gt.json'), dt: join(dir, 'dt.json') }
  : generateCocoValSized(dir);

async function time(gt: string, dt: string, repeats: number) {
  const wall: number[] = [];
  const cpu: number[] = [];
  let stats: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const u = process.cpuUsage();
    const t = performance.now();
    stats = (await evaluateCoco(gt, dt)).stats; // includes reading + parsing both JSON files
    wall.push((performance.now() - t) / 1000);
    const d = process.cpuUsage(u);
    cpu.push((d.user + d.system) / 1e6);
  }
  return { wallBest: Math.min(...wall), cpuBest: Math.min(...cpu), wall, cpu, AP: stats[0] };
}

const fixtures = fileURLToPath(
  new URL('../../../../shared/fixtures/coco-eval/m_medium_public/', import.meta.url),
);
const medium = existsSync(fixtures)
  ? await time(join(fixtures, 'gt.json'), join(fixtures, 'dt.json'), 5)
  : null;
const uptimeBefore = execFileSync('uptime', { encoding: 'utf8' }).trim();
const val = await time(big.gt, big.dt, 5);
const uptime = execFileSync('uptime', { encoding: 'utf8' }).trim();
const peakRssMb = process.resourceUsage().maxRSS / 1024;

// pycocotools on the same files, after ours, in the same run (opt-in: about a minute)
type PycocoRun = {
  loadWall: number;
  loadCpu: number;
  evalWall: number;
  evalCpu: number;
  peakRssMb: number;
  stats: number[];
};
let pycocotools:
  | { skipped: string }
  | { cocoValSized: PycocoRun; mediumPublic: PycocoRun | null; maxAbsStatDiff: number; uptimeAfter: string };
if (process.env.COCO_PYCOCOTOOLS !== '1') pycocotools = { skipped: 'not requested (COCO_PYCOCOTOOLS=1)' };
else {
  const env = { ...process.env, PYTHONPATH: process.env.PYCOCOTOOLS_PATH ?? process.env.PYTHONPATH ?? '' };
  const script = join(here, 'pycocotools_eval.py');
  const py = (gt: string, dt: string) =>
    JSON.parse(
      execFileSync('/usr/bin/python3', ['-s', script, gt, dt], { encoding: 'utf8', env, maxBuffer: 1 << 24 }),
    ) as PycocoRun;
  try {
    execFileSync('/usr/bin/python3', ['-s', '-c', 'import pycocotools.cocoeval'], { env, stdio: 'ignore' });
    const mediumPy = medium ? py(join(fixtures, 'gt.json'), join(fixtures, 'dt.json')) : null;
    const valPy = py(big.gt, big.dt);
    const ours = (await evaluateCoco(big.gt, big.dt)).stats;
    pycocotools = {
      cocoValSized: valPy,
      mediumPublic: mediumPy,
      maxAbsStatDiff: Math.max(...ours.map((v, i) => Math.abs(v - valPy.stats[i]!))),
      uptimeAfter: execFileSync('uptime', { encoding: 'utf8' }).trim(),
    };
  } catch (e) {
    pycocotools = {
      skipped: `pycocotools not runnable by /usr/bin/python3 -s (${(e as Error).message.split('\n')[0]})`,
    };
  }
}
if ('skipped' in pycocotools) console.log(`reference skipped: ${pycocotools.skipped}`);
const numGt = loadCocoGroundTruth(big.gt).count;

const jsonPath = join(here, 'results/coco-eval.json');
type Run = {
  date: string;
  loadAverage: number;
  uptime: string;
  uptimeBefore?: string;
  threads: number;
  pycocotools?: typeof pycocotools;
  cocoValSized: Awaited<ReturnType<typeof time>> & { peakRssMb: number };
  mediumPublic: Awaited<ReturnType<typeof time>> | null;
};
let previous: { runs?: Record<string, Run> } = {};
try {
  previous = JSON.parse(readFileSync(jsonPath, 'utf8'));
} catch {}
const result = {
  machine: `${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}`,
  case: { images: 5000, categories: 80, numGt, numDetections: 500000 },
  runs: {
    ...(previous.runs ?? {}),
    [label]: {
      date: new Date().toISOString(),
      loadAverage: loadavg()[0]!,
      uptime,
      uptimeBefore,
      threads,
      pycocotools,
      cocoValSized: { ...val, peakRssMb },
      mediumPublic: medium,
    },
  } as Record<string, Run>,
  references: {
    note: 'recorded on this machine by an earlier benchmark (faster-coco-eval is not installable here); pycocotools in the same run: see each run (COCO_PYCOCOTOOLS=1)',
    pycocotoolsSeconds: 49.0,
    pycocotoolsPeakGb: 4.3,
    fasterCocoEvalSeconds: 4.9,
    pycocotoolsMediumSeconds: 1.47,
  },
};
writeFileSync(jsonPath, `${JSON.stringify(result, null, 1)}\n`);
const rows = Object.entries(result.runs)
  .map(
    ([l, r]) =>
      `| ${l} | **${r.cocoValSized.cpuBest.toFixed(2)} s** / ${r.cocoValSized.wallBest.toFixed(2)} s | ${r.cocoValSized.peakRssMb.toFixed(0)} MB | ${r.mediumPublic ? `${r.mediumPublic.cpuBest.toFixed(3)} s / ${r.mediumPublic.wallBest.toFixed(3)} s` : '–'} | ${r.loadAverage.toFixed(1)} |`,
  )
  .join('\n');
const pyRows = Object.entries(result.runs)
  .filter(([, r]) => r.pycocotools && !('skipped' in r.pycocotools))
  .map(([l, r]) => {
    const py = r.pycocotools as Exclude<typeof pycocotools, { skipped: string }>;
    const v = py.cocoValSized;
    const m = py.mediumPublic;
    return `| ${l} | ${(v.loadCpu + v.evalCpu).toFixed(1)} s / ${(v.loadWall + v.evalWall).toFixed(1)} s (load ${v.loadCpu.toFixed(1)} s CPU) | ${(v.peakRssMb / 1024).toFixed(2)} GB | ${m ? `${(m.loadCpu + m.evalCpu).toFixed(2)} s / ${(m.loadWall + m.evalWall).toFixed(2)} s` : '–'} | ${((v.loadCpu + v.evalCpu) / r.cocoValSized.cpuBest).toFixed(1)}× | ${py.maxAbsStatDiff.toExponential(1)} |`;
  })
  .join('\n');
const md = `# coco-eval benchmark

Machine: ${result.machine} (shared with other jobs: see the load average). Command: \`npm run bench -w @aligndet/coco-eval\`.
Times are load (read + parse both JSON files) + evaluate + accumulate + summarize, best of 5 (3 in runs before 2026-12-02 05:00; 5 for the
fixture), on the stated threads (wall time is what threads can lower; CPU time sums all threads).
\`before\` is the evaluator of main (commit 62480ac) run by this same script (\`COCO_SRC\`), in the same session.

COCO-val-sized: 5,000 images, 80 categories, ${numGt} GT, 500k detections. m_medium_public: 300 images, 30k detections.

| code | COCO-val-sized CPU / wall | peak RSS | m_medium_public CPU / wall | load avg |
|---|---|---|---|---|
${rows}

pycocotools (cocoapi 8c9bcc3, numpy ${'1.24'}) on the same files, in the same run as the row of the same label
(\`COCO_PYCOCOTOOLS=1\`, \`bench/pycocotools_eval.py\`; load = COCO() + loadRes, then evaluate + accumulate + summarize):

| run | COCO-val-sized CPU / wall | peak RSS | m_medium_public CPU / wall | pycocotools CPU / ours | max |Δ stat| |
|---|---|---|---|---|---|
${pyRows || '| – | not run | | | | |'}

References (${result.references.note}): pycocotools ${result.references.pycocotoolsSeconds} s and ~${result.references.pycocotoolsPeakGb} GB on the
COCO-val-sized case, ${result.references.pycocotoolsMediumSeconds} s on m_medium_public; faster-coco-eval ${result.references.fasterCocoEvalSeconds} s.
`;
writeFileSync(join(here, 'results/coco-eval.md'), md);
console.log(md);
