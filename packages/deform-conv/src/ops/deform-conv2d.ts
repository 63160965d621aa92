import type * as tf from '@tensorflow/tfjs-core';
import { bilinearSampleAutodiff, bilinearSampleGatherBackward } from './bilinear-sample';
import { deformConv2dComposite } from './deform-conv2d-composite';
import { deformConv2dFused } from './deform-conv2d-fused';
import { type DeformConv2dOptions, deformConv2dGeometry } from './deform-conv2d-geometry';
import { resolveDeformConvImplementation } from './deform-conv-implementation';

export type { DeformConv2dOptions } from './deform-conv2d-geometry';

/**
 * Deformable convolution (Dai et al., 2017; modulated: Zhu et al., 2019) with the semantics of
 * `torchvision.ops.deform_conv2d`, channels-last. For offset group g and kernel tap k = i·kw + j,
 * offset channel 2·(g·kh·kw + k) is the row (y) displacement and 2·(g·kh·kw + k) + 1 the column
 * (x) displacement, in input pixels; mask channel g·kh·kw + k. Samples are bilinear with zeros
 * outside the input (a sample at or beyond −1 / H contributes nothing). Gradients with respect to
 * every input, on every backend. On the `cpu` and `wasm` backends a fused typed-array kernel runs
 * (forward and backward), on webgl and webgpu a composite of tfjs-core ops with a scatter-free
 * backward, elsewhere the composite with tfjs autodiff; see {@link setDeformConvImplementation}.
 *
 * @param x `[N, H, W, Cin]`
 * @param offset `[N, Ho, Wo, 2·offsetGroups·kh·kw]`
 * @param weight `[kh, kw, Cin / groups, Cout]` (tf.conv2d's filter layout)
 * @returns `[N, Ho, Wo, Cout]`
 *
 * @example
 * ```ts
 * const y = deformConv2d(x, offset, weight, { padding: 1, mask }); // x [2,32,32,64], offset [2,32,32,18], mask [2,32,32,9]
 * ```
 */
export function deformConv2d(
  x: tf.Tensor4D,
  offset: tf.Tensor4D,
  weight: tf.Tensor4D,
  options: DeformConv2dOptions = {},
): tf.Tensor4D {
  const g = deformConv2dGeometry(x, offset, weight, options);
  const implementation = resolveDeformConvImplementation();
  if (implementation === 'fused') return deformConv2dFused(x, offset, weight, options, g);
  const sample = implementation === 'gather' ? bilinearSampleGatherBackward : bilinearSampleAutodiff;
  return deformConv2dComposite(x, offset, weight, options, g, sample);
}
