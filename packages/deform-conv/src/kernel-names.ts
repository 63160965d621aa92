import type { NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Geometry of one deformable convolution (all numbers, so it doubles as the kernels' attributes).
 * Sizes as in `deformConv2d`: x `[batch, inHeight, inWidth, inChannels]`, offset
 * `[batch, outHeight, outWidth, 2·offsetGroups·kh·kw]`.
 */
export interface DeformConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  kernelHeight: number;
  kernelWidth: number;
  strideHeight: number;
  strideWidth: number;
  padHeight: number;
  padWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  /** Convolution groups. */
  groups: number;
  /** Offset (deformable) groups. */
  offsetGroups: number;
}

/**
 * Kernel "deformable im2col" (DCNv1): samples x bilinearly at the offset positions into the column
 * matrix `[groups, batch·Ho·Wo, kh·kw·Cin/groups]` (column `k·Cin/groups + c` for tap
 * k = i·kw + j), so that a batched matMul with the weight gives the convolution.
 */
export const DeformIm2Col = 'AligndetDeformIm2Col';
/**
 * Kernel "modulated deformable im2col" (DCNv2): {@link DeformIm2Col} with every sample multiplied
 * by its mask value. A separate name because tfjs saves a gradient's inputs by name.
 */
export const ModulatedDeformIm2Col = 'AligndetModulatedDeformIm2Col';
/** Inputs of {@link DeformIm2Col} (no `mask`) and {@link ModulatedDeformIm2Col} (with `mask`). */
export type DeformIm2ColInputs = NamedTensorInfoMap & {
  x: TensorInfo;
  offset: TensorInfo;
  mask?: TensorInfo;
};
/** Attributes of {@link DeformIm2Col} and {@link ModulatedDeformIm2Col}. */
export type DeformIm2ColAttrs = DeformConvGeometry;

/**
 * Kernel "deformable col2im": the backward pass of {@link DeformIm2Col} and
 * {@link ModulatedDeformIm2Col}. From the column gradient
 * `dCols` (same layout) it returns `[dx, dOffset]`, plus `dMask` when a mask is given.
 */
export const DeformCol2Im = 'AligndetDeformCol2Im';
/** Inputs of {@link DeformCol2Im}. */
export type DeformCol2ImInputs = DeformIm2ColInputs & { dCols: TensorInfo };
/** Attributes of {@link DeformCol2Im}. */
export type DeformCol2ImAttrs = DeformConvGeometry;
