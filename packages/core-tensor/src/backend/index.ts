export type { BackendChoice, BackendInfo, InitBackendOptions } from './init-backend';
export { BACKEND_CANDIDATES, BackendUnavailableError, initBackend } from './init-backend';
export type { BackendPurpose } from './training-kernels';
export { INFERENCE_KERNELS, missingKernels, TRAINING_KERNELS } from './training-kernels';
export {
  FAST_KERNEL_FACTORIES,
  registerTrainingKernels,
  restoreStockKernels,
  TRAINING_KERNEL_CONFIGS,
} from './kernels/register-training-kernels';
export { clearFlippedFilterCache, flippedFilterCacheLimit } from './kernels/wasm/flipped-filter-cache';
export { wasmIm2colLimit } from './kernels/wasm/filter-gradient-shifted-rows';
export { wasmFilterGradientDirect } from './kernels/wasm/conv2d-backprop-filter';
export { wasmInputGradientDirect } from './kernels/wasm/conv2d-backprop-input';
export {
  convGradientSimdOptions,
  wasmKernelThreads,
  wasmSimdThreads,
} from './kernels/wasm/conv-gradient-simd';
export { groupNormSimdOptions } from './kernels/group-norm/group-norm-simd';
export { MAX_WASM_THREADS, resolveWasmThreads } from './wasm-threads';
export {
  type TypedArrayBackendName,
  type TypedArrayIO,
  typedArrayIO,
} from './kernels/typed-array-io';
export {
  type GroupNormAttrs,
  type GroupNormGradInputs,
  GroupNormGradKernel,
  type GroupNormInputs,
  GroupNormKernel,
} from './kernels/group-norm/kernel-names';
