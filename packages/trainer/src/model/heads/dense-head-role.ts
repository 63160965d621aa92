import type * as tf from '@tensorflow/tfjs-core';
import type { GroundTruth, Match, Module, PointGrid, PointOffset } from '@aligndet/core-tensor';

/** The losses of one batch: the total for the gradient and its named terms (log keys). */
export interface HeadLosses {
  total: tf.Scalar;
  /** Named terms whose sum is `total` (e.g. `loss_cls`, `loss_reg`, `loss_quality`). */
  parts: Record<string, tf.Scalar>;
  numPositives: number;
}

/** What the post-processing reads of a batch in eval mode. */
export interface InferenceTensors {
  /** `[N, P, C]` class logits. */
  clsLogits: tf.Tensor3D;
  /** `[N, P, 4]` (l, t, r, b) distances from each point, in pixels. */
  distances: tf.Tensor3D;
  /** `[N, P]` quality logits; absent when the head scores by its classifier alone. */
  quality?: tf.Tensor2D;
}

/**
 * How the {@link Detector} drives one head family through core-tensor's v2 seam: the head's
 * flattened outputs, its predictions decoded to pixel boxes for any `MatchAssigner`, its own
 * targets and losses from the matches, and what post-processing reads. One implementation per
 * head family (`fcos-role.ts`, `yolo-style-role.ts`); the detector has one code path for all.
 * `O` is the head's flattened training- or eval-mode outputs, an object of tensors.
 */
export interface DenseHeadRole<O extends object = object> {
  /** The head module (registered as the detector's `head`, so its weight names are the head's). */
  readonly module: Module<tf.Tensor4D[], unknown>;
  readonly numClasses: number;
  /** Stride of each level, in pixels. */
  readonly strides: readonly number[];
  /** Where a cell's point sits, when the detector's conventions leave it to the head. */
  readonly pointOffset: PointOffset;
  /** The head's outputs for a batch, flattened per image in the order of the points. */
  outputs(features: tf.Tensor4D[]): O;
  /** `[N, P, C]` class logits of `out`. */
  clsLogits(out: O): tf.Tensor3D;
  /** `[N, P, 4]` predicted boxes of training-mode `out`, decoded by the head's coder: xyxy pixels. */
  boxes(out: O, grid: PointGrid): tf.Tensor3D;
  /** The losses of training-mode `out` against one match per image (the head encodes the targets). */
  losses(out: O, matches: readonly Match[], grid: PointGrid, targets: readonly GroundTruth[]): HeadLosses;
  /** What post-processing reads of eval-mode `out`. */
  inference(out: O, grid: PointGrid): InferenceTensors;
}
