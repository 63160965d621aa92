import * as tf from '@tensorflow/tfjs-core';
import { DeformIm2Col, type DeformConvGeometry, ModulatedDeformIm2Col } from '../kernel-names';
import { colsShape } from '../kernels/deform-kernel-configs';
import { registerDeformConvKernels } from '../kernels/register-deform-conv-kernels';
import { columnsMatMul } from './columns-mat-mul';
import type { DeformConv2dOptions } from './deform-conv2d-geometry';

/**
 * The fused `deformConv2d` for the `cpu` and `wasm` backends: the deformable im2col kernel writes
 * the sampled columns `[groups, N·Ho·Wo, kh·kw·Cin/groups]` from typed arrays, and a batched
 * `tf.matMul` with the weight (XNNPACK on wasm) gives the output. Backward: two more matMuls give
 * dCols = dy·Wᵀ and dW = (dyᵀ·cols)ᵀ (`columnsMatMul`), and the col2im kernel gives dx, dOffset
 * and dMask. `g` comes from `deformConv2dGeometry`.
 */
export function deformConv2dFused(
  x: tf.Tensor4D,
  offset: tf.Tensor4D,
  weight: tf.Tensor4D,
  options: DeformConv2dOptions,
  g: DeformConvGeometry,
): tf.Tensor4D {
  registerDeformConvKernels();
  const { groups, outChannels: Cout } = g;
  return tf.tidy(() => {
    const f32 = <T extends tf.Tensor>(t: T): T => (t.dtype === 'float32' ? t : (tf.cast(t, 'float32') as T));
    const inputs: tf.NamedTensorMap = { x: f32(x), offset: f32(offset) };
    if (options.mask) inputs.mask = f32(options.mask);
    const attrs = g as unknown as tf.NamedAttrMap;
    const cols = tf
      .engine()
      .runKernel<tf.Tensor>(
        options.mask ? ModulatedDeformIm2Col : DeformIm2Col,
        inputs,
        attrs,
      ) as tf.Tensor3D;
    const [, , rowLen] = colsShape(g);
    const coutPerGroup = Cout / groups;
    const wf = f32(weight);
    const w =
      groups === 1
        ? tf.reshape(wf, [1, rowLen, Cout])
        : tf.transpose(tf.reshape(wf, [rowLen, groups, coutPerGroup]), [1, 0, 2]);
    let out: tf.Tensor = columnsMatMul(cols, w as tf.Tensor3D); // [groups, N·Ho·Wo, Cout/groups]
    if (groups > 1) out = tf.transpose(out, [1, 0, 2]);
    let y = tf.reshape(out, [g.batch, g.outHeight, g.outWidth, Cout]) as tf.Tensor4D;
    if (options.bias) y = tf.add(y, options.bias) as tf.Tensor4D;
    return y;
  });
}
