import type * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../../errors/index';
import type { GroundTruth, Match, MatchAssigner, PointGeometry } from './match-assigner';

/** A batch of head outputs, flattened per image in the order of the points. */
export interface BatchOutputs {
  /** `[N, P, C]` classification logits. */
  clsLogits: tf.Tensor3D;
  /**
   * `[N, P, 4]` decoded boxes, xyxy pixels; or a function making them, called (and its result
   * disposed) only when the assigner needs predictions. Required for such assigners.
   */
  boxes?: tf.Tensor3D | (() => tf.Tensor3D);
  /** `[N, P]` quality logits, when the head has a quality branch. */
  qualityLogits?: tf.Tensor2D;
}

/**
 * Assigns every image of a batch: the loop every dense head needs. Predictions are read back
 * once, asynchronously, and only when `assigner.requiresPredictions`; each image gets its own
 * slice of them, its ground truth and the shared point geometry. Tensors are not disposed
 * (except a `boxes` function's result).
 *
 * @example
 * ```ts
 * const grid = pointGrid([[80, 80], [40, 40]], [8, 16]);
 * const matches = await assignBatch(assigner, grid, { clsLogits, boxes: () => decode(regression) },
 *   [{ gtBoxes, gtLabels }]);
 * ```
 */
export async function assignBatch(
  assigner: MatchAssigner,
  geometry: PointGeometry,
  outputs: BatchOutputs,
  targets: ReadonlyArray<GroundTruth>,
): Promise<Match[]> {
  const [N, P, C] = outputs.clsLogits.shape;
  const check = (field: string, value: unknown, ok: boolean, expected: string) => {
    if (!ok) throw new InvalidArgumentError({ op: 'assignBatch', field, value, expected });
  };
  check('targets', targets.length, targets.length === N, `${N} (one per image)`);
  check('geometry.strides', geometry.strides.length, geometry.strides.length === P, `${P} points`);
  let logits: Float32Array | undefined;
  let boxes: Float32Array | undefined;
  let quality: Float32Array | undefined;
  if (assigner.requiresPredictions) {
    check(
      'outputs.boxes',
      outputs.boxes,
      outputs.boxes !== undefined,
      `[${N}, ${P}, 4] boxes (${assigner.name} needs predictions)`,
    );
    const made = typeof outputs.boxes === 'function' ? outputs.boxes() : undefined;
    const boxTensor = made ?? (outputs.boxes as tf.Tensor3D);
    try {
      check(
        'outputs.boxes.shape',
        boxTensor.shape,
        boxTensor.shape.join() === [N, P, 4].join(),
        `[${N}, ${P}, 4]`,
      );
      const read = await Promise.all([
        outputs.clsLogits.data() as Promise<Float32Array>,
        boxTensor.data() as Promise<Float32Array>,
        outputs.qualityLogits?.data() as Promise<Float32Array> | undefined,
      ]);
      [logits, boxes, quality] = read;
    } finally {
      made?.dispose();
    }
  }
  return targets.map((gt, n) =>
    assigner.assign({
      ...geometry,
      gtBoxes: gt.gtBoxes,
      gtLabels: gt.gtLabels,
      predictions:
        logits && boxes
          ? {
              numClasses: C,
              clsLogits: logits.subarray(n * P * C, (n + 1) * P * C),
              boxes: boxes.subarray(n * P * 4, (n + 1) * P * 4),
              qualityLogits: quality?.subarray(n * P, (n + 1) * P),
            }
          : undefined,
    }),
  );
}
