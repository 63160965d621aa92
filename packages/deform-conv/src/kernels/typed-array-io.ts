import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';

/** The part of tfjs-backend-wasm's `BackendWasm` the fused kernels use (typed, no import). */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}
/** The part of tfjs-backend-cpu's `MathBackendCPU` the fused kernels use. */
interface CpuBackendLike {
  readSync(dataId: object): ArrayLike<number>;
  makeTensorInfo(shape: number[], dtype: DataType, values: Float32Array): TensorInfo;
}

/**
 * Float32 typed-array access to kernel inputs and outputs on the `cpu` and `wasm` backends, without
 * copies where the backend allows: on wasm, outputs are allocated in the wasm heap and all views are
 * taken after every allocation (an allocation may grow, and so detach, the heap).
 */
export interface TypedArrayIO {
  /**
   * Allocates float32 outputs of `shapes` (contents undefined), then returns the outputs and
   * float32 views of `inputs` followed by the outputs' views.
   */
  run(
    inputs: TensorInfo[],
    shapes: number[][],
  ): { outputs: TensorInfo[]; inputViews: Float32Array[]; outputViews: Float32Array[] };
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function expectFloat32(t: TensorInfo, i: number): void {
  if (t.dtype !== 'float32')
    throw new Error(`aligndet deform-conv kernel: input ${i}: expected dtype float32, got ${t.dtype}`);
}

/** The {@link TypedArrayIO} of `backend` (a `cpu` or `wasm` backend instance). */
export function typedArrayIO(backend: unknown, backendName: 'cpu' | 'wasm'): TypedArrayIO {
  if (backendName === 'wasm') {
    const b = backend as unknown as WasmBackendLike;
    return {
      run(inputs, shapes) {
        inputs.forEach(expectFloat32);
        const outputs = shapes.map((s) => b.makeOutput(s, 'float32'));
        const view = (t: TensorInfo) => b.typedArrayFromHeap(t) as Float32Array;
        return { outputs, inputViews: inputs.map(view), outputViews: outputs.map(view) };
      },
    };
  }
  const b = backend as unknown as CpuBackendLike;
  return {
    run(inputs, shapes) {
      inputs.forEach(expectFloat32);
      const outputViews = shapes.map((s) => new Float32Array(size(s)));
      const outputs = shapes.map((s, i) => b.makeTensorInfo(s, 'float32', outputViews[i]!));
      return { outputs, inputViews: inputs.map((t) => b.readSync(t.dataId) as Float32Array), outputViews };
    },
  };
}
