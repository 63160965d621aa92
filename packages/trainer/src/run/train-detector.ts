import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@aligndet/core-tensor';
import { Checkpointer } from '../checkpoint/checkpointer';
import { configDiff } from '../config/config-diff';
import { ConfigError } from '../config/load-config';
import type { TrainConfig } from '../config/schema';
import { DataError } from '../data/data-error';
import { DataLoader } from '../data/data-loader';
import type { Batch } from '../data/transforms/collate';
import { IMAGENET_NORMALIZATION } from '../data/transforms/normalize';
import type { Hook } from '../engine/hook';
import { EvalHook } from '../engine/hooks/eval-hook';
import { simpleStep } from '../engine/simple-step';
import { TrainLoop } from '../engine/train-loop';
import { warmupMultiStepLr } from '../solver/lr-schedule';
import { SGD } from '../solver/sgd';
import { plotRun } from '../viz/plot-run';
import { buildDatasets } from './build-datasets';
import { loadPretrained } from '../model/pretrained/load-pretrained';
import { buildDetector, configImageSize } from './build-detector';
import { defaultHooks, type TrainContext, type ValEvaluation } from './default-hooks';
import { evaluateDetector } from './evaluate-detector';
import { matchCategories } from './match-categories';
import {
  assertRunFolder,
  RUN_FILES,
  readRunCategories,
  readRunConfig,
  recordResume,
  truncateMetrics,
  writeRunCategories,
  writeRunConfig,
  writeValReport,
} from './run-folder';
import { writeDetectionImages } from './write-detection-images';

/** Options of {@link trainDetector}. */
export interface TrainOptions {
  /**
   * Continue the run in `config.run.outDir` from its newest intact checkpoint. The model part of
   * the config must be the run's; other changes (e.g. a longer `solver.maxIter`) are recorded in
   * `resumes.jsonl`.
   */
  resume?: boolean;
  log?: (line: string) => void;
  /**
   * The loop's hooks: receives the defaults (see `defaultHooks`) and the run's parts, returns the
   * hooks to use, e.g. `(defaults) => [...defaults, myHook]`. Writers and checkpointers run after
   * the others whatever the order (`HookStage`).
   */
  hooks?: (defaults: Hook[], context: TrainContext) => Hook[];
}

/** What a training run produced. */
export interface TrainResult {
  runDir: string;
  /** The 12 COCO stats of the final weights. */
  stats: number[];
  summary: string;
  seconds: number;
  iterations: number;
}

/**
 * Trains a detector from a validated config: data (the built-in dataset or COCO folders), model
 * (preset), SGD with warm-up and steps, the hook loop (progress, JSONL metrics, periodic atomic
 * checkpoints, periodic COCO evaluation with a best checkpoint), then the final report (the
 * evaluation at `maxIter`, reused), plots and detections drawn on validation images.
 *
 * @example
 * ```ts
 * const result = await trainDetector(resolveConfig({}, ['solver.maxIter=300']), {
 *   hooks: (defaults) => [...defaults, { afterStep: (loop) => void (loop.iter % 100 || console.log(loop.iter)) }],
 * });
 * console.log(result.summary);
 * ```
 */
