import type { TensorInfo } from '@tensorflow/tfjs-core';
import {
  CONV_GRADIENT_SIMD_SHARED_WASM,
  CONV_GRADIENT_SIMD_WASM,
} from './conv-gradient-simd/conv-gradient-simd-binaries';
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

/** The WebAssembly global as far as this file uses it (the package's TS lib has no DOM types). */
interface WasmGlobal {
  Memory: new (...args: never[]) => object;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** Where tfjs-backend-wasm's emscripten module keeps its memory. */
interface EmscriptenMemory {
  /** The single-threaded build exports its memory here. */
  asm?: { memory?: unknown };
  /** The threaded build imports its memory; aligndet's `registerThreadedWasm` records it here. */
  wasmMemory?: unknown;
}

const instances = new WeakMap<object, ConvGradientSimd | null>();

/**
 * Whether the wasm conv gradients may use the SIMD kernels (default true; false keeps every shape
 * on the XNNPACK route, for comparisons, benchmarks and tests of that route).
 */
export const convGradientSimdOptions = { enabled: true };

/**
 * The SIMD kernels instantiated on `backend`'s own memory (once per memory; synchronous, the
 * modules are ~4 KB), or null when that memory cannot be reached (another build of
 * tfjs-backend-wasm) or the runtime refuses the module: callers then take the XNNPACK route.
 */
export function convGradientSimd(backend: unknown): ConvGradientSimd | null {
  if (!convGradientSimdOptions.enabled) return null;
  const wasm = (backend as { wasm?: EmscriptenMemory }).wasm;
  const api = (globalThis as unknown as { WebAssembly?: WasmGlobal }).WebAssembly;
  const memory = wasm?.wasmMemory ?? wasm?.asm?.memory;
  if (!api || !memory || !(memory instanceof api.Memory)) return null;
  const cached = instances.get(memory);
  if (cached !== undefined) return cached;
  let kernels: ConvGradientSimd | null = null;
  try {
    const { buffer } = memory as { buffer: ArrayBufferLike };
    const shared = typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;
    const base64 = shared ? CONV_GRADIENT_SIMD_SHARED_WASM : CONV_GRADIENT_SIMD_WASM;
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
    const instance = new api.Instance(new api.Module(bytes), { env: { memory } });
    kernels = instance.exports as unknown as ConvGradientSimd;
  } catch {
    kernels = null;
  }
  instances.set(memory, kernels);
  return kernels;
}

/** The thread count of the wasm backend `b` (1 when it cannot tell). */
export function wasmThreadCount(b: WasmHeapBackend): number {
  const tfjs = b.wasm.tfjs as { getThreadsCount?: () => number };
  return typeof tfjs.getThreadsCount === 'function' ? tfjs.getThreadsCount() : 1;
}

/** Byte offset of a tensor's data in wasm memory. */
export const byteOffset = (b: WasmHeapBackend, t: TensorInfo): number =>
  b.dataIdMap.get(t.dataId)!.memoryOffset;
