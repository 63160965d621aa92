import { type RawTensor, storedToState, type TensorToWrite } from '@aligndet/core-tensor';
import { readSafetensorsFile, writeSafetensorsFile } from '@aligndet/core-tensor/node';
import { WeightsError } from './weights-error';

/** The tensors of a safetensors file (layout as stored); a bad file is a {@link WeightsError}. */
export function readWeights(path: string): Record<string, RawTensor> {
  try {
    return storedToState(readSafetensorsFile(path).tensors);
  } catch (error) {
    // readSafetensorsFile's message names the operation and the file; WeightsError puts the file first
    const message = (error as Error).message
      .replace(/^readSafetensorsFile: path: /, '')
      .replace(`cannot read ${path}: `, 'cannot read: ')
      .replace(`${path}: `, '');
    throw new WeightsError(path, message);
  }
}

/** Writes float tensors (e.g. a PyTorch-layout state dict) to a safetensors file atomically. */
export function writeWeights(
  path: string,
  tensors: Record<string, RawTensor>,
  metadata?: Record<string, string>,
): void {
  const out: Record<string, TensorToWrite> = {};
  for (const [k, v] of Object.entries(tensors)) out[k] = { shape: v.shape, data: Float32Array.from(v.data) };
  writeSafetensorsFile(path, out, metadata);
}

/** `[a, b, c]` for messages. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
