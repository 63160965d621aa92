import * as tf from '@tensorflow/tfjs-core';

/** Something with numbers: a tensor, a typed array, or (nested) number arrays. */
export type NumericLike = tf.Tensor | ArrayLike<number> | number | NumericLike[];

/** Tolerances: |a − e| ≤ atol + rtol · |e| element-wise. */
export interface Tolerance {
  /** Relative tolerance. Default 1e-5. */
  rtol?: number;
  /** Absolute tolerance. Default 1e-6. */
  atol?: number;
}

/** Flattens a tensor / typed array / nested array into a plain number array (tensors read synchronously). */
export function toNumbers(x: NumericLike): number[] {
  if (x instanceof tf.Tensor) return Array.from(x.dataSync() as ArrayLike<number>);
  if (typeof x === 'number') return [x];
  const out: number[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'number') out.push(v);
    else if (v instanceof tf.Tensor) out.push(...Array.from(v.dataSync() as ArrayLike<number>));
    else for (const e of Array.from(v as ArrayLike<unknown>)) walk(e);
  };
  walk(x);
  return out;
}

/**
 * Asserts that `actual` and `expected` have the same number of elements (and the same shape when
 * both are tensors) and agree within `atol + rtol·|expected|` everywhere. The error names the first
 * failing index, both values and the largest absolute and relative errors.
 *
 * @example
 * ```ts
 * expectTensorsClose(tf.add(a, b), [4, 6], { rtol: 1e-6 });
 * ```
 */
export function expectTensorsClose(actual: NumericLike, expected: NumericLike, tol: Tolerance = {}): void {
  const rtol = tol.rtol ?? 1e-5;
  const atol = tol.atol ?? 1e-6;
  if (actual instanceof tf.Tensor && expected instanceof tf.Tensor) {
    const a = actual.shape.join(',');
    const e = expected.shape.join(',');
    if (a !== e) throw new Error(`expectTensorsClose: shape [${a}] != expected [${e}]`);
  }
  const a = toNumbers(actual);
  const e = toNumbers(expected);
  if (a.length !== e.length)
    throw new Error(`expectTensorsClose: ${a.length} elements != expected ${e.length}`);
  let firstBad = -1;
  let maxAbs = 0;
  let maxRel = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i]!;
    const ei = e[i]!;
    if (Number.isNaN(ai) && Number.isNaN(ei)) continue;
    const d = Math.abs(ai - ei);
    if (!(d <= atol + rtol * Math.abs(ei))) {
      if (firstBad < 0) firstBad = i;
    }
    if (Number.isFinite(d)) {
      maxAbs = Math.max(maxAbs, d);
      if (ei !== 0) maxRel = Math.max(maxRel, d / Math.abs(ei));
    } else if (ai !== ei) {
      maxAbs = Number.POSITIVE_INFINITY;
    }
  }
  if (firstBad >= 0) {
    throw new Error(
      `expectTensorsClose: element ${firstBad}: got ${a[firstBad]}, expected ${e[firstBad]} ` +
        `(rtol ${rtol}, atol ${atol}; max abs err ${maxAbs.toExponential(3)}, max rel err ${maxRel.toExponential(3)}, n=${a.length})`,
    );
  }
}

/** Largest |a − e| / max(|e|, floor) over all elements (a convenient single parity figure). */
export function maxRelativeError(actual: NumericLike, expected: NumericLike, floor = 1e-6): number {
  const a = toNumbers(actual);
  const e = toNumbers(expected);
  if (a.length !== e.length)
    throw new Error(`maxRelativeError: ${a.length} elements != expected ${e.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++)
    m = Math.max(m, Math.abs(a[i]! - e[i]!) / Math.max(Math.abs(e[i]!), floor));
  return m;
}
