import {
  type LoadModuleOptions,
  type LoadStateDictResult,
  loadStoredTensors,
  type Module,
  tensorsToWrite,
} from '@aligndet/core-tensor';
import { readSafetensorsFile, writeSafetensorsFile } from './safetensors-file';

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
  return loadStoredTensors(module, readSafetensorsFile(path).tensors, options);
}
