import { getBackend } from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '@aligndet/core-tensor';

/**
 * Which implementation `deformConv2d` runs: `fused` (typed-array im2col/col2im kernels plus
 * `tf.matMul`; the `cpu` and `wasm` backends only), `composite` (tfjs-core ops and tfjs autodiff,
 * whose input gradient is an `UnsortedSegmentSum` scatter; every backend), `gather` (the same
 * forward with a scatter-free backward: the input gradient as interpolation-matrix matMuls, the
 * offset and mask gradients as gathers; every backend, made for webgl and webgpu, where the scatter
 * is slow), or `auto` (fused on cpu and wasm, gather on webgl and webgpu, composite elsewhere).
 */
export type DeformConvImplementation = 'auto' | 'fused' | 'composite' | 'gather';

/** Backends with the fused kernels. */
export const FUSED_DEFORM_CONV_BACKENDS: readonly string[] = ['cpu', 'wasm'];

/** Backends where `auto` picks the scatter-free `gather` backward. */
export const GATHER_DEFORM_CONV_BACKENDS: readonly string[] = ['webgl', 'webgpu'];

let current: DeformConvImplementation = 'auto';

/**
 * Chooses the implementation of every later `deformConv2d` call (process-wide; default `auto`).
 * Both give the same results up to float32 rounding; forcing one is meant for tests and benchmarks.
 * Returns the previous setting, so callers can restore it.
 *
 * @example
 * ```ts
 * const previous = setDeformConvImplementation('composite');
 * // ... deformConv2d(...) runs the composite path on any backend
 * setDeformConvImplementation(previous);
 * ```
 */
export function setDeformConvImplementation(
  implementation: DeformConvImplementation,
): DeformConvImplementation {
  if (!['auto', 'fused', 'composite', 'gather'].includes(implementation))
    throw new InvalidArgumentError({
      op: 'setDeformConvImplementation',
      field: 'implementation',
      expected: "'auto', 'fused', 'composite' or 'gather'",
      value: implementation,
    });
  const previous = current;
  current = implementation;
  return previous;
}

/** The current setting of {@link setDeformConvImplementation}. */
export function getDeformConvImplementation(): DeformConvImplementation {
  return current;
}

/**
 * The implementation `deformConv2d` runs on `backendName` (default: the active backend) under the
 * current setting. Throws when `fused` is forced on a backend without the fused kernels.
 */
export function resolveDeformConvImplementation(
  backendName: string = getBackend(),
): 'fused' | 'composite' | 'gather' {
  const fusedHere = FUSED_DEFORM_CONV_BACKENDS.includes(backendName);
  if (current === 'composite' || current === 'gather') return current;
  if (current === 'fused' && !fusedHere)
    throw new InvalidArgumentError({
      op: 'deformConv2d',
      field: 'implementation',
      expected: `'fused' only on the ${FUSED_DEFORM_CONV_BACKENDS.join(' or ')} backend (active backend: ${backendName})`,
      value: current,
    });
  if (fusedHere) return 'fused';
  return GATHER_DEFORM_CONV_BACKENDS.includes(backendName) ? 'gather' : 'composite';
}
