import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  type Module,
  type StoredTensor,
  serializeSafetensors,
  StateDictError,
  storedToState,
  tensorsToWrite,
} from '@aligndet/core-tensor';
import { readSafetensorsFile } from '@aligndet/core-tensor/node';
import { DataError } from '../data/data-error';
import { commitFile, isOrphanTempFile } from '../util/commit-file';

/** Anything with tensor state: the optimizer (`SGD`), or any `{ stateDict, loadStateDict }`. */
export interface TensorStateful {
  stateDict(): Record<string, tf.Tensor>;
  loadStateDict(state: Record<string, tf.Tensor>): void;
}

/** What a checkpoint records besides the tensors. */
export interface CheckpointMeta {
  format: 'aligndet-checkpoint-v1';
  /** Iterations completed. */
  iter: number;
  /** The resolved training config. */
  config: unknown;
  /** State of the loop's named hooks (e.g. the best checkpointer's best AP). */
  hooks: Record<string, unknown>;
  /** Seed of the data order and augmentation stream (they are a function of seed and iteration). */
  seed: number;
  /** The weights file of this pair. */
  weights: string;
  /** Also in the weights file's metadata: the two files belong together. */
  token: string;
}

/** The file that names the newest periodic checkpoint. */
export const LAST_CHECKPOINT_FILE = 'last_checkpoint';
const FORMAT = 'aligndet-checkpoint-v1';
const PERIODIC = /^model_(\d{7})\.json$/;
const WEIGHTS = /^model_[A-Za-z0-9_]+(\.1)?\.safetensors$/;

/** The periodic checkpoint name of iteration `iter`, e.g. `model_0000500`. */
export function checkpointName(iter: number): string {
  return `model_${String(iter).padStart(7, '0')}`;
}

/** The first difference a failed `loadStateDict` reports, as one phrase naming the parameter. */
function firstMismatch(error: StateDictError): string {
  const r = error.result;
  const m = r.shapeMismatches[0];
  if (m)
    return `parameter ${m.key} has shape [${m.actual.join(',')}] in the checkpoint, the model expects [${m.expected.join(',')}]`;
  if (r.missingKeys[0]) return `parameter ${r.missingKeys[0]} is missing from the checkpoint`;
  return `parameter ${r.unexpectedKeys[0]} is in the checkpoint but not in the model`;
}

/**
 * Checkpoints in a run folder, each a pair: `<name>.json` (iteration, config, hook state, seed,
 * and which weights file) and a safetensors weights file (model parameters and buffers under
 * `model/…`, optimizer state under `optimizer/…`). The weights go to a file the current
 * `<name>.json` does not use, then the json is renamed into place: that rename commits the pair,
 * so a crash at any moment leaves the previous pair or the new one, never a mix (the shared token
 * checks it). Then the `last_checkpoint` pointer names the newest periodic checkpoint.
 *
 * @example
 * ```ts
 * const ckpt = new Checkpointer('runs/exp');
 * ckpt.save('model_0000500', model, sgd, { iter: 500, config, hooks: {}, seed: 0 });
 * ckpt.resumable()?.name; // 'model_0000500'
 * ```
 */
export class Checkpointer {
  constructor(
    readonly dir: string,
    readonly log: (line: string) => void = () => {},
  ) {}

