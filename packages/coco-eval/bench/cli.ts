// Benchmark of the whole `aligndet-coco-eval` process (the built dist: run `npm run build` first) on
// the COCO-val-sized case: wall, CPU (user + system, all threads) and peak RSS from /usr/bin/time,
// best of 3, for --threads 1 and 2 and, given BEFORE_BIN, another build's CLI (e.g. main's) in the
// same run. Writes bench/results/coco-eval-cli.{json,md}.
//   BEFORE_BIN=/path/to/main/packages/coco-eval/bin/aligndet-coco-eval.js npx tsx bench/cli.ts
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCocoValSized } from './generate';

const here = fileURLToPath(new URL('.', import.meta.url));
const dir = join(tmpdir(), 'aligndet-coco-bench');
const big = existsSync(join(dir, 'gt.json'))
  ? { gt: join(dir, 'gt.json'), dt: join(dir, 'dt.json') }
  : generateCocoValSized(dir);
const out = mkdtempSync(join(tmpdir(), 'coco-cli-bench-'));
const bin = join(here, '../bin/aligndet-coco-eval.js');
const variants: Array<{ label: string; bin: string; args: string[] }> = [
  ...(process.env.BEFORE_BIN ? [{ label: 'before (main)', bin: process.env.BEFORE_BIN, args: [] }] : []),
  { label: 'after, --threads 1', bin, args: ['--threads', '1'] },
  { label: 'after, --threads 2', bin, args: ['--threads', '2'] },
];
const uptimeBefore = execFileSync('uptime', { encoding: 'utf8' }).trim();
const best = new Map<string, { wall: number; cpu: number; rssMb: number }>();
for (let rep = 0; rep < 3; rep++)
  for (const v of variants) {
    const r = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        '%e %U %S %M',
        process.execPath,
        v.bin,
        '--gt',
        big.gt,
        '--dt',
        big.dt,
        '--json',
        join(out, 'o.json'),
        ...v.args,
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`${v.label}: ${r.stderr}`);
    const [wall, user, sys, rssKb] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number) as number[];
    const b = best.get(v.label);
    const cpu = user! + sys!;
    best.set(v.label, {
      wall: Math.min(b?.wall ?? Infinity, wall!),
      cpu: Math.min(b?.cpu ?? Infinity, cpu),
      rssMb: Math.max(b?.rssMb ?? 0, rssKb! / 1024),
    });
  }
const uptimeAfter = execFileSync('uptime', { encoding: 'utf8' }).trim();
const result = {
  machine: `${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}`,
  date: new Date().toISOString(),
  uptimeBefore,
  uptimeAfter,
  rows: Object.fromEntries(best),
};
writeFileSync(join(here, 'results/coco-eval-cli.json'), `${JSON.stringify(result, null, 1)}\n`);
const md = `# aligndet-coco-eval process benchmark

Machine: ${result.machine}, shared with other jobs. \`npx tsx bench/cli.ts\` (dist build), COCO-val-sized case
(5,000 images, 500k detections), \`--json\` output; best of 3 for wall and CPU (user + system over all
threads), largest peak RSS. Load: \`${uptimeBefore}\` before, \`${uptimeAfter}\` after.

| CLI | wall s | CPU s | peak RSS MB |
|---|---|---|---|
${[...best].map(([l, r]) => `| ${l} | **${r.wall.toFixed(2)}** | ${r.cpu.toFixed(2)} | ${r.rssMb.toFixed(0)} |`).join('\n')}
`;
writeFileSync(join(here, 'results/coco-eval-cli.md'), md);
console.log(md);
