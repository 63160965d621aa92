import {
  findBackend,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import { cpuConv2DBackpropFilterConfig } from './cpu/conv2d-backprop-filter';
import { GROUP_NORM_KERNEL_CONFIGS } from './group-norm/group-norm-kernels';
import { wasmBroadcastBinaryConfig } from './wasm/broadcast-binary';
import { wasmConv2DBackpropFilterConfig } from './wasm/conv2d-backprop-filter';
import { wasmConv2DBackpropInputConfig } from './wasm/conv2d-backprop-input';
import { wasmIdentityAliasConfig } from './wasm/identity-alias';
import { wasmUnsortedSegmentSumConfig } from './wasm/unsorted-segment-sum';

/**
 * The kernels aligndet adds to backends that lack them: the wasm backend's missing training
 * kernels, and aligndet's own fused GroupNorm forward/backward on `cpu` and `wasm`.
 */
export const TRAINING_KERNEL_CONFIGS: KernelConfig[] = [
  wasmConv2DBackpropFilterConfig,
  wasmUnsortedSegmentSumConfig,
  ...GROUP_NORM_KERNEL_CONFIGS,
];

/**
 * Kernels aligndet puts in place of slow stock ones, each built around the stock kernel it
 * replaces (which keeps the cases the replacement does not cover, e.g. NCHW): the wasm backend's
 * `Conv2DBackpropInput` (as an XNNPACK forward conv), its broadcasting `Add`/`Sub`/`Multiply` (a JS
 * loop; same-shape operands stay on XNNPACK), its `Identity` (an alias instead of a copy) and the
 * cpu backend's `Conv2DBackpropFilter` (im2col + the cpu matmul).
 */
export const FAST_KERNEL_FACTORIES: Array<{
  kernelName: string;
  backendName: string;
  make: (stock: KernelFunc) => KernelConfig;
}> = [
  { kernelName: 'Conv2DBackpropInput', backendName: 'wasm', make: wasmConv2DBackpropInputConfig },
  { kernelName: 'Conv2DBackpropFilter', backendName: 'cpu', make: cpuConv2DBackpropFilterConfig },
  { kernelName: 'Add', backendName: 'wasm', make: wasmBroadcastBinaryConfig('Add') },
  { kernelName: 'Sub', backendName: 'wasm', make: wasmBroadcastBinaryConfig('Sub') },
  { kernelName: 'Multiply', backendName: 'wasm', make: wasmBroadcastBinaryConfig('Multiply') },
  { kernelName: 'Identity', backendName: 'wasm', make: wasmIdentityAliasConfig },
];

/** Stock kernels that aligndet replaced, by `backend/kernel`, so they can be restored. */
const replaced = new Map<string, KernelConfig>();
const ours = new WeakSet<KernelFunc>();

/**
 * Registers aligndet's training kernels: the ones the wasm backend lacks (`Conv2DBackpropFilter`,
 * `UnsortedSegmentSum`) and the fused GroupNorm kernels where missing, and the fast replacements
 * of {@link FAST_KERNEL_FACTORIES} in place of the stock kernels of the backend packages already imported (`initBackend` calls it
 * again after importing one). Idempotent; `initBackend` calls it.
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
  for (const f of FAST_KERNEL_FACTORIES) {
    // not before the backend package registered its stock kernel (it would overwrite ours)
    const current = getKernel(f.kernelName, f.backendName);
    if (!current || ours.has(current.kernelFunc)) continue;
    // the stock kernel's set-up (e.g. binding its wasm function) must still run at backend start
    const made = f.make(current.kernelFunc);
    const config: KernelConfig = current.setupFunc ? { ...made, setupFunc: current.setupFunc } : made;
    ours.add(config.kernelFunc);
    replaced.set(`${f.backendName}/${f.kernelName}`, current);
    unregisterKernel(f.kernelName, f.backendName);
    registerKernel(config);
  }
}

/**
 * Puts the stock kernels that {@link registerTrainingKernels} replaced back (the kernels it only
 * added stay). For comparisons and benchmarks against stock tfjs.
 *
 * @example
 * ```ts
 * restoreStockKernels(); // tf.conv2d's input gradient on wasm runs tfjs's own kernel again
 * ```
 */
export function restoreStockKernels(): void {
  for (const [key, stock] of replaced) {
    const current = getKernel(stock.kernelName, stock.backendName);
    if (current && ours.has(current.kernelFunc)) unregisterKernel(stock.kernelName, stock.backendName);
    if (!getKernel(stock.kernelName, stock.backendName)) {
      registerKernel(stock);
      // tfjs runs setup functions only when a backend starts: run it if the backend already has
      const backend = findBackend(stock.backendName);
      if (backend && stock.setupFunc) stock.setupFunc(backend);
    }
    replaced.delete(key);
  }
}
