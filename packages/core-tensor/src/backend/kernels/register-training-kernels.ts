import { getKernel, type KernelConfig, registerKernel } from '@tensorflow/tfjs-core';
import { wasmConv2DBackpropFilterConfig } from './wasm/conv2d-backprop-filter';
import { wasmUnsortedSegmentSumConfig } from './wasm/unsorted-segment-sum';

/** The training kernels aligndet adds to backends that lack them. */
export const TRAINING_KERNEL_CONFIGS: KernelConfig[] = [
  wasmConv2DBackpropFilterConfig,
  wasmUnsortedSegmentSumConfig,
];

/**
 * Registers aligndet's training kernels (for now: the wasm backend's missing
 * `Conv2DBackpropFilter` and `UnsortedSegmentSum`) where the backend has none, so plain tfjs ops
 * train on wasm. Idempotent; `initBackend` calls it.
 *
 * @example
 * ```ts
 * registerTrainingKernels();
 * await tf.setBackend('wasm'); // tf.grad through conv2d and gather now works
 * ```
 */
export function registerTrainingKernels(): void {
  for (const config of TRAINING_KERNEL_CONFIGS) {
    if (!getKernel(config.kernelName, config.backendName)) registerKernel(config);
  }
}
