import { batchedNms, InvalidArgumentError } from '@aligndet/core-tensor';

/**
 * Options of {@link postprocessDetections}. The defaults are the official FCOS inference (spec §1.7)
 * except for the pixel convention: pass `legacyPixels: true` for the official inclusive-pixel
 * clipping and +1 NMS widths (boxes in aligndet are continuous coordinates by default).
 */
export interface PostprocessOptions {
  /** Candidate threshold. Default 0.05. */
  scoreThreshold?: number;
  /** Threshold σ(cls) alone (`cls`, official) or the final √(σ(cls)·σ(q)) (`score`, torchvision). */
  thresholdOn?: 'cls' | 'score';
  /** Candidates kept per level before NMS. Default 1000. */
  preNmsTopK?: number;
  /** Class-aware NMS IoU threshold. Default 0.6. */
  nmsThreshold?: number;
  /** Detections kept per image. Default 100. */
  maxDetections?: number;
  /**
   * Inclusive-pixel convention of the official code: clip to [0, w − 1] × [0, h − 1] and +1 widths in
   * NMS. Default false: clip to [0, w] × [0, h], torchvision's NMS.
   */
  legacyPixels?: boolean;
  /**
   * Units of `boxDistances`: `'stride'` (training-mode head outputs, default) or `'pixels'` (eval-mode
   * head outputs, already multiplied by the stride).
   */
  distanceUnits?: 'stride' | 'pixels';
}

/** One image's detections. */
export interface Detections {
  /** `[K, 4]` xyxy in input pixels. */
  boxes: Float32Array;
  scores: Float32Array;
  /** Contiguous 0-based class index. */
  labels: Int32Array;
}

/** One image's head outputs as plain arrays (read back once), with its points. */
export interface PostprocessInput {
  /** `[P, C]` logits. */
  clsLogits: Float32Array;
  /** `[P, 4]` (l, t, r, b) distances, in stride units (default) or pixels (`distanceUnits`). */
  boxDistances: Float32Array;
  /** `[P]` quality logits. */
  quality: Float32Array;
  numClasses: number;
  points: Float32Array;
  strides: Float32Array;
  /** First point of each level and P (`[L + 1]`). */
  levelStarts: number[];
  /** `[height, width]` of the resized, un-padded image. */
  imageSize: [number, number];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * FCOS inference on typed arrays (spec §1.7): per level, (point, class) candidates above the
 * threshold, the top `preNmsTopK` by σ(cls)·σ(q); boxes decoded with the stride and clipped; score
 * √(σ(cls)·σ(q)); then class-aware NMS over all levels and the top `maxDetections`.
 *
 * @example
 * ```ts
 * const dets = postprocessDetections({ clsLogits, boxDistances, quality, numClasses: 80, ...gridPoints(sizes, strides), imageSize: [800, 1216] });
 * ```
 */
export function postprocessDetections(input: PostprocessInput, options: PostprocessOptions = {}): Detections {
  const thr = options.scoreThreshold ?? 0.05;
  const onScore = (options.thresholdOn ?? 'cls') === 'score';
  const topK = options.preNmsTopK ?? 1000;
  const legacy = options.legacyPixels ?? false;
  const inPixels = (options.distanceUnits ?? 'stride') === 'pixels';
  const C = input.numClasses;
  const P = input.strides.length;
  const check = (field: string, actual: number, expected: number, what: string) => {
    if (actual !== expected)
      throw new InvalidArgumentError({
        op: 'postprocessDetections',
        field,
        value: actual,
        expected: `${expected} (${what})`,
      });
  };
  check('clsLogits.length', input.clsLogits.length, P * C, 'points × numClasses');
  check('boxDistances.length', input.boxDistances.length, 4 * P, '4 × points');
  check('quality.length', input.quality.length, P, 'points');
  check('points.length', input.points.length, 2 * P, '2 × points');
  check('levelStarts[last]', input.levelStarts[input.levelStarts.length - 1] ?? -1, P, 'points');
  const [h, w] = input.imageSize;
  const maxX = legacy ? w - 1 : w;
  const maxY = legacy ? h - 1 : h;
  const boxes: number[] = [];
  const scores: number[] = [];
  const labels: number[] = [];
  for (let l = 0; l + 1 < input.levelStarts.length; l++) {
    const cand: Array<[number, number, number, number]> = []; // rank key, point, class, score
    for (let p = input.levelStarts[l]!; p < input.levelStarts[l + 1]!; p++) {
      const q = sigmoid(input.quality[p]!);
      for (let c = 0; c < C; c++) {
        const s = sigmoid(input.clsLogits[p * C + c]!);
        const score = Math.sqrt(s * q);
        if ((onScore ? score : s) > thr) cand.push([s * q, p, c, score]);
      }
    }
    cand.sort((a, b) => b[0] - a[0] || a[1] * C + a[2] - (b[1] * C + b[2]));
    for (const [, p, c, score] of cand.slice(0, topK)) {
      const s = inPixels ? 1 : input.strides[p]!;
      const x = input.points[2 * p]!;
      const y = input.points[2 * p + 1]!;
      const d = input.boxDistances;
      const clip = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
      boxes.push(
        clip(x - d[4 * p]! * s, maxX),
        clip(y - d[4 * p + 1]! * s, maxY),
        clip(x + d[4 * p + 2]! * s, maxX),
        clip(y + d[4 * p + 3]! * s, maxY),
      );
      scores.push(score);
      labels.push(c);
    }
  }
  const b = Float32Array.from(boxes);
  const sc = Float32Array.from(scores);
  const lb = Int32Array.from(labels);
  const keep = batchedNms(b, sc, lb, {
    iouThreshold: options.nmsThreshold ?? 0.6,
    maxDetections: options.maxDetections ?? 100,
    legacyPlusOne: legacy,
  });
  return {
    boxes: Float32Array.from(Array.from(keep).flatMap((i) => Array.from(b.subarray(4 * i, 4 * i + 4)))),
    scores: Float32Array.from(keep, (i) => sc[i]!),
    labels: Int32Array.from(keep, (i) => lb[i]!),
  };
}
