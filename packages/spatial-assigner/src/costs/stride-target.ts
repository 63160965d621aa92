/**
 * Writes the regression target (l, t, r, b) of point `p` towards GT `g`, in stride units, into
 * `out[at .. at+4)`: `((x − x1)/s, (y − y1)/s, (x2 − x)/s, (y2 − y)/s)`. `points` is `[P, 2]`,
 * `strides` `[P]`, `boxes` `[G, 4]` xyxy pixels.
 *
 * @example
 * ```ts
 * const t = new Float64Array(4);
 * strideTarget(Float32Array.of(4, 4), Float32Array.of(8), Float32Array.of(2, 2, 6, 6), 0, 0, t, 0); // t = [0.25, 0.25, 0.25, 0.25]
 * ```
 */
export function strideTarget(
  points: ArrayLike<number>,
  strides: ArrayLike<number>,
  boxes: ArrayLike<number>,
  p: number,
  g: number,
  out: Float64Array | Float32Array,
  at: number,
): void {
  const s = strides[p]!;
  const x = points[2 * p]!;
  const y = points[2 * p + 1]!;
  out[at] = (x - boxes[4 * g]!) / s;
  out[at + 1] = (y - boxes[4 * g + 1]!) / s;
  out[at + 2] = (boxes[4 * g + 2]! - x) / s;
  out[at + 3] = (boxes[4 * g + 3]! - y) / s;
}
