import { serializeSafetensors, type TensorToWrite } from '../../src/io/safetensors';

/** The deterministic tensors of the JS-written interchange fixture (see tools/fixtures/safetensors_io.py verify). */
export function jsWrittenTensors(): Record<string, TensorToWrite> {
  const f = (n: number, k: number) =>
    Float32Array.from({ length: n }, (_, i) => Math.fround(Math.sin(0.3 * i + k) * 3));
  return {
    'tower.0.weight': { shape: [3, 3, 2, 4], data: f(72, 1) },
    'tower.0.bias': { shape: [4], data: f(4, 2) },
    'scales.0.scale': { shape: [1], data: Float32Array.from([1.5]) },
    step: { shape: [], data: Int32Array.from([1234]) },
    flags: { shape: [2, 2], data: Uint8Array.from([1, 0, 1, 1]), dtype: 'U8' },
  };
}

export function jsWrittenBytes(): Uint8Array {
  return serializeSafetensors(jsWrittenTensors(), { producer: 'aligndet', format: 'aligndet' });
}
