import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';

/** The part of `@tensorflow/tfjs-backend-wasm`'s `BackendWasm` our JS kernels use (typed, no import). */
export interface WasmBackendLike {
  readSync(dataId: object): ArrayLike<number>;
  makeOutput(
    shape: number[],
    dtype: DataType,
    memoryOffset?: number,
    values?: Float32Array | Int32Array,
  ): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
  /** A view of a tensor's data in wasm memory (valid until the next allocation may grow it). */
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}
