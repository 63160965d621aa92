import * as tf from '@tensorflow/tfjs-core';

/**
 * Scales all gradients so that their global L2 norm is at most `maxNorm` (as
 * `torch.nn.utils.clip_grad_norm_`). Returns the new gradient map (the old tensors are disposed
 * when replaced) and the norm before clipping.
 */
export function clipGradNorm(
  grads: tf.NamedTensorMap,
  maxNorm: number,
): { grads: tf.NamedTensorMap; totalNorm: number } {
  const names = Object.keys(grads);
  const totalNorm = tf.tidy(() =>
    Math.sqrt(tf.addN(names.map((n) => tf.sum(tf.square(grads[n]!)))).dataSync()[0]!),
  );
  const coef = maxNorm / (totalNorm + 1e-6);
  if (coef >= 1) return { grads, totalNorm };
  const out: tf.NamedTensorMap = {};
  for (const n of names) {
    out[n] = tf.mul(grads[n]!, coef);
    grads[n]!.dispose();
  }
  return { grads: out, totalNorm };
}
