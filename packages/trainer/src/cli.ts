#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError, loadConfigFile, resolveConfig } from './config/load-config';
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
      ['DataError', 'NonFiniteLossError', 'BackendUnavailableError', 'CocoEvalError'].includes(error.name))
  ) {
    console.error(`aligndet: ${error.message}`);
    process.exit(1);
  }
  throw error;
});
