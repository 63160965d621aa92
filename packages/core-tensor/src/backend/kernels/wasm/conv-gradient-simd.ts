import type { TensorInfo } from '@tensorflow/tfjs-core';
import {
  CONV_GRADIENT_SIMD_SHARED_WASM,
  CONV_GRADIENT_SIMD_WASM,
} from './conv-gradient-simd/conv-gradient-simd-binaries';
import { simdModuleLoader } from './simd-module';
import type { WasmHeapBackend } from './wasm-heap';

/** The exports of conv-gradient-simd/conv-gradient-simd.c (pointers: byte offsets into the backend's memory). */
export interface ConvGradientSimd {
  filter_gradient_direct(
    x: number,
    dy: number,
    dw: number,
    N: number,
    H: number,
    W: number,
    C: number,
    Ho: number,
    Wo: number,
    Co: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dw_: number,
    top: number,
    left: number,
    rowsPerChunk: number,
  ): void;
  input_gradient_direct(
    dy: number,
    wt: number,
    w: number,
    dx: number,
    N: number,
    H: number,
    W: number,
    C: number,
    Ho: number,
    Wo: number,
    Co: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    top: number,
    left: number,
  ): void;
  copy_runs(
    src: number,
    dst: number,
    outer: number,
    inner: number,
    run: number,
    srcOuter: number,
    srcInner: number,
    dstOuter: number,
    dstInner: number,
  ): void;
}

/**
 * Whether the wasm conv gradients may use the SIMD kernels (default true; false keeps every shape
 * on the XNNPACK route, for comparisons, benchmarks and tests of that route).
 */
export const convGradientSimdOptions = { enabled: true };

const load = simdModuleLoader<ConvGradientSimd>({
  plain: CONV_GRADIENT_SIMD_WASM,
  shared: CONV_GRADIENT_SIMD_SHARED_WASM,
});

/**
 * The SIMD kernels on `backend`'s own memory, or null (disabled, or see {@link simdModuleLoader}):
 * callers then take the XNNPACK route.
 */
export function convGradientSimd(backend: unknown): ConvGradientSimd | null {
  return convGradientSimdOptions.enabled ? load(backend) : null;
}

/** The thread count of the wasm backend `b` (1 when it cannot tell). */
export function wasmThreadCount(b: WasmHeapBackend): number {
  const tfjs = b.wasm.tfjs as { getThreadsCount?: () => number };
  return typeof tfjs.getThreadsCount === 'function' ? tfjs.getThreadsCount() : 1;
}

/** Byte offset of a tensor's data in wasm memory. */
export const byteOffset = (b: WasmHeapBackend, t: TensorInfo): number =>
  b.dataIdMap.get(t.dataId)!.memoryOffset;
