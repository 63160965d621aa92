import type * as tf from '@tensorflow/tfjs-core';
import type { LoadStateDictResult, Module, RawTensor, StateValue } from '../nn/module';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { parseSafetensors, type StoredTensor, type TensorToWrite } from './safetensors';

/** Reads every tensor of a state dict into typed arrays (one read-back each), for writing. */
export function tensorsToWrite(state: Record<string, tf.Tensor>): Record<string, TensorToWrite> {
  const out: Record<string, TensorToWrite> = {};
  for (const [k, t] of Object.entries(state)) {
    const data = t.dataSync();
    out[k] = { shape: t.shape, data: t.dtype === 'int32' ? Int32Array.from(data) : Float32Array.from(data) };
  }
  return out;
}

/** Converts stored tensors to state-dict values (no tfjs tensors are created). */
export function storedToState(tensors: Record<string, StoredTensor>): Record<string, RawTensor> {
  const out: Record<string, RawTensor> = {};
  for (const [k, t] of Object.entries(tensors)) {
    out[k] = { shape: t.shape, data: t.data instanceof Uint8Array ? Int32Array.from(t.data) : t.data };
  }
  return out;
}

/** Options of {@link loadSafetensors} (and of `loadModule` in `@aligndet/core-tensor/node`). */
export interface LoadModuleOptions {
  /** Fail on missing/unexpected/mis-shaped keys. Default true. */
  strict?: boolean;
  /** Renames a stored key to the module's key, or drops it (null). */
  keyMap?: (storedKey: string) => string | null;
  /** Changes a value after renaming (e.g. a layout transpose). */
  transform?: (key: string, value: StateValue) => StateValue;
}

/**
 * Loads safetensors bytes (e.g. a `fetch`ed `model.safetensors`) into a module, with an optional
 * key mapping and value transform so a PyTorch state dict can be mapped onto aligndet modules.
 * Returns what was missing, unexpected or mis-shaped. Bytes that are not a safetensors file throw
 * an `InvalidArgumentError` naming `source`.
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(await (await fetch('model.safetensors')).arrayBuffer());
 * loadSafetensors(model, bytes);
 * ```
 */
export function loadSafetensors(
  module: Module<any, any>,
  bytes: Uint8Array,
  options: LoadModuleOptions & { source?: string } = {},
): LoadStateDictResult {
  let tensors: Record<string, StoredTensor>;
  try {
    tensors = parseSafetensors(bytes).tensors;
  } catch (error) {
    const source = options.source ?? 'bytes';
    throw new InvalidArgumentError({
      op: 'loadSafetensors',
      field: 'bytes',
      value: source,
      message: `${source}: ${(error as Error).message}`,
    });
  }
  return loadStoredTensors(module, tensors, options);
}

/** Applies `options`' key map and transform to stored tensors and loads them into `module`. */
export function loadStoredTensors(
  module: Module<any, any>,
  tensors: Record<string, StoredTensor>,
  options: LoadModuleOptions = {},
): LoadStateDictResult {
  const state: Record<string, StateValue> = {};
  for (const [k, v] of Object.entries(storedToState(tensors))) {
    const key = options.keyMap ? options.keyMap(k) : k;
    if (key === null) continue;
    state[key] = options.transform ? options.transform(key, v) : v;
  }
  return module.loadStateDict(state, { strict: options.strict ?? true });
}
