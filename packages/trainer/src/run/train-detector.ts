import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@aligndet/core-tensor';
import { Checkpointer } from '../checkpoint/checkpointer';
import type { TrainConfig } from '../config/schema';
import { DataLoader } from '../data/data-loader';
import type { Batch } from '../data/transforms/collate';
import { IMAGENET_NORMALIZATION } from '../data/transforms/normalize';
import { ConsoleProgress } from '../engine/hooks/console-progress';
import { IterationTimer } from '../engine/hooks/iteration-timer';
import { JsonlWriter } from '../engine/hooks/jsonl-writer';
import { MemoryStats } from '../engine/hooks/memory-stats';
import { Periodic } from '../engine/hooks/periodic';
import { TrainLoop } from '../engine/train-loop';
import { clipGradNorm } from '../solver/clip-grad-norm';
import { warmupMultiStepLr } from '../solver/lr-schedule';
import { SGD } from '../solver/sgd';
import { plotRun } from '../viz/plot-run';
import { buildDatasets } from './build-datasets';
import { buildDetector, configImageSize } from './build-detector';
import { evaluateDetector } from './evaluate-detector';
import { CATEGORIES_FILE, type RunCategories } from './load-trained-detector';
import { writeDetectionImages } from './write-detection-images';

/** Options of {@link trainDetector}. */
export interface TrainOptions {
  /** Continue from the run folder's `last_checkpoint`. */
  resume?: boolean;
  log?: (line: string) => void;
}

/** What a training run produced. */
export interface TrainResult {
  runDir: string;
  stats: number[];
  summary: string;
  seconds: number;
  iterations: number;
}

/**
 * Trains a detector from a validated config: data (the built-in dataset or COCO folders), model
 * (preset), SGD with warm-up and steps, the hook loop (progress, JSONL metrics, periodic atomic
 * checkpoints with a `last_checkpoint` pointer, periodic COCO evaluation with best-checkpoint
 * tracking), then a final evaluation, plots and detections drawn on validation images.
 *
 * @example
 * ```ts
 * const result = await trainDetector(resolveConfig({}, ['solver.maxIter=300']));
 * console.log(result.summary);
 * ```
 */
