import { join } from 'node:path';
import type { CocoEvalResult, CocoResult } from '@aligndet/coco-eval';
import type { Detections } from '@aligndet/fcos-head';
import { type Checkpointer, checkpointName } from '../checkpoint/checkpointer';
import type { TrainConfig } from '../config/schema';
import type { CocoDataset } from '../data/coco-dataset';
import type { Hook } from '../engine/hook';
import { BestCheckpointer } from '../engine/hooks/best-checkpointer';
import { ConsoleProgress } from '../engine/hooks/console-progress';
import { EvalHook } from '../engine/hooks/eval-hook';
import { IterationTimer } from '../engine/hooks/iteration-timer';
import { JsonlWriter } from '../engine/hooks/jsonl-writer';
import { MemoryStats } from '../engine/hooks/memory-stats';
import { PeriodicCheckpointer } from '../engine/hooks/periodic-checkpointer';
import type { TrainLoop } from '../engine/train-loop';
import type { Detector } from '../model/detector';
import type { SGD } from '../solver/sgd';
import { RUN_FILES } from './run-folder';

/** A COCO evaluation of the detector on the validation set, as the eval hook keeps it. */
export interface ValEvaluation {
  evaluation: CocoEvalResult;
  results: CocoResult[];
  detections: Map<number, Detections & { scale: [number, number] }>;
}

/** What a training run is made of; the hooks factory of `trainDetector` receives it. */
export interface TrainContext {
  config: TrainConfig;
  runDir: string;
  detector: Detector;
  optimizer: SGD;
  checkpointer: Checkpointer;
  train: CocoDataset;
  val: CocoDataset;
  /** COCO evaluation of the current weights on `val`. */
  evaluate: () => Promise<ValEvaluation>;
  /** Saves checkpoint `name` of the current weights, optimizer and hook state. */
  save: (loop: TrainLoop, name: string, updatePointer?: boolean) => void;
  log: (line: string) => void;
}

/**
 * The default hooks of `trainDetector` (detectron2's `DefaultTrainer.build_hooks`): timer, memory,
 * periodic COCO evaluation, best checkpoint on AP, then the writers (metrics.jsonl, console), then
 * the periodic checkpointer. The loop runs writers and checkpointers after every other hook
 * (`HookStage`), so hooks a user appends are still written at their iteration and checkpointed.
 */
export function defaultHooks(ctx: TrainContext): Hook[] {
  const run = ctx.config.run;
  return [
    new IterationTimer(),
    new MemoryStats(),
    new EvalHook<ValEvaluation>(run.evalPeriod, async () => {
      const detail = await ctx.evaluate();
      const [AP, AP50, AP75] = detail.evaluation.stats;
      return { metrics: { AP: AP!, AP50: AP50!, AP75: AP75! }, detail };
    }),
    new BestCheckpointer('AP', (loop) => ctx.save(loop, 'model_best', false)),
    new JsonlWriter(join(ctx.runDir, RUN_FILES.metrics), run.logPeriod),
    new ConsoleProgress(run.logPeriod),
    new PeriodicCheckpointer(run.checkpointPeriod, (loop) => ctx.save(loop, checkpointName(loop.iter))),
  ];
}
