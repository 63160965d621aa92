import type * as tf from '@tensorflow/tfjs-core';
import type { LoadStateDictResult, Module, RawTensor, StateValue } from '../nn/module';
import type { StoredTensor, TensorToWrite } from './safetensors';
import { readSafetensorsFile, writeSafetensorsFile } from './safetensors-file';

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

/**
 * Saves a module's parameters and buffers to a safetensors file (atomically).
 *
 * @example
 * ```ts
 * saveModule(model, 'runs/exp/model.safetensors', { step: '1000' });
 * ```
 */
export function saveModule(module: Module<any, any>, path: string, metadata?: Record<string, string>): void {
  writeSafetensorsFile(path, tensorsToWrite(module.stateDict()), metadata);
}

/** Options of {@link loadModule}. */
export interface LoadModuleOptions {
  /** Fail on missing/unexpected/mis-shaped keys. Default true. */
  strict?: boolean;
  /** Renames a stored key to the module's key, or drops it (null). */
  keyMap?: (storedKey: string) => string | null;
  /** Changes a value after renaming (e.g. a layout transpose). */
  transform?: (key: string, value: StateValue) => StateValue;
}

/**
 * Loads a safetensors file into a module, with an optional key mapping and value transform so a
 * PyTorch state dict can be mapped onto aligndet modules. Returns what was missing, unexpected or
 * mis-shaped.
 *
 * @example
 * ```ts
 * loadModule(model, 'model.safetensors');
 * ```
 */
export function loadModule(
  module: Module<any, any>,
  path: string,
  options: LoadModuleOptions = {},
): LoadStateDictResult {
  const { tensors } = readSafetensorsFile(path);
  const state: Record<string, StateValue> = {};
  for (const [k, v] of Object.entries(storedToState(tensors))) {
    const key = options.keyMap ? options.keyMap(k) : k;
    if (key === null) continue;
    state[key] = options.transform ? options.transform(key, v) : v;
  }
  return module.loadStateDict(state, { strict: options.strict ?? true });
}
