import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../../errors/index';
import type { GroundTruth, Match, MatchAssigner, PointGeometry } from './match-assigner';

/** A batch of head outputs, flattened per image in the order of the points. */
export interface BatchPredictions {
  /** `[N, P, C]` classification logits. */
  clsLogits: tf.Tensor3D;
  /** `[N, P, 4]` boxes decoded by the head's coder, xyxy pixels. */
  boxes: tf.Tensor3D;
  /** `[N, P]` quality logits, when the head has a quality branch. */
  qualityLogits?: tf.Tensor2D;
}

/**
 * Assigns every image of a batch: the loop every dense head needs. Predictions are read back
 * once, asynchronously, and only when `assigner.requiresPredictions`; each image gets its own
 * slice of them, its ground truth and the shared point geometry. `predictions` may be a function
 * (e.g. a gradient-free forward pass): it is called only when needed, and the tensors it returns
 * are disposed after the read. Tensors passed directly are not disposed.
 *
 * @example
 * ```ts
 * const grid = pointGrid([[80, 80], [40, 40]], [8, 16]);
 * const matches = await assignBatch(assigner, grid, () => head.predict(features), [{ gtBoxes, gtLabels }]);
 * ```
 */
export async function assignBatch(
  assigner: MatchAssigner,
  geometry: PointGeometry,
  predictions: BatchPredictions | (() => BatchPredictions) | undefined,
  targets: ReadonlyArray<GroundTruth>,
): Promise<Match[]> {
  const N = targets.length;
  const P = geometry.strides.length;
  let read: { C: number; logits: Float32Array; boxes: Float32Array; quality?: Float32Array } | undefined;
  if (assigner.requiresPredictions) {
    if (!predictions)
      throw new InvalidArgumentError({
        op: 'assignBatch',
        field: 'predictions',
        value: undefined,
        expected: `cls logits [${N}, ${P}, C] and boxes [${N}, ${P}, 4] (${assigner.name} needs predictions)`,
      });
    const made = typeof predictions === 'function' ? predictions() : undefined;
    const pred = made ?? (predictions as BatchPredictions);
    try {
      const [n, p, C] = pred.clsLogits.shape;
      for (const [field, shape, want] of [
        ['predictions.clsLogits', pred.clsLogits.shape, [N, P, C]],
        ['predictions.boxes', pred.boxes.shape, [N, P, 4]],
        ['predictions.qualityLogits', pred.qualityLogits?.shape ?? [N, P], [N, P]],
      ] as const) {
        if (shape.join() !== want.join() || n !== N || p !== P)
          throw new InvalidArgumentError({
            op: 'assignBatch',
            field,
            value: `[${shape.join(', ')}]`,
            expected: `[${want.join(', ')}] (${N} images, ${P} points)`,
          });
      }
      const [logits, boxes, quality] = await Promise.all([
        pred.clsLogits.data() as Promise<Float32Array>,
        pred.boxes.data() as Promise<Float32Array>,
        pred.qualityLogits?.data() as Promise<Float32Array> | undefined,
      ]);
      read = { C, logits, boxes, ...(quality ? { quality } : {}) };
    } finally {
      if (made) tf.dispose([made.clsLogits, made.boxes, ...(made.qualityLogits ? [made.qualityLogits] : [])]);
    }
  }
  return targets.map((gt, n) =>
    assigner.assign({
      ...geometry,
      gtBoxes: gt.gtBoxes,
      gtLabels: gt.gtLabels,
      predictions: read
        ? {
            numClasses: read.C,
            clsLogits: read.logits.subarray(n * P * read.C, (n + 1) * P * read.C),
            boxes: read.boxes.subarray(n * P * 4, (n + 1) * P * 4),
            ...(read.quality ? { qualityLogits: read.quality.subarray(n * P, (n + 1) * P) } : {}),
          }
        : undefined,
    }),
  );
}
