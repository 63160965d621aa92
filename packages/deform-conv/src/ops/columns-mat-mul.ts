import * as tf from '@tensorflow/tfjs-core';

/**
 * Batched `cols · w` (`[B, M, K] · [B, K, N]`, M large, K·N small) whose gradients avoid a
 * transposed large operand: tfjs's own `BatchMatMul` gradient multiplies with `transposeA`, which
 * the wasm backend runs ~10–20× slower than a plain product. Here dCols = dy · wᵀ (transposing
 * the small w) and dW = (dyᵀ · cols)ᵀ (transposing dy and the small product).
 */
export const columnsMatMul: (cols: tf.Tensor3D, w: tf.Tensor3D) => tf.Tensor3D = tf.customGrad(
  (...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [cols, w, save] = args as [tf.Tensor3D, tf.Tensor3D, tf.GradSaveFunc];
    save([cols, w]);
    return {
      value: tf.matMul(cols, w),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [c, ww] = saved as [tf.Tensor3D, tf.Tensor3D];
        const d = dy as tf.Tensor3D;
        return [
          tf.matMul(d, tf.transpose(ww, [0, 2, 1])),
          tf.transpose(tf.matMul(tf.transpose(d, [0, 2, 1]), c), [0, 2, 1]),
        ];
      },
    };
  },
) as unknown as (cols: tf.Tensor3D, w: tf.Tensor3D) => tf.Tensor3D;
