import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Checkpointer } from '../checkpoint/checkpointer';
import type { TrainConfig } from '../config/schema';
import { DataError } from '../data/data-error';
import type { Detector } from '../model/detector';
import { buildDetector } from './build-detector';
import {
  assertRunFolder,
  parseRunConfig,
  type RunCategories,
  RUN_FILES,
  readRunCategories,
} from './run-folder';

export type { RunCategories } from './run-folder';

/** The file in a run folder that records {@link RunCategories}. */
export const CATEGORIES_FILE = RUN_FILES.categories;

/** A detector restored from a run folder. */
export interface TrainedDetector {
  detector: Detector;
  config: TrainConfig;
  categories: RunCategories;
  /** The checkpoint that was loaded (e.g. `model_best`). */
  checkpoint: string;
  /** Iterations the checkpoint had trained. */
  iter: number;
}

/**
 * Rebuilds the detector of a training run folder and loads a checkpoint: `model_best` when the
 * run evaluated, else the newest intact periodic checkpoint, or the one named. Every problem (not
 * a run folder, a missing, truncated or mismatched checkpoint, bad `categories.json`) is one
 * `DataError` naming the file.
 *
 * @example
 * ```ts
 * const { detector, categories } = loadTrainedDetector('runs/demo');
 * ```
 */
export function loadTrainedDetector(runDir: string, options: { checkpoint?: string } = {}): TrainedDetector {
  assertRunFolder(runDir);
  const ckpt = new Checkpointer(runDir);
  const has = (name: string) => existsSync(join(runDir, `${name}.json`));
  let name = options.checkpoint ?? (has('model_best') ? 'model_best' : undefined);
  const pair = name ? (has(name) ? ckpt.read(name) : undefined) : (ckpt.resumable() ?? undefined);
  if (!name && pair) name = (pair as { name?: string }).name;
  if (!name || !pair)
    throw new DataError({
      file: runDir,
      field: 'checkpoint',
      message: `${options.checkpoint ? `"${options.checkpoint}" not found` : 'none found'} (expected <name>.json and its weights, written by \`aligndet train\`)`,
    });
  const categories = readRunCategories(runDir);
  const config = parseRunConfig(pair.meta.config, join(runDir, `${name}.json`));
  const detector = buildDetector(config, categories.ids.length);
  try {
    const loaded = ckpt.load(name, detector, null, pair);
    return { detector, config, categories, checkpoint: name, iter: loaded.iter };
  } catch (error) {
    detector.dispose();
    throw error;
  }
}
