import { InvalidArgumentError } from '../errors/invalid-argument-error';

/** Options of {@link batchedNms}. */
export interface BatchedNmsOptions {
  /** A box is suppressed when its IoU with a higher-scored kept box of the same class is > this. */
  iouThreshold: number;
  /** Boxes with score <= this are dropped first. Default: none dropped. */
  scoreThreshold?: number;
  /** Only the `preNmsTopK` highest scores enter NMS. Default: all. */
  preNmsTopK?: number;
  /** At most this many boxes are kept. Default: all. */
  maxDetections?: number;
  /**
   * Use the +1 pixel convention in IoU (width = x2 − x1 + 1), as maskrcnn-benchmark and the
   * official FCOS inference do. Default false (torchvision).
   */
  legacyPlusOne?: boolean;
}

/** Indices 0..n−1 sorted by decreasing score; ties keep the lower index first (stable). */
function order(scores: ArrayLike<number>, indices: Int32Array): Int32Array {
  return indices.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/**
 * Class-aware non-maximum suppression on typed arrays (boxes of different classes never suppress
 * each other), matching `torchvision.ops.batched_nms`. Returns the kept indices into the input,
 * by decreasing score.
 *
 * @param boxes `[N, 4]` xyxy
 * @param scores `[N]`
 * @param classes `[N]` class of each box
 *
 * @example
 * ```ts
 * const keep = batchedNms(boxes, scores, labels, { iouThreshold: 0.6, maxDetections: 100 });
 * ```
 */
export function batchedNms(
  boxes: Float32Array,
  scores: Float32Array,
  classes: Int32Array,
  options: BatchedNmsOptions,
): Int32Array {
  const n = scores.length;
  if (boxes.length !== 4 * n)
    throw new InvalidArgumentError({
      op: 'batchedNms',
      field: 'boxes',
      value: boxes.length,
      expected: `${4 * n} numbers ([N, 4] for N = ${n} scores)`,
    });
  if (classes.length !== n)
    throw new InvalidArgumentError({
      op: 'batchedNms',
      field: 'classes',
      value: classes.length,
      expected: `${n} classes`,
    });
  const thr = options.scoreThreshold ?? Number.NEGATIVE_INFINITY;
  let candidates = 0;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) if (scores[i]! > thr) idx[candidates++] = i;
  let sorted = order(scores, idx.subarray(0, candidates));
  if (options.preNmsTopK !== undefined && sorted.length > options.preNmsTopK)
    sorted = sorted.subarray(0, options.preNmsTopK);
  const one = options.legacyPlusOne ? 1 : 0;
  const maxDet = options.maxDetections ?? Number.POSITIVE_INFINITY;
  const area = new Float64Array(n);
  for (const i of sorted)
    area[i] = (boxes[4 * i + 2]! - boxes[4 * i]! + one) * (boxes[4 * i + 3]! - boxes[4 * i + 1]! + one);
  // kept boxes per class, checked against each new candidate of that class
  const keptByClass = new Map<number, number[]>();
  const keep: number[] = [];
  for (const i of sorted) {
    if (keep.length >= maxDet) break;
    const c = classes[i]!;
    let list = keptByClass.get(c);
    if (!list) {
      list = [];
      keptByClass.set(c, list);
    }
    const x1 = boxes[4 * i]!;
    const y1 = boxes[4 * i + 1]!;
    const x2 = boxes[4 * i + 2]!;
    const y2 = boxes[4 * i + 3]!;
    let suppressed = false;
    for (const k of list) {
      const w = Math.min(x2, boxes[4 * k + 2]!) - Math.max(x1, boxes[4 * k]!) + one;
      const h = Math.min(y2, boxes[4 * k + 3]!) - Math.max(y1, boxes[4 * k + 1]!) + one;
      if (w <= 0 || h <= 0) continue;
      const inter = w * h;
      if (inter / (area[i]! + area[k]! - inter) > options.iouThreshold) {
        suppressed = true;
        break;
      }
    }
    if (!suppressed) {
      list.push(i);
      keep.push(i);
    }
  }
  return Int32Array.from(keep);
}

/** Single-class NMS: {@link batchedNms} with every box in one class. */
export function nms(boxes: Float32Array, scores: Float32Array, options: BatchedNmsOptions): Int32Array {
  return batchedNms(boxes, scores, new Int32Array(scores.length), options);
}
