/**
 * The head's own box coding (not FCOS's l, t, r, b distances): per point, the offset of the box
 * centre from the point and the log of the box size, all in units of the point's stride:
 *
 *   dx = (cx − x) / s,  dy = (cy − y) / s,  lw = log(w / s),  lh = log(h / s).
 *
 * The aligndet assigners speak (l, t, r, b) in stride units (the core-tensor `Assigner` contract),
 * so this file also converts both ways. Plain typed arrays, `[P, 4]` row-major.
 */

/**
 * (l, t, r, b) stride distances → (dx, dy, lw, lh) codes, for every row of `distances` `[P, 4]`.
 * Rows with a non-positive width or height get code 0 (they are never positives).
 *
 * @example
 * ```ts
 * distancesToCodes(new Float32Array([1, 1, 3, 1])); // [1, 0, log 4, log 2]
 * ```
 */
export function distancesToCodes(distances: Float32Array): Float32Array {
  const out = new Float32Array(distances.length);
  for (let p = 0; p < distances.length / 4; p++) {
    const l = distances[4 * p]!;
    const t = distances[4 * p + 1]!;
    const r = distances[4 * p + 2]!;
    const b = distances[4 * p + 3]!;
    if (!(l + r > 0 && t + b > 0)) continue;
    out[4 * p] = (r - l) / 2;
    out[4 * p + 1] = (b - t) / 2;
    out[4 * p + 2] = Math.log(l + r);
    out[4 * p + 3] = Math.log(t + b);
  }
  return out;
}

/**
 * (dx, dy, lw, lh) codes `[P, 4]` → (l, t, r, b) stride distances, clamped at 0: a predicted box
 * whose centre lies so far from the point that the point falls outside it gets a zero distance on
 * that side (the assigner's GIoU expects non-negative distances).
 *
 * @example
 * ```ts
 * codesToDistances(new Float32Array([1, 0, Math.log(4), Math.log(2)])); // [1, 1, 3, 1]
 * ```
 */
export function codesToDistances(codes: Float32Array): Float32Array {
  const out = new Float32Array(codes.length);
  for (let p = 0; p < codes.length / 4; p++) {
    const dx = codes[4 * p]!;
    const dy = codes[4 * p + 1]!;
    const halfW = Math.exp(codes[4 * p + 2]!) / 2;
    const halfH = Math.exp(codes[4 * p + 3]!) / 2;
    out[4 * p] = Math.max(0, halfW - dx);
    out[4 * p + 1] = Math.max(0, halfH - dy);
    out[4 * p + 2] = Math.max(0, halfW + dx);
    out[4 * p + 3] = Math.max(0, halfH + dy);
  }
  return out;
}

/**
 * Codes `[P, 4]` of points at `points` `[P, 2]` (pixels) with `strides` `[P]` → boxes `[P, 4]`,
 * xyxy pixels (for inference and drawing).
 *
 * @example
 * ```ts
 * codesToBoxes(new Float32Array([0, 0, 0, 0]), new Float32Array([4, 4]), new Float32Array([8])); // [0, 0, 8, 8]
 * ```
 */
export function codesToBoxes(codes: Float32Array, points: Float32Array, strides: Float32Array): Float32Array {
  const out = new Float32Array(codes.length);
  for (let p = 0; p < strides.length; p++) {
    const s = strides[p]!;
    const cx = points[2 * p]! + s * codes[4 * p]!;
    const cy = points[2 * p + 1]! + s * codes[4 * p + 1]!;
    const w = s * Math.exp(codes[4 * p + 2]!);
    const h = s * Math.exp(codes[4 * p + 3]!);
    out[4 * p] = cx - w / 2;
    out[4 * p + 1] = cy - h / 2;
    out[4 * p + 2] = cx + w / 2;
    out[4 * p + 3] = cy + h / 2;
  }
  return out;
}
