import * as tf from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import {
  CONV_GRADIENT_SIMD_SHARED_WASM,
  CONV_GRADIENT_SIMD_WASM,
} from './conv-gradient-simd/conv-gradient-simd-binaries';
import { simdModuleLoader } from './simd-module';
import type { SimdThreadPool } from './simd-thread-pool';
import type { WasmHeapBackend } from './wasm-heap';

/** The exports of the conv-gradient-simd/*.c module (pointers: byte offsets into the backend's memory). */
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
    c0: number,
    c1: number,
    co0: number,
    co1: number,
    qBegin: number,
    qEnd: number,
  ): void;
  filter_gradient_packed(
    x: number,
    dy: number,
    dw: number,
    scratch: number,
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
    c0: number,
    c1: number,
    qBegin: number,
    qEnd: number,
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
    rowsPerChunk: number,
    n0: number,
    n1: number,
    c0: number,
    c1: number,
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

/**
 * When a direct SIMD kernel call is split over the wasm backend's threads (the threaded build;
 * see {@link SimdThreadPool}): from `minMacs` multiply-adds, below which waking a worker costs
 * more than it saves. A tuning knob (tests move it).
 */
export const wasmSimdThreads = { minMacs: 1 << 21 };

/**
 * The thread pool a direct kernel call of `macs` multiply-adds may use, and its ready thread
 * count; `{ pool: null, threads: 1 }` on one thread, below {@link wasmSimdThreads}, or while the
 * workers are still starting (they are started by the first call that asks).
 */
export function convGradientThreads(
  b: WasmHeapBackend,
  macs: number,
): { pool: SimdThreadPool | null; threads: number } {
  const wanted = wasmThreadCount(b);
  if (wanted <= 1 || !convGradientSimdOptions.enabled) return { pool: null, threads: 1 };
  const pool = load.pool(b, wanted);
  if (!pool || pool.threads <= 1 || macs < wasmSimdThreads.minMacs) return { pool: null, threads: 1 };
  return { pool, threads: pool.threads };
}

/**
 * How many threads aligndet's own wasm SIMD kernels (the conv gradients) split a call over on
 * `backend` (default: the active one): the wasm backend's thread count once their worker threads
 * are ready, else 1 (the single-threaded build, another backend, workers unavailable or still
 * starting). `initBackend` starts the workers and waits for them.
 *
 * @example
 * ```ts
 * await initBackend('wasm', { wasmThreads: 2 });
 * wasmKernelThreads(); // 2
 * ```
 */
export function wasmKernelThreads(backend: unknown = tf.backend()): number {
  const b = backend as WasmHeapBackend;
  if (!b?.wasm || !convGradientSimdOptions.enabled) return 1;
  const wanted = wasmThreadCount(b);
  return wanted > 1 ? (load.pool(b, wanted)?.threads ?? 1) : 1;
}

/**
 * Starts the worker threads of aligndet's wasm SIMD kernels on `backend` (the threaded build) and
 * resolves with {@link wasmKernelThreads} once they are ready, or after `timeoutMs` (then calls
 * stay on one thread until they are).
 */
export async function startWasmKernelThreads(backend: unknown, timeoutMs = 3000): Promise<number> {
  const end = Date.now() + timeoutMs;
  const b = backend as WasmHeapBackend;
  if (!b?.wasm) return 1;
  const wanted = wasmThreadCount(b);
  while (wasmKernelThreads(b) < wanted && Date.now() < end)
    await new Promise((resolve) => setTimeout(resolve, 5));
  return wasmKernelThreads(b);
}

/**
 * Calls `name` of the SIMD module once per argument list: on the pool's threads when there are
 * several, else on this thread.
 */
export function runSplit(
  simd: ConvGradientSimd,
  pool: SimdThreadPool | null,
  name: 'filter_gradient_direct' | 'filter_gradient_packed' | 'input_gradient_direct',
  parts: number[][],
): void {
  if (pool && parts.length > 1) {
    pool.run(simd as unknown as Record<string, unknown>, name, parts);
    return;
  }
  const f = simd[name] as (...a: number[]) => void;
  for (const p of parts) f(...p);
}

/** The thread count of the wasm backend `b` (1 when it cannot tell). */
export function wasmThreadCount(b: WasmHeapBackend): number {
  const tfjs = b.wasm.tfjs as { getThreadsCount?: () => number };
  return typeof tfjs.getThreadsCount === 'function' ? tfjs.getThreadsCount() : 1;
}

/** Byte offset of a tensor's data in wasm memory. */
export const byteOffset = (b: WasmHeapBackend, t: TensorInfo): number =>
  b.dataIdMap.get(t.dataId)!.memoryOffset;
