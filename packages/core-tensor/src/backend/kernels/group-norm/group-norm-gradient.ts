import { engine, type GradConfig, type NamedAttrMap, type Tensor } from '@tensorflow/tfjs-core';
import { GroupNormGradKernel, GroupNormKernel } from './kernel-names';

/**
 * The gradient of {@link GroupNormKernel}: one {@link GroupNormGradKernel} call from the saved
 * x, weight, mean and rstd. `mean` and `rstd` are statistics, not differentiated through (only
 * `y`'s gradient is used).
 */
export const groupNormGradConfig: GradConfig = {
  kernelName: GroupNormKernel,
  inputsToSave: ['x', 'weight'],
  outputsToSave: [false, true, true],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x, weight, mean, rstd] = saved as [Tensor, Tensor, Tensor, Tensor];
    const dyY = Array.isArray(dy) ? dy[0]! : dy;
    const [dx, dweight, dbias] = engine().runKernel(
      GroupNormGradKernel,
      { dy: dyY, x, weight, mean, rstd },
      attrs,
    ) as Tensor[];
    return { x: () => dx!, weight: () => dweight!, bias: () => dbias! };
  },
};
