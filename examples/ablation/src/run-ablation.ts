// The ablation study: every variant × seed trained with the same budget on the built-in dataset,
// each in its own process (`--jobs` at a time), then a markdown table (mean ± std over seeds),
// a bar plot and docs/ablation.md. Finished runs are kept and skipped when the study is re-run.
//
//   npm start -w @aligndet-examples/ablation -- [--seeds 3] [--jobs 2] [--iters 1500] [--out runs/ablation] [--only "fcos,aligndet (paper)"]
//   [--study heads]: the head × assigner × RFA study (src/head-variants.ts) instead of the component study
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { barChart, chartToSvg } from '@aligndet/coco-eval/plot';
import { type RunRecord, summarize, summaryMarkdown } from './summarize';
import { HEAD_STUDY_VARIANTS, type HeadStudyVariant } from './head-variants';
import { ABLATION_VARIANTS, type AblationVariant, variantSlug } from './variants';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '3' },
    jobs: { type: 'string', default: '2' },
    iters: { type: 'string', default: '1500' },
    out: { type: 'string' },
    docs: { type: 'string', default: join(repo, 'docs/ablation.md') },
    /** Comma-separated variant names to run now (default all); the summary always covers all that are done. */
    only: { type: 'string' },
    /** `components` (default: src/variants.ts) or `heads` (src/head-variants.ts). */
    study: { type: 'string', default: 'components' },
  },
});
const heads = args.study === 'heads';
if (!heads && args.study !== 'components') {
  console.error(`ablation: --study: expected components or heads, got ${JSON.stringify(args.study)}`);
  process.exit(1);
}
const study: Array<AblationVariant & Partial<Pick<HeadStudyVariant, 'requires'>>> = heads
  ? HEAD_STUDY_VARIANTS
  : ABLATION_VARIANTS;
for (const v of study) if (v.requires) console.log(`ablation: skipping "${v.name}": needs ${v.requires}`);
const runnable = study.filter((v) => !v.requires);
const seeds = Array.from({ length: Number(args.seeds) }, (_, i) => i);
const iters = Number(args.iters);
const outDir = resolve(args.out ?? join(repo, heads ? 'runs/ablation-heads' : 'runs/ablation'));

/** The shared budget: the README's main job (`npm run demo`), per variant and seed. */
const budget = [
  'model.fpnChannels=32',
  'model.headChannels=32',
  `solver.maxIter=${iters}`,
  'solver.batchSize=8',
  `solver.warmupIters=${Math.round(iters / 10)}`,
  `solver.steps=[${Math.round(iters * 0.75)},${Math.round(iters * 0.93)}]`,
  `run.evalPeriod=${Math.round(iters / 4)}`,
  `run.checkpointPeriod=${iters}`,
  'run.logPeriod=50',
];

interface Job {
  variant: string;
  seed: number;
  dir: string;
  overrides: string[];
}
const jobs: Job[] = runnable.flatMap((v) =>
  seeds.map((seed) => {
    const dir = join(outDir, `${variantSlug(v.name)}-seed${seed}`);
    return {
      variant: v.name,
      seed,
      dir,
      overrides: [...budget, ...v.overrides, `run.seed=${seed}`, `run.outDir=${dir}`],
    };
  }),
);

const cli = join(repo, 'packages/trainer/dist/cli.js');
if (!existsSync(cli)) {
  console.error(`ablation: ${relative(process.cwd(), cli)} is missing; run \`npm run build\` first`);
  process.exit(1);
}
const done = (j: Job) => existsSync(join(j.dir, 'val_eval.json'));

function runJob(j: Job): Promise<void> {
  return new Promise((ok, fail) => {
    mkdirSync(j.dir, { recursive: true });
    const started = performance.now();
    const child = spawn(process.execPath, [cli, 'train', ...j.overrides], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
      // `--jobs` runs share the cores: each gets its share of wasm threads
      env: {
        ...process.env,
        ALIGNDET_WASM_THREADS:
          process.env.ALIGNDET_WASM_THREADS ??
          String(Math.max(1, Math.floor(cpus().length / Number(args.jobs)))),
      },
    });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('close', (code) => {
      writeFileSync(join(j.dir, 'train.log'), log);
      if (code !== 0)
        return fail(
          new Error(`${j.variant} seed ${j.seed} failed (exit ${code}); see ${join(j.dir, 'train.log')}`),
        );
      const seconds = (performance.now() - started) / 1000;
      writeFileSync(join(j.dir, 'ablation.json'), `${JSON.stringify({ seconds })}\n`);
      ok();
    });
  });
}

