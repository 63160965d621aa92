import * as tf from '@tensorflow/tfjs-core';
import '../register-gradients';

/** Options of {@link gradCheck}. */
export interface GradCheckOptions {
  /**
   * The same function as `fn`, written on plain float64 arrays (one per input, flattened
   * row-major, shapes as the inputs). Finite differences are taken on it, so they are free of
   * float32 noise. Without it, differences are taken on `fn` itself (float32: use a larger eps
   * and tolerance).
   */
  reference?: (...inputs: Float64Array[]) => number;
  /** Central-difference step. Default 1e-4 with a float64 reference, 1e-2 without. */
  eps?: number;
  /** Relative tolerance on each gradient element. Default 1e-3. */
  rtol?: number;
  /** Absolute tolerance on each gradient element. Default 1e-4. */
  atol?: number;
  /** Check at most this many elements per input (evenly spread). Default: all. */
  maxElementsPerInput?: number;
  /** Only check these inputs (indices into `inputs`). Default: all. */
  wrt?: number[];
}

/** Per-input largest absolute difference between analytic and numeric gradients. */
export interface GradCheckResult {
  maxAbsError: number[];
  checked: number[];
}

/**
 * Finite-difference gradient check. `fn` maps the input tensors to a scalar with tfjs ops; its
 * gradients (via `tf.grads`) are compared with central differences of `options.reference`
 * (float64 JS) or of `fn`. Throws with the input index, element index and both values on the
 * first mismatch.
 *
 * @example
 * ```ts
 * gradCheck((x) => tf.sum(tf.square(x)), [tf.tensor1d([1, 2])], {
 *   reference: (x) => x.reduce((s, v) => s + v * v, 0),
 * });
 * ```
 */
export function gradCheck(
  fn: (...inputs: tf.Tensor[]) => tf.Scalar,
  inputs: tf.Tensor[],
  options: GradCheckOptions = {},
): GradCheckResult {
  const ref = options.reference;
  const eps = options.eps ?? (ref ? 1e-4 : 1e-2);
  const rtol = options.rtol ?? 1e-3;
  const atol = options.atol ?? 1e-4;
  const wrt = options.wrt ?? inputs.map((_, i) => i);
  const analytic = tf.tidy(() => {
    const g = tf.grads((...xs: tf.Tensor[]) => fn(...xs))(inputs);
    return g.map((t) => Array.from(t.dataSync()));
  });
  const values = inputs.map((t) => Float64Array.from(t.dataSync() as ArrayLike<number>));
  const evaluate = (vals: Float64Array[]): number => {
    if (ref) return ref(...vals);
    return tf.tidy(
      () => fn(...vals.map((v, i) => tf.tensor(Float32Array.from(v), inputs[i]!.shape))).dataSync()[0]!,
    );
  };
  const result: GradCheckResult = { maxAbsError: inputs.map(() => 0), checked: inputs.map(() => 0) };
  for (const i of wrt) {
    const v = values[i]!;
    const n = v.length;
    const count = Math.min(n, options.maxElementsPerInput ?? n);
    for (let c = 0; c < count; c++) {
      const j = count === n ? c : Math.floor((c * n) / count);
      const orig = v[j]!;
      v[j] = orig + eps;
      const fp = evaluate(values);
      v[j] = orig - eps;
      const fm = evaluate(values);
      v[j] = orig;
      const numeric = (fp - fm) / (2 * eps);
      const a = analytic[i]![j]!;
      const d = Math.abs(a - numeric);
      result.maxAbsError[i] = Math.max(result.maxAbsError[i]!, d);
      result.checked[i]! += 1;
      if (!(d <= atol + rtol * Math.abs(numeric))) {
        throw new Error(
          `gradCheck: input ${i}, element ${j}: analytic ${a}, numeric ${numeric} (|diff| ${d.toExponential(3)}, rtol ${rtol}, atol ${atol}, eps ${eps})`,
        );
      }
    }
  }
  return result;
}
