import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './wasm-backend-like';

/**
 * `UnsortedSegmentSum` (the gradient of `gather`) for the wasm backend, which ships none:
 * out[segmentIds[i]] += x[i] over the leading dimensions that `segmentIds` covers.
 */
export const wasmUnsortedSegmentSumConfig: KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const b = backend as unknown as WasmBackendLike;
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const { numSegments } = attrs as NamedAttrMap & { numSegments: number };
    const ids = b.readSync(segmentIds.dataId);
    const xv = b.readSync(x.dataId);
    const count = ids.length;
    const inner = count === 0 ? 0 : xv.length / count;
    const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
    const isInt = x.dtype === 'int32';
    const out = isInt ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
    for (let i = 0; i < count; i++) {
      const s = ids[i]!;
      if (s < 0 || s >= numSegments) continue;
      const o = s * inner;
      const src = i * inner;
      for (let k = 0; k < inner; k++) out[o + k]! += xv[src + k]!;
    }
    return b.makeOutput(outShape, x.dtype, undefined, out);
  },
};
