import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Checkpointer } from '../checkpoint/checkpointer';
import { TrainConfigSchema, type TrainConfig } from '../config/schema';
import { DataError } from '../data/data-error';
import type { Detector } from '../model/detector';
import { buildDetector } from './build-detector';

/** The classes a run was trained on, in the detector's contiguous order. */
export interface RunCategories {
  /** COCO category id of each class index. */
  ids: number[];
  names: string[];
}

/** The file in a run folder that records {@link RunCategories}. */
export const CATEGORIES_FILE = 'categories.json';

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
 * run evaluated, else the newest (`last_checkpoint`), or the one named.
 *
 * @example
 * ```ts
 * const { detector, categories } = loadTrainedDetector('runs/demo');
 * ```
 */
export function loadTrainedDetector(runDir: string, options: { checkpoint?: string } = {}): TrainedDetector {
  const ckpt = new Checkpointer(runDir);
  const has = (name: string) => existsSync(join(runDir, `${name}.json`));
  const name = options.checkpoint ?? (has('model_best') ? 'model_best' : ckpt.latest());
  if (!name || !has(name))
    throw new DataError({
      file: runDir,
      field: 'checkpoint',
      message: `${options.checkpoint ? `"${options.checkpoint}" not found` : 'none found'} (expected <name>.json and <name>.safetensors written by \`aligndet train\`)`,
    });
  const catFile = join(runDir, CATEGORIES_FILE);
  if (!existsSync(catFile))
    throw new DataError({
      file: catFile,
      field: 'categories',
      message: 'missing; `aligndet train` writes it to name the classes',
    });
  const categories = JSON.parse(readFileSync(catFile, 'utf8')) as RunCategories;
  const meta = JSON.parse(readFileSync(join(runDir, `${name}.json`), 'utf8')) as { config: unknown };
  const config = TrainConfigSchema.parse(meta.config);
  const detector = buildDetector(config, categories.ids.length);
  const loaded = ckpt.load(name, detector);
  return { detector, config, categories, checkpoint: name, iter: loaded.iter };
}
