import { getGradient, getKernel, registerGradient, registerKernel } from '@tensorflow/tfjs-core';
import { deformIm2ColGradConfig, modulatedDeformIm2ColGradConfig } from '../gradients/deform-im2col-grad';
import { DEFORM_CONV_KERNEL_CONFIGS } from './deform-kernel-configs';

/**
 * Registers the fused deformable-conv kernels for the `cpu` and `wasm` backends and their
 * gradients. Idempotent; `deformConv2d` calls it before its first fused call, so calling it yourself
 * is only needed to run the kernels directly.
 *
 * @example
 * ```ts
 * registerDeformConvKernels();
 * tf.getKernel('AligndetDeformIm2Col', 'wasm'); // the kernel config
 * ```
 */
export function registerDeformConvKernels(): void {
  for (const config of DEFORM_CONV_KERNEL_CONFIGS)
    if (!getKernel(config.kernelName, config.backendName)) registerKernel(config);
  for (const config of [deformIm2ColGradConfig, modulatedDeformIm2ColGradConfig])
    if (!getGradient(config.kernelName)) registerGradient(config);
}