  save(
    name: string,
    model: Module<any, any>,
    optimizer: TensorStateful | null,
    meta: Omit<CheckpointMeta, 'format' | 'weights' | 'token'>,
    updatePointer = true,
  ): void {
    mkdirSync(this.dir, { recursive: true });
    const current = this.tryReadMeta(name);
    const weights =
      current?.weights === `${name}.safetensors` ? `${name}.1.safetensors` : `${name}.safetensors`;
    const token = randomUUID();
    const tensors: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(model.stateDict())) tensors[`model/${k}`] = v;
    for (const [k, v] of Object.entries(optimizer?.stateDict() ?? {})) tensors[`optimizer/${k}`] = v;
    commitFile(
      join(this.dir, weights),
      serializeSafetensors(tensorsToWrite(tensors), { format: FORMAT, iter: String(meta.iter), token }),
    );
    const full: CheckpointMeta = { format: FORMAT, ...meta, weights, token };
    commitFile(join(this.dir, `${name}.json`), `${JSON.stringify(full, null, 1)}\n`);
    if (current && current.weights !== weights && existsSync(join(this.dir, current.weights)))
      unlinkSync(join(this.dir, current.weights));
    if (updatePointer) commitFile(join(this.dir, LAST_CHECKPOINT_FILE), `${name}\n`);
  }

  /** Deletes what a crash can leave: temp files, and weights files no `<name>.json` refers to. */
  removeOrphans(): string[] {
    if (!existsSync(this.dir)) return [];
    const files = readdirSync(this.dir);
    const used = new Set(
      files.flatMap((f) => (f.endsWith('.json') ? [this.tryReadMeta(f.slice(0, -5))?.weights ?? ''] : [])),
    );
    const orphans = files.filter((f) => isOrphanTempFile(f) || (WEIGHTS.test(f) && !used.has(f)));
    for (const f of orphans) unlinkSync(join(this.dir, f));
    return orphans;
  }

  /** Names of the periodic checkpoints present (valid or not), newest first. */
  periodic(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => PERIODIC.test(f))
      .map((f) => f.slice(0, -5))
      .sort()
      .reverse();
  }

  /** The name `last_checkpoint` points at, or null when there is no pointer. */
  pointer(): string | null {
    const p = join(this.dir, LAST_CHECKPOINT_FILE);
    return existsSync(p) ? readFileSync(p, 'utf8').trim() : null;
  }

  /**
   * The checkpoint to resume from: the newest periodic checkpoint whose pair reads back intact.
   * Skipping a damaged one, or one the pointer names, is said in a warning; null when the folder has
   * no checkpoint at all. Throws a {@link DataError} when checkpoints exist but none is intact.
   */
  resumable(): { name: string; meta: CheckpointMeta; tensors: Record<string, StoredTensor> } | null {
    const pointed = this.pointer();
    const names = this.periodic();
    if (pointed && !names.includes(pointed)) names.unshift(pointed);
    if (names.length === 0) return null;
    const problems: string[] = [];
    for (const name of names) {
      try {
        const pair = this.read(name);
        if (problems.length || (pointed && pointed !== name))
          this.log(
            `aligndet: warning: ${problems.join('; ')}${problems.length ? '; ' : ''}resuming from ${join(this.dir, name)} (iteration ${pair.meta.iter})${pointed && pointed !== name ? ` although ${LAST_CHECKPOINT_FILE} names ${pointed}` : ''}`,
          );
        return { name, ...pair };
      } catch (error) {
        problems.push(`${name} is unusable (${(error as Error).message})`);
      }
    }
    throw new DataError({
      file: this.dir,
      field: 'checkpoint',
      message: `no intact checkpoint to resume from: ${problems.join('; ')}`,
    });
  }

  /** Reads and checks a pair (json parses, weights parse, tokens match). */
  read(name: string): { meta: CheckpointMeta; tensors: Record<string, StoredTensor> } {
    const meta = this.readMeta(name);
    const path = join(this.dir, meta.weights);
    let contents: ReturnType<typeof readSafetensorsFile>;
    try {
      contents = readSafetensorsFile(path);
    } catch (error) {
      throw new DataError({
        file: path,
        field: 'weights',
        message: (error as Error).message.replace(`${path}: `, ''),
      });
    }
    if (contents.metadata?.token !== meta.token)
      throw new DataError({
        file: path,
        field: 'token',
        message: `${JSON.stringify(contents.metadata?.token)} does not match ${name}.json's ${JSON.stringify(meta.token)} (the pair was not written together)`,
      });
    return { meta, tensors: contents.tensors };
  }

  /** Reads `<name>.json`; a missing, truncated or foreign file is a {@link DataError} naming it. */
  readMeta(name: string): CheckpointMeta {
    const file = join(this.dir, `${name}.json`);
    let meta: CheckpointMeta;
    try {
      meta = JSON.parse(readFileSync(file, 'utf8')) as CheckpointMeta;
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      throw new DataError({
        file,
        field: 'checkpoint',
        message: e.code ? `cannot read: ${e.code}` : `not valid JSON (truncated?): ${e.message}`,
      });
    }
    if (meta?.format !== FORMAT || typeof meta.weights !== 'string' || !Number.isInteger(meta.iter))
      throw new DataError({
        file,
        field: 'format',
        message: `expected an ${FORMAT} checkpoint, got format ${JSON.stringify(meta?.format)}`,
      });
    return meta;
  }

  private tryReadMeta(name: string): CheckpointMeta | null {
    try {
      return this.readMeta(name);
    } catch {
      return null;
    }
  }

  /**
   * Restores model weights (and optimizer state when given) from checkpoint `name`, or from an
   * already read pair; returns the metadata. A model that does not match is one
   * {@link DataError} naming the first differing parameter.
   */
  load(
    name: string,
    model: Module<any, any>,
    optimizer?: TensorStateful | null,
    pair: { meta: CheckpointMeta; tensors: Record<string, StoredTensor> } = this.read(name),
  ): CheckpointMeta {
    const state = storedToState(pair.tensors);
    const pick = (prefix: string) =>
      Object.fromEntries(
        Object.entries(state).flatMap(([k, v]) =>
          k.startsWith(prefix) ? [[k.slice(prefix.length), v]] : [],
        ),
      );
    try {
      model.loadStateDict(pick('model/'));
    } catch (error) {
      if (!(error instanceof StateDictError)) throw error;
      throw new DataError({
        file: join(this.dir, pair.meta.weights),
        field: 'model',
        message: `does not fit the model built from the config: ${firstMismatch(error)}`,
      });
    }
    if (optimizer) {
      const momenta = Object.entries(pick('optimizer/')).map(
        ([k, v]) => [k, tf.tensor(v.data, [...v.shape])] as const,
      );
      try {
        optimizer.loadStateDict(Object.fromEntries(momenta));
      } catch (error) {
        throw new DataError({
          file: join(this.dir, pair.meta.weights),
          field: 'optimizer',
          message: (error as Error).message,
        });
      } finally {
        for (const [, t] of momenta) t.dispose();
      }
    }
    return pair.meta;
  }
}
