import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { type Module, storedToState, tensorsToWrite } from '@aligndet/core-tensor';
import { readSafetensorsFile, writeFileAtomic, writeSafetensorsFile } from '@aligndet/core-tensor/node';
import type { SGD } from '../solver/sgd';

/** What a checkpoint records besides the tensors. */
export interface CheckpointMeta {
  format: 'aligndet-checkpoint-v1';
  /** Iterations completed. */
  iter: number;
  /** The resolved training config. */
  config: unknown;
  /** Best validation AP so far and where. */
  best: { metric: string; value: number; iter: number } | null;
  /** Seed of the data order and augmentation stream (they are a function of seed and iteration). */
  seed: number;
  weights: string;
}

const POINTER = 'last_checkpoint';

/**
 * Atomic checkpoints in a run folder: `<name>.safetensors` (model parameters and buffers under
 * `model/…`, SGD momentum under `optimizer/…`) and `<name>.json` (iteration, config, best metric,
 * seed), each written to a temp file and renamed; then the `last_checkpoint` pointer (also atomic)
 * names the newest. A crash at any moment leaves the previous checkpoint intact.
 *
 * @example
 * ```ts
 * const ckpt = new Checkpointer('runs/exp');
 * ckpt.save('model_0000500', model, sgd, meta);
 * const latest = ckpt.latest(); // 'model_0000500'
 * ```
 */
export class Checkpointer {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  save(
    name: string,
    model: Module<any, any>,
    optimizer: SGD,
    meta: Omit<CheckpointMeta, 'format' | 'weights'>,
    updatePointer = true,
  ): void {
    const tensors: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(model.stateDict())) tensors[`model/${k}`] = v;
    for (const [k, v] of Object.entries(optimizer.stateDict())) tensors[`optimizer/${k}`] = v;
    const weights = `${name}.safetensors`;
    writeSafetensorsFile(join(this.dir, weights), tensorsToWrite(tensors), {
      format: 'aligndet-checkpoint-v1',
      iter: String(meta.iter),
    });
    const full: CheckpointMeta = { format: 'aligndet-checkpoint-v1', weights, ...meta };
    writeFileAtomic(join(this.dir, `${name}.json`), `${JSON.stringify(full, null, 1)}\n`);
    if (updatePointer) writeFileAtomic(join(this.dir, POINTER), `${name}\n`);
  }

  /** The newest checkpoint's name, or null. */
  latest(): string | null {
    const p = join(this.dir, POINTER);
    if (!existsSync(p)) return null;
    const name = readFileSync(p, 'utf8').trim();
    return existsSync(join(this.dir, `${name}.json`)) ? name : null;
  }

  /** Restores model weights (and optimizer state when given); returns the metadata. */
  load(name: string, model: Module<any, any>, optimizer?: SGD): CheckpointMeta {
    const meta = JSON.parse(readFileSync(join(this.dir, `${name}.json`), 'utf8')) as CheckpointMeta;
    const { tensors } = readSafetensorsFile(join(this.dir, meta.weights));
    const state = storedToState(tensors);
    const pick = (prefix: string) =>
      Object.fromEntries(
        Object.entries(state).flatMap(([k, v]) =>
          k.startsWith(prefix) ? [[k.slice(prefix.length), v]] : [],
        ),
      );
    model.loadStateDict(pick('model/'));
    if (optimizer) {
      const momenta = Object.entries(pick('optimizer/')).map(
        ([k, v]) => [k, tf.tensor(v.data, [...v.shape])] as const,
      );
      optimizer.loadStateDict(Object.fromEntries(momenta));
      for (const [, t] of momenta) t.dispose();
    }
    return meta;
  }
}
