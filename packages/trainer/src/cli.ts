#!/usr/bin/env node
import { basename } from 'node:path';
import { Command, CommanderError } from 'commander';
import { addHelpExamples, VERSION } from './cli-help';
import { browseDataset } from './commands/browse-dataset';
import { evaluateRun } from './commands/evaluate-run';
import { formatCliError } from './commands/format-cli-error';
import { predictWithRun } from './commands/predict-with-run';
import { trainRun } from './commands/train-run';
import { ConfigError } from './config/load-config';
import { BACKEND_NAMES, type BackendName } from './config/schema';
import { plotRun } from './viz/plot-run';

/** Where the CLI writes: the console, or a test's buffers. */
export interface CliIO {
  out: (line: string) => void;
  err: (text: string) => void;
}

const consoleIO: CliIO = {
  out: (l) => console.log(l),
  err: (t) => process.stderr.write(t),
};

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

function buildProgram(io: CliIO): Command {
  const program = new Command();
  program
    .name('aligndet')
    .description('Train, evaluate and plot aligndet detectors (FCOS + RFA + APS on TensorFlow.js).')
    .version(VERSION)
    .option('--verbose', 'print the stack trace of an error')
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.out(t.replace(/\n$/, '')), writeErr: io.err });

  program
    .command('train')
    .description(
      'train a detector (default: the aligndet preset on the built-in dataset), evaluate it and print the COCO AP table',
    )
    .option('-c, --config <file>', 'JSON config file (fields: model, data, solver, run)')
    .option(
      '--resume',
      "continue the run in run.outDir from its newest intact checkpoint, with the run's own config (overrides given here are applied and recorded)",
    )
    .argument('[overrides...]', 'key=value overrides, e.g. solver.maxIter=300 model.preset=fcos')
    .action(async (overrides: string[], opts: { config?: string; resume?: boolean }) => {
      const r = await trainRun({ configFile: opts.config, overrides, resume: opts.resume, log: io.out });
      io.out(
        `\nCOCO evaluation of ${r.config.model.preset} on the validation set after ${r.iterations} iterations:\n${r.summary}`,
      );
      io.out(
        `\nrun folder: ${r.runDir} (metrics.jsonl, loss/AP plots, detections/, checkpoints); wall time ${(r.seconds / 60).toFixed(1)} min`,
      );
    });

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
    .option(
      '--annotations <file>',
      "COCO instances JSON to evaluate on (default: the run's validation set); categories are matched to the run's by id",
    )
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
        const r = await evaluateRun(runDir, { ...opts, outDir: opts.out, log: io.out });
        io.out(`\nCOCO evaluation of ${r.checkpoint}:\n${r.evaluation.summary}`);
        io.out(`\n${r.report.text}`);
        io.out(
          `\nwritten: ${r.outDir}/results.json, ${r.outDir}/eval.json, per_class.txt, PR curves, confusion matrix`,
        );
      },
    );

  program
    .command('predict')
    .description(
      'detect objects in images with a trained run; writes drawn PNGs, results.json (COCO) and images.json',
    )
    .argument('<images...>', 'JPEG or PNG files, or folders of them')
    .requiredOption('--run <dir>', 'a folder written by `aligndet train`')
    .option('--out <dir>', 'output folder (default <run>/predict, <run>/predict2, … : a new one each time)')
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
          out?: string;
          checkpoint?: string;
          scoreThreshold?: number;
          drawThreshold?: number;
          backend?: BackendName;
        },
      ) => {
        const r = await predictWithRun(opts.run, images, { ...opts, outDir: opts.out, log: io.out });
        io.out(`${r.results.length} detections in ${r.images.length} images; drawn:`);
        for (const f of r.images) io.out(f);
      },
    );

  program
    .command('plot')
    .description('draw loss and AP curves (SVG, and PNG when @resvg/resvg-js is installed) from a run folder')
    .argument('<runDir>', 'a folder written by `aligndet train`')
    .action(async (runDir: string) => {
      for (const f of await plotRun(runDir)) io.out(f);
    });

  program
    .command('browse')
    .description(
      "draw a COCO dataset's ground truth on its first images and print its class counts and skipped annotations",
    )
    .argument('<annotations>', 'COCO instances JSON')
    .option('--images <dir>', 'image folder (default: images/ beside the JSON)')
    .option('--out <dir>', 'output folder for the drawn PNGs (default browse)')
    .option('-n, --count <n>', 'how many images to draw (default 16)', (v: string) => {
      const n = Number(v);
      if (!(Number.isInteger(n) && n >= 0))
        throw new ConfigError(`--count: "${v}" is not a whole number ≥ 0`);
      return n;
    })
    .action(async (annotations: string, opts: { images?: string; out?: string; count?: number }) => {
      const { images } = await browseDataset(annotations, { ...opts, outDir: opts.out, log: io.out });
      io.out(`drawn: ${images.length} images in ${opts.out ?? 'browse'}`);
    });

  addHelpExamples(program);
  return program;
}

/**
 * Runs the `aligndet` command line (`argv` without node and the script) and returns the exit code.
 * Every error is one line on stderr (`aligndet: <file or field>: <what>`) and exit code 1; with
 * `--verbose`, the stack trace follows.
 *
 * @example
 * ```ts
 * const code = await runCli(['train', 'solver.maxIter=10']);
 * ```
 */
export async function runCli(argv: string[], io: CliIO = consoleIO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
    io.err(`${formatCliError(error, argv.includes('--verbose'))}\n`);
    return 1;
  }
}

// run when executed (`node dist/cli.js`, the `aligndet` bin, `tsx src/cli.ts`), not when imported
const entry = basename(process.argv[1] ?? '');
if (/^(cli\.[cm]?[jt]s|aligndet(\.js)?)$/.test(entry))
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
