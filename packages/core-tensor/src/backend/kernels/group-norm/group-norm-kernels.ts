import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { type TypedArrayBackendName, typedArrayIO } from '../typed-array-io';
import { groupNormBackward, groupNormForward, type GroupNormSizes } from './group-norm-math';
import { groupNormBackwardSimd, groupNormForwardSimd, groupNormSimd } from './group-norm-simd';
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
    const io = typedArrayIO(backend, backendName, GroupNormKernel);
    const { outputs, inputViews: i, outputViews: o } = io.run([x, weight, bias], [x.shape, stats, stats]);
    const sweeps = backendName === 'wasm' ? groupNormSimd(backend) : null;
    if (sweeps) {
      const view = io.view!;
      groupNormForwardSimd(sweeps, backend, s, eps, x, outputs, () => ({
        weight: view(weight),
        bias: view(bias),
        mean: view(outputs[1]!),
        rstd: view(outputs[2]!),
      }));
    } else {
      groupNormForward(s, eps, i[0]!, i[1]!, i[2]!, o[0]!, o[1]!, o[2]!);
    }
    return outputs;
  };
}

function backwardKernel(backendName: TypedArrayBackendName): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, x, weight, mean, rstd } = inputs as GroupNormGradInputs;
    const { numGroups } = attrs as GroupNormAttrs;
    const s = sizesOf(x, numGroups);
    const io = typedArrayIO(backend, backendName, GroupNormGradKernel);
    const {
      outputs,
      inputViews: i,
      outputViews: o,
    } = io.run([dy, x, weight, mean, rstd], [x.shape, weight.shape, weight.shape]);
    const sweeps = backendName === 'wasm' ? groupNormSimd(backend) : null;
    if (sweeps) {
      const view = io.view!;
      groupNormBackwardSimd(sweeps, backend, s, dy, x, outputs, () => ({
        weight: view(weight),
        mean: view(mean),
        rstd: view(rstd),
        dweight: view(outputs[1]!),
        dbias: view(outputs[2]!),
      }));
    } else {
      groupNormBackward(s, i[0]!, i[1]!, i[2]!, i[3]!, i[4]!, o[0]!, o[1]!, o[2]!);
    }
    return outputs;
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
