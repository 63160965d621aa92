import { InvalidArgumentError, parseSafetensors, storedToState } from '@aligndet/core-tensor';
import { type TrainConfig, TrainConfigSchema } from '../config/schema';
import type { Detector } from '../model/detector';
import { buildDetector } from '../run/build-detector';

/** What a page fetched of a run folder written by `aligndet train`. */
export interface CheckpointFiles {
  /** The parsed `<checkpoint>.json` (e.g. `model_best.json`): holds the run's config. */
  meta: unknown;
  /** The bytes of `<checkpoint>.safetensors`. */
  weights: Uint8Array;
  /** The number of classes (`categories.json`'s `ids.length`). */
  numClasses: number;
}

/**
 * Builds the detector a run's checkpoint describes and loads its weights, from fetched files (no
 * file system): the browser counterpart of `loadTrainedDetector`. The optimizer state in the
 * checkpoint is ignored.
 *
 * @example
 * ```ts
 * const get = (f: string) => fetch(`runs/demo/${f}`);
 * const detector = detectorFromCheckpoint({
 *   meta: await (await get('model_best.json')).json(),
 *   weights: new Uint8Array(await (await get('model_best.safetensors')).arrayBuffer()),
 *   numClasses: (await (await get('categories.json')).json()).ids.length,
 * });
 * ```
 */
export function detectorFromCheckpoint(files: CheckpointFiles): { detector: Detector; config: TrainConfig } {
  const parsed = TrainConfigSchema.safeParse((files.meta as { config?: unknown } | null)?.config);
  if (!parsed.success)
    throw new InvalidArgumentError({
      op: 'detectorFromCheckpoint',
      field: 'meta.config',
      value: String(parsed.error.issues[0]?.path.join('.') ?? ''),
      message: `meta.config: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    });
  const detector = buildDetector(parsed.data, files.numClasses);
  const state = storedToState(parseSafetensors(files.weights).tensors);
  const model = Object.fromEntries(
    Object.entries(state).flatMap(([k, v]) => (k.startsWith('model/') ? [[k.slice(6), v]] : [])),
  );
  detector.loadStateDict(model);
  return { detector, config: parsed.data };
}
