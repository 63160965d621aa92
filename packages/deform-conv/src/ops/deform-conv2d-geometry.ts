import type * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, pair } from '@aligndet/core-tensor';
import type { DeformConvGeometry } from '../kernel-names';

/** Options of {@link deformConv2d}. */
export interface DeformConv2dOptions {
  /** `[Cout]`. */
  bias?: tf.Tensor1D;
  /** `[N, Ho, Wo, offsetGroups·kh·kw]` modulation (DCNv2); absent = DCNv1. */
  mask?: tf.Tensor4D;
  /** Default 1. */
  stride?: number | [number, number];
  /** Symmetric zero padding. Default 0. */
  padding?: number | [number, number];
  /** Default 1. */
  dilation?: number | [number, number];
  /** Convolution groups; inferred from the weight when absent. Default `Cin / weight.shape[2]`. */
  groups?: number;
  /** Offset groups; inferred from the offset channels when absent. */
  offsetGroups?: number;
}

const fail = (field: string, expected: string, value: unknown) =>
  new InvalidArgumentError({ op: 'deformConv2d', field, expected, value });

/**
 * Checks the shapes and channel counts of a {@link deformConv2d} call and returns its geometry.
 * Throws `InvalidArgumentError` naming the argument, the expected and the actual shape.
 */
export function deformConv2dGeometry(
  x: tf.Tensor4D,
  offset: tf.Tensor4D,
  weight: tf.Tensor4D,
  options: DeformConv2dOptions,
): DeformConvGeometry {
  if (x?.rank !== 4) throw fail('x', 'a rank-4 tensor [N, H, W, Cin]', x?.shape);
  if (weight?.rank !== 4) throw fail('weight', 'a rank-4 tensor [kh, kw, Cin/groups, Cout]', weight?.shape);
  if (offset?.rank !== 4)
    throw fail('offset', 'a rank-4 tensor [N, Ho, Wo, 2·offsetGroups·kh·kw]', offset?.shape);
  const [N, H, W, Cin] = x.shape;
  const [kh, kw, cinPerGroup, Cout] = weight.shape;
  const [strideH, strideW] = pair(options.stride ?? 1);
  const [padH, padW] = pair(options.padding ?? 0);
  const [dilationH, dilationW] = pair(options.dilation ?? 1);
  const K = kh * kw;
  if (Cin % cinPerGroup !== 0)
    throw fail('weight', `shape [${kh},${kw},d,${Cout}] with d dividing Cin = ${Cin}`, weight.shape);
  const groups = options.groups ?? Cin / cinPerGroup;
  if (groups * cinPerGroup !== Cin || Cout % groups !== 0)
    throw fail('groups', `Cin / weight.shape[2] = ${Cin / cinPerGroup}, dividing Cout = ${Cout}`, groups);
  const Ho = Math.floor((H + 2 * padH - dilationH * (kh - 1) - 1) / strideH) + 1;
  const Wo = Math.floor((W + 2 * padW - dilationW * (kw - 1) - 1) / strideW) + 1;
  if (Ho <= 0 || Wo <= 0)
    throw fail('x', `an input large enough for kernel [${kh},${kw}] (output ${Ho}x${Wo})`, x.shape);
  if (
    offset.shape[0] !== N ||
    offset.shape[1] !== Ho ||
    offset.shape[2] !== Wo ||
    offset.shape[3] % (2 * K) !== 0
  ) {
    throw fail('offset', `shape [${N},${Ho},${Wo},2·offsetGroups·${K}]`, offset.shape);
  }
  const G = options.offsetGroups ?? offset.shape[3] / (2 * K);
  if (offset.shape[3] !== 2 * G * K || Cin % G !== 0)
    throw fail(
      'offsetGroups',
      `${offset.shape[3] / (2 * K)} (from the offset channels), dividing Cin = ${Cin}`,
      G,
    );
  const mask = options.mask;
  if (
    mask &&
    (mask.rank !== 4 ||
      mask.shape[0] !== N ||
      mask.shape[1] !== Ho ||
      mask.shape[2] !== Wo ||
      mask.shape[3] !== G * K)
  ) {
    throw fail('mask', `shape [${N},${Ho},${Wo},${G * K}]`, mask.shape);
  }
  if (options.bias && (options.bias.rank !== 1 || options.bias.shape[0] !== Cout))
    throw fail('bias', `shape [${Cout}]`, options.bias.shape);
  return {
    batch: N,
    inHeight: H,
    inWidth: W,
    inChannels: Cin,
    outHeight: Ho,
    outWidth: Wo,
    outChannels: Cout,
    kernelHeight: kh,
    kernelWidth: kw,
    strideHeight: strideH,
    strideWidth: strideW,
    padHeight: padH,
    padWidth: padW,
    dilationHeight: dilationH,
    dilationWidth: dilationW,
    groups,
    offsetGroups: G,
  };
}
