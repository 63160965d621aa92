import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';

/** The part of tfjs-backend-wasm's `BackendWasm` {@link typedArrayIO} uses (typed, no import). */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}
/** The part of tfjs-backend-cpu's `MathBackendCPU` {@link typedArrayIO} uses. */
interface CpuValuesBackend {
  readSync(dataId: object): ArrayLike<number>;
  makeTensorInfo(shape: number[], dtype: DataType, values: Float32Array): TensorInfo;
}

/** The backends whose tensors JS kernels can read and write as typed arrays. */
export type TypedArrayBackendName = 'cpu' | 'wasm';

/**
 * Float32 typed-array access to a JS kernel's inputs and outputs on the `cpu` and `wasm` backends,
 * without copies where the backend allows: on wasm, outputs are allocated in the wasm heap and all
 * views are taken after every allocation (an allocation may grow, and so detach, the heap).
 */
export interface TypedArrayIO {
  /**
   * Allocates float32 outputs of `shapes` (contents undefined), then returns the outputs and
   * float32 views of `inputs` followed by the outputs' views. Throws, naming `kernelName` and the
   * input, if an input is not float32.
   */
  run(
    inputs: TensorInfo[],
    shapes: number[][],
  ): { outputs: TensorInfo[]; inputViews: Float32Array[]; outputViews: Float32Array[] };
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * The {@link TypedArrayIO} of `backend` (a `cpu` or `wasm` backend instance), for the JS kernels
 * aligndet registers (this package's GroupNorm, deform-conv's fused kernels).
 *
 * @example
 * ```ts
 * const kernelFunc: KernelFunc = ({ inputs, backend }) => {
 *   const { outputs, inputViews, outputViews } = typedArrayIO(backend, 'wasm', 'MyDouble').run(
 *     [inputs.x!], [inputs.x!.shape]);
 *   inputViews[0]!.forEach((v, i) => { outputViews[0]![i] = 2 * v; });
 *   return outputs[0]!;
 * };
 * ```
 */
export function typedArrayIO(
  backend: unknown,
  backendName: TypedArrayBackendName,
  kernelName: string,
): TypedArrayIO {
  const expectFloat32 = (t: TensorInfo, i: number) => {
    if (t.dtype !== 'float32')
      throw new Error(`aligndet ${kernelName} kernel: input ${i}: expected dtype float32, got ${t.dtype}`);
  };
  if (backendName === 'wasm') {
    const b = backend as WasmHeapBackend;
    return {
      run(inputs, shapes) {
        inputs.forEach(expectFloat32);
        const outputs = shapes.map((s) => b.makeOutput(s, 'float32'));
        const view = (t: TensorInfo) => b.typedArrayFromHeap(t) as Float32Array;
        return { outputs, inputViews: inputs.map(view), outputViews: outputs.map(view) };
      },
    };
  }
  const b = backend as CpuValuesBackend;
  return {
    run(inputs, shapes) {
      inputs.forEach(expectFloat32);
      const outputViews = shapes.map((s) => new Float32Array(size(s)));
      const outputs = shapes.map((s, i) => b.makeTensorInfo(s, 'float32', outputViews[i]!));
      return { outputs, inputViews: inputs.map((t) => b.readSync(t.dataId) as Float32Array), outputViews };
    },
  };
}