const started = performance.now();
const only = args.only?.split(',').map((v) => v.trim());
const todo = jobs.filter((j) => !done(j) && (!only || only.includes(j.variant)));
const alreadyDone = jobs.filter(done).length;
console.log(
  `ablation: ${jobs.length} runs (${runnable.length} variants × ${seeds.length} seeds, ${iters} iterations each), ${alreadyDone} already done, ${todo.length} to run now, ${args.jobs} at a time`,
);
let finished = alreadyDone;
const queue = [...todo];
await Promise.all(
  Array.from({ length: Math.max(1, Number(args.jobs)) }, async () => {
    for (let j = queue.shift(); j; j = queue.shift()) {
      await runJob(j);
      finished++;
      const ap = JSON.parse(readFileSync(join(j.dir, 'val_eval.json'), 'utf8')).stats[0];
      const elapsed = (performance.now() - started) / 1000;
      console.log(
        `[${finished}/${jobs.length}] ${j.variant} seed ${j.seed}: AP ${(100 * ap).toFixed(1)} (${(elapsed / 60).toFixed(1)} min so far)`,
      );
    }
  }),
);

const records: RunRecord[] = jobs.filter(done).map((j) => ({
  variant: j.variant,
  seed: j.seed,
  stats: JSON.parse(readFileSync(join(j.dir, 'val_eval.json'), 'utf8')).stats,
  seconds: existsSync(join(j.dir, 'ablation.json'))
    ? JSON.parse(readFileSync(join(j.dir, 'ablation.json'), 'utf8')).seconds
    : Number.NaN,
}));
const rows = summarize(
  records,
  runnable.map((v) => v.name),
);
const table = summaryMarkdown(rows);
writeFileSync(join(outDir, 'results.md'), `${table}\n`);
writeFileSync(join(outDir, 'results.json'), `${JSON.stringify({ budget, records, rows }, null, 1)}\n`);
const svg = await chartToSvg(
  barChart({
    title: `COCO AP on the built-in dataset (mean ± std, ${seeds.length} seeds)`,
    valueLabel: 'AP (%)',
    bars: rows.map((r) => ({ label: r.variant, value: r.columns.AP!.mean, error: r.columns.AP!.std })),
  }),
);
writeFileSync(join(outDir, 'ap.svg'), svg);

const svgName = heads ? 'ablation-heads-ap.svg' : 'ablation-ap.svg';
const runSeconds = records.map((r) => r.seconds).filter(Number.isFinite);
const cpu = cpus();
const generated = `Produced by \`npm start -w @aligndet-examples/ablation -- --seeds ${seeds.length} --iters ${iters} --jobs ${args.jobs}${heads ? ' --study heads' : ''}\`
(\`examples/ablation\`), ${new Date().toISOString().slice(0, 10)}.

- Data: the built-in dataset (seed 0, 1000 train / 200 val images, 128 px, 5 classes), evaluated with
  \`@aligndet/coco-eval\` (pycocotools-exact) on the 200 validation images.
- Budget per run: ${budget.map((b) => `\`${b}\``).join(', ')}; tiny backbone from scratch. Seeds ${seeds.join(', ')}
  change the initial weights and the data order.
- Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, wasm backend,
  ${args.jobs} runs at a time (when all ran in one invocation); one run took ${runSeconds.length ? `${(Math.min(...runSeconds) / 60).toFixed(1)}–${(Math.max(...runSeconds) / 60).toFixed(1)}` : '?'} min.

COCO metrics in percent, mean ± sample std over seeds:

${table}

![AP per model](${svgName})`;

// the generated part sits between markers, so notes written around it survive a re-run
// (one pair per study, so the head study sits beside the component table instead of replacing it)
const marker = heads ? 'examples/ablation --study heads' : 'examples/ablation';
const BEGIN = `<!-- generated by ${marker}: begin -->`;
const END = `<!-- generated by ${marker}: end -->`;
const docsPath = resolve(args.docs!);
const previous = existsSync(docsPath) ? readFileSync(docsPath, 'utf8') : '';
const docs =
  previous.includes(BEGIN) && previous.includes(END)
    ? `${previous.slice(0, previous.indexOf(BEGIN) + BEGIN.length)}\n${generated}\n${previous.slice(previous.indexOf(END))}`
    : heads
      ? `${previous || '# Ablation on the built-in dataset\n'}\n## Heads × assigners × RFA\n\n${BEGIN}\n${generated}\n${END}\n`
      : `# Ablation on the built-in dataset\n\n${BEGIN}\n${generated}\n${END}\n`;
mkdirSync(dirname(resolve(args.docs!)), { recursive: true });
writeFileSync(docsPath, docs);
writeFileSync(join(dirname(resolve(args.docs!)), svgName), svg);
console.log(
  `\n${table}\n\nwritten: ${join(outDir, 'results.md')}, ${join(outDir, 'ap.svg')}, ${resolve(args.docs!)}`,
);
