import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Kernel "fused GroupNorm" (NHWC): inputs {@link GroupNormInputs}, attributes
 * {@link GroupNormAttrs}; outputs `[y, mean, rstd]` with `y` shaped like x and `mean`, `rstd`
 * (= 1/√(var + eps)) shaped `[N, numGroups]`. aligndet registers it on `cpu` and `wasm`; on other
 * backends `groupNorm` composes tfjs ops instead.
 */
export const GroupNormKernel = 'AligndetGroupNorm';
/** Inputs of {@link GroupNormKernel}: `weight` and `bias` are `[C]`. */
export interface GroupNormInputs {
  x: TensorInfo;
  weight: TensorInfo;
  bias: TensorInfo;
  [name: string]: TensorInfo;
}
/** Attributes of {@link GroupNormKernel} and {@link GroupNormGradKernel}. */
export interface GroupNormAttrs extends NamedAttrMap {
  numGroups: number;
  eps: number;
}

/**
 * Kernel "fused GroupNorm backward": from the output gradient and what {@link GroupNormKernel}
 * saved, inputs {@link GroupNormGradInputs}; outputs `[dx, dweight, dbias]`.
 */
export const GroupNormGradKernel = 'AligndetGroupNormGrad';
/** Inputs of {@link GroupNormGradKernel}. */
export interface GroupNormGradInputs {
  dy: TensorInfo;
  x: TensorInfo;
  weight: TensorInfo;
  mean: TensorInfo;
  rstd: TensorInfo;
  [name: string]: TensorInfo;
}