export async function trainDetector(config: TrainConfig, options: TrainOptions = {}): Promise<TrainResult> {
  const log = options.log ?? ((l: string) => console.log(l));
  const started = performance.now();
  const runDir = config.run.outDir;
  assertRunFolder(runDir, true);
  await initBackend(config.run.backend, { purpose: 'training', log });
  mkdirSync(runDir, { recursive: true });
  const ckpt = new Checkpointer(runDir, log);
  const orphans = ckpt.removeOrphans();
  if (orphans.length)
    log(`aligndet: removed ${orphans.length} file(s) left by an interrupted write: ${orphans.join(', ')}`);

  const resumeFrom = options.resume ? ckpt.resumable() : null;
  const runConfig = options.resume ? (readRunConfig(runDir) ?? null) : null;
  if (options.resume && !resumeFrom) log(`aligndet: no checkpoint in ${runDir}; starting from scratch`);
  if (resumeFrom) {
    const trained = runConfig ?? (resumeFrom.meta.config as TrainConfig);
    const [field, values] = Object.entries(configDiff(trained.model, config.model, 'model'))[0] ?? [];
    if (field)
      throw new ConfigError(
        `--resume: ${field} is ${JSON.stringify(values![1])} but the run in ${runDir} was trained with ${JSON.stringify(values![0])}; a run's model cannot change (use a new run.outDir)`,
      );
  } else if (!options.resume && ckpt.periodic().length > 0) {
    log(
      `aligndet: warning: ${runDir} already holds a run (${ckpt.periodic()[0]}); starting over replaces it (use --resume to continue it)`,
    );
  }

  const { train, val } = await buildDatasets(config, log);
  for (const [name, ds] of [
    ['training', train],
    ['validation', val],
  ] as const)
    if (ds.length === 0)
      throw new DataError({
        file: ds.annotationFile,
        field: 'images',
        message: `the ${name} set has no images`,
      });
  const runCategories = { ids: train.categoryIds, names: train.categoryNames };
  matchCategories(val, runCategories, `${train.annotationFile} (the training set)`);
  if (resumeFrom) matchCategories(train, readRunCategories(runDir), join(runDir, RUN_FILES.categories));

  const loader = new DataLoader(train, {
    batchSize: config.solver.batchSize,
    shuffle: true,
    seed: config.run.seed,
    minSize: config.data.minSize,
    maxSize: config.data.maxSize,
    flipProbability: config.data.flipProbability,
    normalization: IMAGENET_NORMALIZATION,
  });
  const perEpoch = loader.batchesPerEpoch;
  if (perEpoch === 0)
    throw new ConfigError(
      `solver.batchSize: ${config.solver.batchSize} is more than the ${train.length} training image(s) of ${train.annotationFile}, so an epoch has no batch; lower solver.batchSize`,
    );

  const detector = buildDetector(config, train.numClasses);
  const sgd = new SGD(
    detector.namedParameters().filter(([, v]) => v.trainable),
    { momentum: config.solver.momentum, weightDecay: config.solver.weightDecay },
  );
  try {
    let startIter = 0;
    if (resumeFrom) {
      startIter = ckpt.load(resumeFrom.name, detector, sgd, resumeFrom).iter;
      log(`aligndet: resumed from ${join(runDir, resumeFrom.name)} at iteration ${startIter}`);
    } else if (config.model.pretrained)
      log(`aligndet: ${loadPretrained(detector, config.model.pretrained).summary}`);
    // the run's files are (re)written only now that the checkpoint has loaded
    if (resumeFrom) {
      const changed = configDiff(runConfig ?? resumeFrom.meta.config, config);
      if (Object.keys(changed).length) {
        recordResume(runDir, startIter, changed);
        log(
          `aligndet: config changes on resume: ${Object.entries(changed)
            .map(([k, [a, b]]) => `${k} ${JSON.stringify(a)} -> ${JSON.stringify(b)}`)
            .join(', ')}`,
        );
      }
    }
    truncateMetrics(runDir, startIter);
    writeRunConfig(runDir, config);
    writeRunCategories(runDir, runCategories);

    let epoch = Math.floor(startIter / perEpoch);
    let batches = loader.epoch(epoch, startIter % perEpoch);
    const nextBatch = async (): Promise<Batch> => {
      let r = await batches.next();
      if (r.done) {
        epoch++;
        batches = loader.epoch(epoch);
        r = await batches.next();
      }
      return r.value as Batch;
    };
    const evalOptions = {
      minSize: configImageSize(config),
      maxSize: config.data.maxSize,
      normalization: IMAGENET_NORMALIZATION,
      batchSize: config.solver.batchSize,
      categoryIds: train.categoryIds,
    };
    const evaluate = (): Promise<ValEvaluation> => evaluateDetector(detector, val, evalOptions);
    const context: TrainContext = {
      config,
      runDir,
      detector,
      optimizer: sgd,
      checkpointer: ckpt,
      train,
      val,
      evaluate,
      log,
      save: (loop, name, updatePointer = true) =>
        ckpt.save(
          name,
          detector,
          sgd,
          { iter: loop.iter, config, hooks: loop.stateDict(), seed: config.run.seed },
          updatePointer,
        ),
    };
    const defaults = defaultHooks(context);
    const hooks = options.hooks ? options.hooks(defaults, context) : defaults;
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
      step: simpleStep({
        nextBatch,
        loss: (batch: Batch) => {
          const images = tf.tensor4d(batch.images, batch.shape);
          const l = detector.losses(
            images,
            batch.samples.map((s) => ({ boxes: s.boxes, labels: s.labels })),
          );
          return { total: l.total, losses: l.parts, extras: { num_pos: l.numPositives } };
        },
        variables: sgd.variables,
        update: (grads, lr) => sgd.step(grads, lr),
        clipGradNorm: config.solver.clipGradNorm,
      }),
      hooks,
    });
    if (resumeFrom) {
      const meta = resumeFrom.meta as typeof resumeFrom.meta & { best?: unknown };
      loop.loadStateDict(meta.hooks ?? { best_checkpointer: meta.best ?? null });
    }
    await loop.run();

    // final report: the evaluation the eval hook made at the last iteration, else one now
    const evalHook = loop.hooks.find((h): h is EvalHook<ValEvaluation> => h instanceof EvalHook);
    const last = evalHook?.last;
    const final =
      last && last.iter === loop.iter && last.outcome.detail ? last.outcome.detail : await context.evaluate();
    writeValReport(runDir, final.evaluation, final.results, loop.iter);
    await plotRun(runDir);
    await writeDetectionImages(val, final.detections, join(runDir, RUN_FILES.detections), 8);
    const seconds = (performance.now() - started) / 1000;
    return {
      runDir,
      stats: final.evaluation.stats,
      summary: final.evaluation.summary,
      seconds,
      iterations: loop.iter,
    };
  } finally {
    detector.dispose();
    sgd.dispose();
  }
}
