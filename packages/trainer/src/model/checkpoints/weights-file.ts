import {
  type RawTensor,
  readSafetensorsFile,
  storedToState,
  type TensorToWrite,
  writeSafetensorsFile,
} from '@aligndet/core-tensor';
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

/** Writes tensors to a safetensors file atomically. */
export function writeWeights(
  path: string,
  tensors: Record<string, TensorToWrite>,
  metadata?: Record<string, string>,
): void {
  writeSafetensorsFile(path, tensors, metadata);
}

/** `[a, b, c]` for messages. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