export async function trainDetector(config: TrainConfig, options: TrainOptions = {}): Promise<TrainResult> {
  const log = options.log ?? ((l: string) => console.log(l));
  const started = performance.now();
  await initBackend(config.run.backend, { purpose: 'training', log });
  const runDir = config.run.outDir;
  mkdirSync(runDir, { recursive: true });
  writeFileSync(join(runDir, 'config.json'), `${JSON.stringify(config, null, 1)}\n`);
  const { train, val } = await buildDatasets(config, log);
  const imageSize = configImageSize(config);
  writeFileSync(
    join(runDir, CATEGORIES_FILE),
    `${JSON.stringify({ ids: train.categoryIds, names: train.categoryNames } satisfies RunCategories)}\n`,
  );
  const detector = buildDetector(config, train.numClasses);
  const sgd = new SGD(
    detector.namedParameters().filter(([, v]) => v.trainable),
    { momentum: config.solver.momentum, weightDecay: config.solver.weightDecay },
  );
  const ckpt = new Checkpointer(runDir);
  let startIter = 0;
  let best: { metric: string; value: number; iter: number } | null = null;
  if (options.resume) {
    const name = ckpt.latest();
    if (name) {
      const meta = ckpt.load(name, detector, sgd);
      startIter = meta.iter;
      best = meta.best;
      log(`aligndet: resumed from ${join(runDir, name)} at iteration ${startIter}`);
    } else log(`aligndet: no checkpoint in ${runDir}; starting from scratch`);
  }
  const loaderOptions = {
    batchSize: config.solver.batchSize,
    shuffle: true,
    seed: config.run.seed,
    minSize: config.data.minSize,
    maxSize: config.data.maxSize,
    flipProbability: config.data.flipProbability,
    normalization: IMAGENET_NORMALIZATION,
  };
  const loader = new DataLoader(train, loaderOptions);
  const perEpoch = loader.batchesPerEpoch;
  let epoch = Math.floor(startIter / perEpoch);
  let batches = loader.epoch(epoch, startIter % perEpoch);
  const nextBatch = async (): Promise<Batch> => {
    let r = await batches.next();
    while (r.done) {
      epoch++;
      batches = loader.epoch(epoch);
      r = await batches.next();
    }
    return r.value;
  };

  const evalOptions = {
    minSize: imageSize,
    maxSize: config.data.maxSize,
    normalization: IMAGENET_NORMALIZATION,
    batchSize: config.solver.batchSize,
  };
  const jsonl = new JsonlWriter(join(runDir, 'metrics.jsonl'), config.run.logPeriod);
  const save = (loop: TrainLoop) =>
    ckpt.save(`model_${String(loop.iter).padStart(7, '0')}`, detector, sgd, {
      iter: loop.iter,
      config,
      best,
      seed: config.run.seed,
    });
  const evaluate = async (loop: TrainLoop) => {
    const { evaluation } = await evaluateDetector(detector, val, evalOptions);
    const [ap, ap50, ap75] = evaluation.stats;
    loop.storage.set('eval/AP', ap!);
    loop.storage.set('eval/AP50', ap50!);
    loop.storage.set('eval/AP75', ap75!);
    jsonl.write(loop);
    if (!best || ap! > best.value) {
      best = { metric: 'AP', value: ap!, iter: loop.iter };
      ckpt.save('model_best', detector, sgd, { iter: loop.iter, config, best, seed: config.run.seed }, false);
    }
  };
  const loop = new TrainLoop({
    maxIter: config.solver.maxIter,
    startIter,
    lrAt: (i) =>
      warmupMultiStepLr(i, {
        baseLr: config.solver.baseLr,
        warmupIters: config.solver.warmupIters,
        warmupFactor: config.solver.warmupFactor,
        warmupMethod: config.solver.warmupMethod,
        steps: config.solver.steps,
        gamma: config.solver.gamma,
      }),
    step: async (_iter, lr) => {
      const batch = await nextBatch();
      const images = tf.tensor4d(batch.images, batch.shape);
      const targets = batch.samples.map((s) => ({ boxes: s.boxes, labels: s.labels }));
      let parts: Record<string, tf.Scalar> = {};
      let numPositives = 0;
      const { value, grads } = tf.variableGrads(() => {
        const l = detector.losses(images, targets);
        parts = l.parts;
        numPositives = l.numPositives;
        return l.total;
      }, sgd.variables);
      value.dispose();
      images.dispose();
      const values = await readScalars(parts);
      let g = grads;
      let gradNorm: number | undefined;
      if (config.solver.clipGradNorm)
        ({ grads: g, totalNorm: gradNorm } = clipGradNorm(grads, config.solver.clipGradNorm));
      sgd.step(g, lr);
      tf.dispose(Object.values(g));
      return {
        losses: values,
        extras: { num_pos: numPositives, ...(gradNorm !== undefined ? { grad_norm: gradNorm } : {}) },
      };
    },
    hooks: [
      new IterationTimer(),
      new MemoryStats(),
      jsonl,
      new ConsoleProgress(config.run.logPeriod),
      new Periodic(config.run.checkpointPeriod, save),
      new Periodic(config.run.evalPeriod, evaluate),
    ],
  });
  await loop.run();

  // final report: COCO evaluation of the final weights, plots, detections drawn on images
  const { evaluation, results, detections } = await evaluateDetector(detector, val, evalOptions);
  writeFileSync(join(runDir, 'val_results.json'), JSON.stringify(results));
  writeFileSync(
    join(runDir, 'val_eval.json'),
    `${JSON.stringify({ stats: evaluation.stats, perCategory: evaluation.perCategory }, null, 1)}\n`,
  );
  await plotRun(runDir);
  await writeDetectionImages(val, detections, join(runDir, 'detections'), 8);
  const seconds = (performance.now() - started) / 1000;
  detector.dispose();
  sgd.dispose();
  return { runDir, stats: evaluation.stats, summary: evaluation.summary, seconds, iterations: loop.iter };
}

/** Reads a step's loss parts (one asynchronous read each) and disposes them. */
async function readScalars(parts: Record<string, tf.Scalar>): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.entries(parts).map(async ([k, t]) => [k, (await t.data())[0]!] as const),
  );
  tf.dispose(Object.values(parts));
  return Object.fromEntries(entries);
}
