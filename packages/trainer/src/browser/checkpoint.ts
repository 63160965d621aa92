import type * as tf from '@tensorflow/tfjs-core';
import {
  InvalidArgumentError,
  parseSafetensors,
  serializeSafetensors,
  storedToState,
  type TensorToWrite,
} from '@aligndet/core-tensor';
import type { CheckpointMeta } from '../checkpoint/checkpointer';
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

/** The checkpoint format `Checkpointer` writes and `aligndet eval` / `predict` read. */
const CHECKPOINT_FORMAT: CheckpointMeta['format'] = 'aligndet-checkpoint-v1';

/** What {@link checkpointToFiles} records besides the weights. */
export interface CheckpointToFilesOptions {
  /** Checkpoint name, e.g. `model_best` (what `aligndet eval` loads first) or `model_0000500`. */
  name: string;
  /** Iterations trained. */
  iter: number;
  /** The resolved config the detector was built from (`TrainConfigSchema.parse(...)`). */
  config: TrainConfig;
  /** Optimizer state to include under `optimizer/…` (e.g. the `SGD`), for resuming. */
  optimizer?: { stateDict(): Record<string, tf.Tensor> };
  /** Hook state (e.g. `{ best: { ap } }`). Default `{}`. */
  hooks?: Record<string, unknown>;
}

/**
 * The two files of a checkpoint pair as `Checkpointer.save` writes them in a run folder, in
 * memory (for a page to download): `<name>.json` (format, iteration, config, token, weights file
 * name) and `<name>.safetensors` (`model/…` parameters and buffers, `optimizer/…` state, the same
 * token in its metadata). Tensors are read back asynchronously. Put them in a folder with a
 * `categories.json` (`{ ids, names }`) and `aligndet eval <folder>` / `aligndet predict <folder>`
 * load them.
 *
 * @example
 * ```ts
 * const files = await checkpointToFiles(detector, { name: 'model_best', iter: 300, config });
 * files['model_best.safetensors']; // Uint8Array
 * ```
 */
export async function checkpointToFiles(
  detector: Detector,
  options: CheckpointToFilesOptions,
): Promise<Record<string, string | Uint8Array>> {
  const state: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(detector.stateDict())) state[`model/${k}`] = v;
  for (const [k, v] of Object.entries(options.optimizer?.stateDict() ?? {})) state[`optimizer/${k}`] = v;
  const tensors: Record<string, TensorToWrite> = {};
  for (const [k, t] of Object.entries(state)) {
    const data = await t.data();
    tensors[k] = {
      shape: t.shape,
      data: t.dtype === 'int32' ? Int32Array.from(data) : Float32Array.from(data),
    };
  }
  const token = crypto.randomUUID();
  const weights = `${options.name}.safetensors`;
  const meta: CheckpointMeta = {
    format: CHECKPOINT_FORMAT,
    iter: options.iter,
    config: options.config,
    hooks: options.hooks ?? {},
    seed: options.config.run.seed,
    weights,
    token,
  };
  return {
    [`${options.name}.json`]: `${JSON.stringify(meta, null, 1)}\n`,
    [weights]: serializeSafetensors(tensors, {
      format: CHECKPOINT_FORMAT,
      iter: String(options.iter),
      token,
    }),
  };
}
