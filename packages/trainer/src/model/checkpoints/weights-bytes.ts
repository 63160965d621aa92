import { parseSafetensors, type RawTensor, storedToState } from '@aligndet/core-tensor';
import { WeightsError } from './weights-error';

/**
 * The tensors of a safetensors file's bytes (layout as stored), with no file system; `file` names
 * it in the {@link WeightsError} a malformed file gives.
 *
 * @example
 * ```ts
 * const state = weightsFromBytes(new Uint8Array(await picked.arrayBuffer()), picked.name);
 * ```
 */
export function weightsFromBytes(bytes: Uint8Array, file: string): Record<string, RawTensor> {
  try {
    return storedToState(parseSafetensors(bytes).tensors);
  } catch (error) {
    throw new WeightsError(file, (error as Error).message.replace(/^parseSafetensors: /, ''));
  }
}
