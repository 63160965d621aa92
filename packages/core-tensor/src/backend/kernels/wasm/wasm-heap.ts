import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './wasm-backend-like';

/**
 * The further (public, but undocumented) members of `@tensorflow/tfjs-backend-wasm`'s
 * `BackendWasm` that {@link heapView} and {@link heapF32} need: the emscripten module (its memory
 * and tensor registry) and the dataId → tensor record map.
 */
export interface WasmHeapBackend extends WasmBackendLike {
  wasm: { HEAPU8: Uint8Array; tfjs: { disposeData(id: number): void } };
  dataIdMap: {
    /** Careful: for an unknown dataId, tfjs tries to move the data in from another backend. */
    get(dataId: object): { id: number; memoryOffset: number } | undefined;
    has(dataId: object): boolean;
    delete(dataId: object): boolean;
  };
}

/**
 * All of wasm memory as floats. Any allocation may grow the memory and leave an earlier array
 * detached (single-threaded build) or too short (threaded build): take a new one after allocating.
 */
export function heapF32(b: WasmHeapBackend): Float32Array {
  const bytes = b.wasm.HEAPU8;
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
}

/** Where a float32 tensor's data starts in {@link heapF32}, in floats. */
export function floatOffset(b: WasmHeapBackend, t: TensorInfo): number {
  return b.dataIdMap.get(t.dataId)!.memoryOffset >>> 2;
}

/**
 * A float32 tensor of `shape` over wasm memory that belongs to another tensor, starting `floats`
 * floats into it (no copy, no allocation): kernels then read a window of that tensor, e.g. a row
 * range, or a matrix whose rows overlap. Read-only; valid while `base` lives; release it with
 * {@link releaseHeapView} (never `disposeData`, which would free memory it does not own).
 */
export function heapView(b: WasmHeapBackend, base: TensorInfo, floats: number, shape: number[]): TensorInfo {
  const offset = b.dataIdMap.get(base.dataId)!.memoryOffset + 4 * floats;
  return b.makeOutput(shape, 'float32', offset);
}

/**
 * Forgets a {@link heapView} without freeing its memory: the backend's record goes, and the wasm
 * side runs its disposal callbacks for the id (e.g. drops XNNPACK operators cached on it).
 */
export function releaseHeapView(b: WasmHeapBackend, view: TensorInfo): void {
  if (!b.dataIdMap.has(view.dataId)) return;
  const record = b.dataIdMap.get(view.dataId)!;
  b.dataIdMap.delete(view.dataId);
  b.wasm.tfjs.disposeData(record.id);
}
