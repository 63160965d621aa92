#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError, loadConfigFile, resolveConfig } from './config/load-config';
import { evaluateRun } from './commands/evaluate-run';
import { predictWithRun } from './commands/predict-with-run';
import { BACKEND_NAMES, type BackendName } from './config/schema';
import { trainDetector } from './run/train-detector';
import { plotRun } from './viz/plot-run';

const program = new Command();
program
  .name('aligndet')
  .description('Train, evaluate and plot aligndet detectors (FCOS + RFA + APS on TensorFlow.js).');

program
  .command('train')
  .description(
    'train a detector (default: the aligndet preset on the built-in dataset), evaluate it and print the COCO AP table',
  )
  .option('-c, --config <file>', 'JSON config file (fields: model, data, solver, run)')
  .option('--resume', 'continue from the run folder’s last checkpoint')
  .argument('[overrides...]', 'key=value overrides, e.g. solver.maxIter=300 model.preset=fcos')
  .action(async (overrides: string[], opts: { config?: string; resume?: boolean }) => {
    const config = opts.config ? loadConfigFile(opts.config, overrides) : resolveConfig({}, overrides);
    const r = await trainDetector(config, { resume: opts.resume });
    console.log(
      `\nCOCO evaluation of ${config.model.preset} on the validation set after ${r.iterations} iterations:\n${r.summary}`,
    );
    console.log(
      `\nrun folder: ${r.runDir} (metrics.jsonl, loss/AP plots, detections/, checkpoints); wall time ${(r.seconds / 60).toFixed(1)} min`,
    );
  });

const backendOption = (value: string): BackendName => {
  if (!(BACKEND_NAMES as readonly string[]).includes(value))
    throw new ConfigError(`--backend: "${value}" is not one of ${BACKEND_NAMES.join(', ')}`);
  return value as BackendName;
};
const scoreOption = (flag: string) => (value: string) => {
  const v = Number(value);
  if (!(v >= 0 && v <= 1)) throw new ConfigError(`${flag}: "${value}" is not a number in [0, 1]`);
  return v;
};

program
  .command('eval')
  .description(
    "evaluate a run's checkpoint (default model_best) with COCO metrics; writes results.json and eval.json",
  )
  .argument('<runDir>', 'a folder written by `aligndet train`')
  .option(
    '--checkpoint <name>',
    'checkpoint to load, e.g. model_0000300 (default model_best, else the newest)',
  )
  .option('--annotations <file>', "COCO instances JSON to evaluate on (default: the run's validation set)")
  .option('--images <dir>', 'image folder of --annotations')
  .option('--out <dir>', 'output folder (default <runDir>/eval_<checkpoint>)')
  .option('--backend <name>', `backend: ${BACKEND_NAMES.join(', ')}`, backendOption)
  .action(
    async (
      runDir: string,
      opts: {
        checkpoint?: string;
        annotations?: string;
        images?: string;
        out?: string;
        backend?: BackendName;
      },
    ) => {
      const r = await evaluateRun(runDir, { ...opts, outDir: opts.out });
      console.log(`\nCOCO evaluation of ${r.checkpoint}:\n${r.evaluation.summary}`);
      console.log(`\nwritten: ${r.outDir}/results.json, ${r.outDir}/eval.json`);
    },
  );

program
  .command('predict')
  .description(
    'detect objects in images with a trained run; writes drawn PNGs, results.json (COCO) and images.json',
  )
  .argument('<images...>', 'JPEG or PNG files')
  .requiredOption('--run <dir>', 'a folder written by `aligndet train`')
  .requiredOption('--out <dir>', 'output folder')
  .option('--checkpoint <name>', 'checkpoint to load (default model_best, else the newest)')
  .option(
    '--score-threshold <s>',
    'keep detections scoring at least this (default 0.05)',
    scoreOption('--score-threshold'),
  )
  .option(
    '--draw-threshold <s>',
    'draw detections scoring at least this (default 0.3)',
    scoreOption('--draw-threshold'),
  )
  .option('--backend <name>', `backend: ${BACKEND_NAMES.join(', ')}`, backendOption)
  .action(
    async (
      images: string[],
      opts: {
        run: string;
        out: string;
        checkpoint?: string;
        scoreThreshold?: number;
        drawThreshold?: number;
        backend?: BackendName;
      },
    ) => {
      const r = await predictWithRun(opts.run, images, { ...opts, outDir: opts.out });
      console.log(`${r.results.length} detections in ${images.length} images; drawn:`);
      for (const f of r.images) console.log(f);
    },
  );

program
  .command('plot')
  .description('draw loss and AP curves (SVG, and PNG when @resvg/resvg-js is installed) from a run folder')
  .argument('<runDir>')
  .action(async (runDir: string) => {
    for (const f of await plotRun(runDir)) console.log(f);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    (error instanceof Error &&
      [
        'DataError',
        'NonFiniteLossError',
        'BackendUnavailableError',
        'CocoEvalError',
        'WeightsError',
      ].includes(error.name))
  ) {
    console.error(`aligndet: ${error.message}`);
    process.exit(1);
  }
  throw error;
});
