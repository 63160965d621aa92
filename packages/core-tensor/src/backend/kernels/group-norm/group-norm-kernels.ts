import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { type TypedArrayBackendName, typedArrayIO } from '../typed-array-io';
import { groupNormBackward, groupNormForward, type GroupNormSizes } from './group-norm-math';
import { groupNormBackwardSimd, groupNormForwardSimd, groupNormSimd, simdScratch } from './group-norm-simd';
import {
  type GroupNormAttrs,
  type GroupNormGradInputs,
  GroupNormGradKernel,
  type GroupNormInputs,
  GroupNormKernel,
} from './kernel-names';

function sizesOf(x: TensorInfo, numGroups: number): GroupNormSizes {
  const [batch, h, w, channels] = x.shape as [number, number, number, number];
  return { batch, positions: h * w, channels, groups: numGroups };
}

function forwardKernel(backendName: TypedArrayBackendName): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, weight, bias } = inputs as GroupNormInputs;
    const { numGroups, eps } = attrs as GroupNormAttrs;
    const s = sizesOf(x, numGroups);
    const stats = [s.batch, numGroups];
    const sweeps = backendName === 'wasm' ? groupNormSimd(backend) : null;
    // the scratch before the tensors' views: its allocation could detach them
    const tmp = sweeps ? simdScratch(backend, s.channels) : null;
    try {
      const io = typedArrayIO(backend, backendName, GroupNormKernel);
      const { outputs, inputViews: i, outputViews: o } = io.run([x, weight, bias], [x.shape, stats, stats]);
      if (sweeps && tmp) {
        const views = { weight: i[1]!, bias: i[2]!, mean: o[1]!, rstd: o[2]! };
        groupNormForwardSimd(sweeps, backend, tmp, s, eps, x, outputs[0]!, views);
      } else {
        groupNormForward(s, eps, i[0]!, i[1]!, i[2]!, o[0]!, o[1]!, o[2]!);
      }
      return outputs;
    } finally {
      tmp?.release();
    }
  };
}

function backwardKernel(backendName: TypedArrayBackendName): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, x, weight, mean, rstd } = inputs as GroupNormGradInputs;
    const { numGroups } = attrs as GroupNormAttrs;
    const s = sizesOf(x, numGroups);
    const sweeps = backendName === 'wasm' ? groupNormSimd(backend) : null;
    const tmp = sweeps ? simdScratch(backend, s.channels) : null; // before the views, as above
    try {
      const io = typedArrayIO(backend, backendName, GroupNormGradKernel);
      const {
        outputs,
        inputViews: i,
        outputViews: o,
      } = io.run([dy, x, weight, mean, rstd], [x.shape, weight.shape, weight.shape]);
      if (sweeps && tmp) {
        const views = { weight: i[2]!, mean: i[3]!, rstd: i[4]!, dweight: o[1]!, dbias: o[2]! };
        groupNormBackwardSimd(sweeps, backend, tmp, s, dy, x, outputs[0]!, views);
      } else {
        groupNormBackward(s, i[0]!, i[1]!, i[2]!, i[3]!, i[4]!, o[0]!, o[1]!, o[2]!);
      }
      return outputs;
    } finally {
      tmp?.release();
    }
  };
}

/**
 * The fused GroupNorm kernels ({@link GroupNormKernel}, {@link GroupNormGradKernel}) for the `cpu`
 * and `wasm` backends: two sweeps over the data forward, two backward, on the backends' own memory
 * (on wasm in wasm SIMD, `group-norm-simd.ts`, else in JS), where the composed tfjs ops take about
 * a dozen broadcasting kernels each way.
 */
export const GROUP_NORM_KERNEL_CONFIGS: KernelConfig[] = (['cpu', 'wasm'] as const).flatMap((backendName) => [
  { kernelName: GroupNormKernel, backendName, kernelFunc: forwardKernel(backendName) },
  { kernelName: GroupNormGradKernel, backendName, kernelFunc: backwardKernel(backendName) },
]);
