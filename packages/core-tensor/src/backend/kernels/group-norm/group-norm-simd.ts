import type { TensorInfo } from '@tensorflow/tfjs-core';
import { simdModuleLoader } from '../wasm/simd-module';
import type { WasmHeapBackend } from '../wasm/wasm-heap';
import { backwardCoefficients, forwardCoefficients, type GroupNormSizes } from './group-norm-math';
import { GROUP_NORM_SIMD_SHARED_WASM, GROUP_NORM_SIMD_WASM } from './wasm-simd/group-norm-simd-binaries';

/** The exports of wasm-simd/group-norm-simd.c (pointers are byte offsets into the backend's memory). */
interface SimdSweeps {
  channel_moments(x: number, rows: number, channels: number, sums: number, squares: number): void;
  channel_gradient_sums(
    dy: number,
    x: number,
    rows: number,
    channels: number,
    sumDy: number,
    sumDyX: number,
  ): void;
  channel_affine(
    a: number,
    b: number,
    rows: number,
    channels: number,
    alpha: number,
    beta: number,
    gamma: number,
    out: number,
  ): void;
}

/** The members of tfjs-backend-wasm's emscripten module the scratch arrays need. */
interface EmscriptenMalloc {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
}

/** A wasm backend whose malloc the SIMD sweeps' scratch uses. */
type SimdBackend = WasmHeapBackend & { wasm: WasmHeapBackend['wasm'] & EmscriptenMalloc };

/**
 * Whether the wasm GroupNorm kernels use the SIMD sweeps (default true; false runs the JS sweeps,
 * for comparisons and benchmarks).
 */
export const groupNormSimdOptions = { enabled: true };

const load = simdModuleLoader<SimdSweeps>({
  plain: GROUP_NORM_SIMD_WASM,
  shared: GROUP_NORM_SIMD_SHARED_WASM,
});

/**
 * The SIMD sweeps on `backend`'s own memory, or null (disabled, or see {@link simdModuleLoader}):
 * the caller then runs the JS sweeps.
 */
export function groupNormSimd(backend: unknown): SimdSweeps | null {
  return groupNormSimdOptions.enabled ? load(backend) : null;
}

const offsetOf = (b: SimdBackend, t: TensorInfo) => b.dataIdMap.get(t.dataId)!.memoryOffset;

/** Per-call scratch of the SIMD sweeps in wasm memory (see {@link simdScratch}). */
export interface SimdScratch {
  /** Byte offset of float64 array k (0–3) and float32 array k (0–2), each `channels` long. */
  f64(k: number): number;
  f32(k: number): number;
  /** Views of the arrays; take them after every other allocation of the call. */
  views(): { f64(k: number): Float64Array; f32(k: number): Float32Array };
  release(): void;
}

/**
 * Four float64 and three float32 arrays of `channels` in wasm memory, from the backend's malloc.
 * Allocate it before taking any view of the call's tensors (an allocation may grow the memory and
 * detach earlier views); `release` frees it.
 */
export function simdScratch(backend: unknown, channels: number): SimdScratch {
  const b = backend as SimdBackend;
  const pointer = b.wasm._malloc(channels * (4 * 8 + 3 * 4));
  const f64 = (k: number) => pointer + k * channels * 8;
  const f32 = (k: number) => pointer + 4 * channels * 8 + k * channels * 4;
  return {
    f64,
    f32,
    views() {
      const buffer = b.wasm.HEAPU8.buffer;
      return {
        f64: (k: number) => new Float64Array(buffer, f64(k), channels),
        f32: (k: number) => new Float32Array(buffer, f32(k), channels),
      };
    },
    release: () => b.wasm._free(pointer),
  };
}

/**
 * The fused GroupNorm forward on the wasm backend with the SIMD sweeps: y (allocated) from x;
 * `weight`, `bias`, `mean`, `rstd` are float32 views of the call's tensors.
 */
export function groupNormForwardSimd(
  sweeps: SimdSweeps,
  backend: unknown,
  tmp: SimdScratch,
  s: GroupNormSizes,
  eps: number,
  x: TensorInfo,
  y: TensorInfo,
  v: { weight: Float32Array; bias: Float32Array; mean: Float32Array; rstd: Float32Array },
): void {
  const b = backend as SimdBackend;
  const { batch: N, positions: S, channels: C } = s;
  const t = tmp.views();
  const [xAt, yAt] = [offsetOf(b, x), offsetOf(b, y)];
  for (let n = 0; n < N; n++) {
    const off = 4 * n * S * C;
    sweeps.channel_moments(xAt + off, S, C, tmp.f64(0), tmp.f64(1));
    forwardCoefficients(s, n, eps, t.f64(0), t.f64(1), v.weight, v.bias, v.mean, v.rstd, t.f32(0), t.f32(1));
    sweeps.channel_affine(xAt + off, 0, S, C, tmp.f32(0), 0, tmp.f32(1), yAt + off);
  }
}

/**
 * The fused GroupNorm backward on the wasm backend with the SIMD sweeps: dx (allocated) from dy, x
 * and the saved statistics; `dweight` and `dbias` are written through their views.
 */
export function groupNormBackwardSimd(
  sweeps: SimdSweeps,
  backend: unknown,
  tmp: SimdScratch,
  s: GroupNormSizes,
  dy: TensorInfo,
  x: TensorInfo,
  dx: TensorInfo,
  v: {
    weight: Float32Array;
    mean: Float32Array;
    rstd: Float32Array;
    dweight: Float32Array;
    dbias: Float32Array;
  },
): void {
  const b = backend as SimdBackend;
  const { batch: N, positions: S, channels: C } = s;
  const t = tmp.views();
  const [dyAt, xAt, dxAt] = [offsetOf(b, dy), offsetOf(b, x), offsetOf(b, dx)];
  const dw = t.f64(2).fill(0);
  const db = t.f64(3).fill(0);
  for (let n = 0; n < N; n++) {
    const off = 4 * n * S * C;
    sweeps.channel_gradient_sums(dyAt + off, xAt + off, S, C, tmp.f64(0), tmp.f64(1));
    backwardCoefficients(
      s,
      n,
      t.f64(0),
      t.f64(1),
      v.weight,
      v.mean,
      v.rstd,
      t.f32(0),
      t.f32(1),
      t.f32(2),
      dw,
      db,
    );
    sweeps.channel_affine(dyAt + off, xAt + off, S, C, tmp.f32(0), tmp.f32(1), tmp.f32(2), dxAt + off);
  }
  v.dweight.set(dw);
  v.dbias.set(db);
}
