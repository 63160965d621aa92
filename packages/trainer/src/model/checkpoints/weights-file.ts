import { readFileSync } from 'node:fs';
import type { RawTensor, TensorToWrite } from '@aligndet/core-tensor';
import { writeSafetensorsFile } from '@aligndet/core-tensor/node';
import { weightsFromBytes } from './weights-bytes';
import { WeightsError } from './weights-error';

export { shapeText } from './weights-error';

/** The tensors of a safetensors file (layout as stored); a bad file is a {@link WeightsError}. */
export function readWeights(path: string): Record<string, RawTensor> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new WeightsError(path, `cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  return weightsFromBytes(bytes, path);
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
