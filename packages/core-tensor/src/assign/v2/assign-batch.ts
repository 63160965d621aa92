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
  if (!assigner.requiresPredictions) return assignEach(assigner, geometry, undefined, targets);
  return withPredictions('assignBatch', assigner, geometry, predictions, targets, async (pred, C) => {
    const [logits, boxes, quality] = await Promise.all([
      pred.clsLogits.data() as Promise<Float32Array>,
      pred.boxes.data() as Promise<Float32Array>,
      pred.qualityLogits?.data() as Promise<Float32Array> | undefined,
    ]);
    return assignEach(assigner, geometry, { C, logits, boxes, ...(quality ? { quality } : {}) }, targets);
  });
}

/**
 * {@link assignBatch} with a synchronous read-back, for code inside a gradient tape (the loss of
 * a step whose assigner needs this step's own predictions). Only for backends whose tensors live
 * in CPU memory (cpu, wasm, tfjs-node): on webgl/webgpu a synchronous read stalls the GPU, so
 * assign before the step with {@link assignBatch} instead.
 *
 * @example
 * ```ts
 * const matches = assignBatchSync(assigner, grid, { clsLogits, boxes }, [{ gtBoxes, gtLabels }]);
 * ```
 */
export function assignBatchSync(
  assigner: MatchAssigner,
  geometry: PointGeometry,
  predictions: BatchPredictions | (() => BatchPredictions) | undefined,
  targets: ReadonlyArray<GroundTruth>,
): Match[] {
  if (!assigner.requiresPredictions) return assignEach(assigner, geometry, undefined, targets);
  return withPredictions('assignBatchSync', assigner, geometry, predictions, targets, (pred, C) =>
    assignEach(
      assigner,
      geometry,
      {
        C,
        logits: pred.clsLogits.dataSync() as Float32Array,
        boxes: pred.boxes.dataSync() as Float32Array,
        ...(pred.qualityLogits ? { quality: pred.qualityLogits.dataSync() as Float32Array } : {}),
      },
      targets,
    ),
  );
}

/** What the batch's predictions read back to. */
interface ReadPredictions {
  C: number;
  logits: Float32Array;
  boxes: Float32Array;
  quality?: Float32Array;
}

/**
 * Resolves `predictions` (calling it when it is a function), checks its shapes against the batch,
 * runs `use`, and disposes what the function made, also when `use` throws.
 */
function withPredictions<R>(
  op: string,
  assigner: MatchAssigner,
  geometry: PointGeometry,
  predictions: BatchPredictions | (() => BatchPredictions) | undefined,
  targets: ReadonlyArray<GroundTruth>,
  use: (pred: BatchPredictions, numClasses: number) => R,
): R {
  const N = targets.length;
  const P = geometry.strides.length;
  if (!predictions)
    throw new InvalidArgumentError({
      op,
      field: 'predictions',
      value: undefined,
      expected: `cls logits [${N}, ${P}, C] and boxes [${N}, ${P}, 4] (${assigner.name} needs predictions)`,
    });
  const made = typeof predictions === 'function' ? predictions() : undefined;
  const pred = made ?? (predictions as BatchPredictions);
  const dispose = () => {
    if (made) tf.dispose([made.clsLogits, made.boxes, ...(made.qualityLogits ? [made.qualityLogits] : [])]);
  };
  let result: R;
  try {
    const [n, p, C] = pred.clsLogits.shape;
    for (const [field, shape, want] of [
      ['predictions.clsLogits', pred.clsLogits.shape, [N, P, C]],
      ['predictions.boxes', pred.boxes.shape, [N, P, 4]],
      ['predictions.qualityLogits', pred.qualityLogits?.shape ?? [N, P], [N, P]],
    ] as const) {
      if (shape.join() !== want.join() || n !== N || p !== P)
        throw new InvalidArgumentError({
          op,
          field,
          value: `[${shape.join(', ')}]`,
          expected: `[${want.join(', ')}] (${N} images, ${P} points)`,
        });
    }
    result = use(pred, C);
  } catch (error) {
    dispose();
    throw error;
  }
  // an asynchronous read must finish before the tensors go
  if (result instanceof Promise) return result.finally(dispose) as R;
  dispose();
  return result;
}

/** Each image's assignment with its slice of the read-back predictions. */
function assignEach(
  assigner: MatchAssigner,
  geometry: PointGeometry,
  read: ReadPredictions | undefined,
  targets: ReadonlyArray<GroundTruth>,
): Match[] {
  const P = geometry.strides.length;
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
