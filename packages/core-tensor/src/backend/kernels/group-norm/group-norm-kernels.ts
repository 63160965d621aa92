import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { type TypedArrayBackendName, typedArrayIO } from '../typed-array-io';
import { groupNormBackward, groupNormForward, type GroupNormSizes } from './group-norm-math';
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
    const {
      outputs,
      inputViews: i,
      outputViews: o,
    } = typedArrayIO(backend, backendName, GroupNormKernel).run([x, weight, bias], [x.shape, stats, stats]);
    groupNormForward(s, eps, i[0]!, i[1]!, i[2]!, o[0]!, o[1]!, o[2]!);
    return outputs;
  };
}

function backwardKernel(backendName: TypedArrayBackendName): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, x, weight, mean, rstd } = inputs as GroupNormGradInputs;
    const { numGroups } = attrs as GroupNormAttrs;
    const {
      outputs,
      inputViews: i,
      outputViews: o,
    } = typedArrayIO(backend, backendName, GroupNormGradKernel).run(
      [dy, x, weight, mean, rstd],
      [x.shape, weight.shape, weight.shape],
    );
    groupNormBackward(sizesOf(x, numGroups), i[0]!, i[1]!, i[2]!, i[3]!, i[4]!, o[0]!, o[1]!, o[2]!);
    return outputs;
  };
}

/**
 * The fused GroupNorm kernels ({@link GroupNormKernel}, {@link GroupNormGradKernel}) for the `cpu`
 * and `wasm` backends: two sweeps over the data forward, two backward, in JS on the backends' own
 * memory, where the composed tfjs ops take about a dozen broadcasting kernels each way.
 */
export const GROUP_NORM_KERNEL_CONFIGS: KernelConfig[] = (['cpu', 'wasm'] as const).flatMap((backendName) => [
  { kernelName: GroupNormKernel, backendName, kernelFunc: forwardKernel(backendName) },
  { kernelName: GroupNormGradKernel, backendName, kernelFunc: backwardKernel(backendName) },
]);
