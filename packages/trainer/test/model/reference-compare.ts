import * as tf from '@tensorflow/tfjs-core';
import type { Detections, FcosHead } from '@aligndet/fcos-head';
import { expect } from 'vitest';
import type { Detector } from '../../src/model/detector';

/** Evenly spaced entries of a reference tensor (NHWC, flattened) and its max |value|. */
export interface Samples {
  size: number;
  maxAbs: number;
  index: number[];
  values: number[];
}

/** A reference's detections (flat xyxy boxes). */
export interface RefDetections {
  boxes: number[];
  scores: number[];
  labels: number[];
}

/** Largest error of `ours` at the sampled entries, relative to the reference's max |value|. */
export function stageError(ours: ArrayLike<number>, ref: Samples): number {
  expect(ours.length).toBe(ref.size);
  let m = 0;
  ref.index.forEach((i, j) => {
    m = Math.max(m, Math.abs(ours[i]! - ref.values[j]!));
  });
  return m / ref.maxAbs;
}

/**
 * Per-stage errors of a detector (eval mode) on `x` against the reference's C3–C5, P3–P7 and
 * flattened head outputs; `boxUnit` maps our pixel distances to the reference's unit.
 */
export function stageErrors(
  detector: Detector,
  x: tf.Tensor4D,
  stages: Record<string, Samples>,
  boxUnit: (distances: Float32Array, strides: Float32Array) => ArrayLike<number> = (d) => d,
): Record<string, number> {
  detector.eval();
  const errors: Record<string, number> = {};
  tf.tidy(() => {
    const cs = detector.backbone.forward(x);
    cs.forEach((t, i) => {
      errors[`C${i + 3}`] = stageError(t.dataSync(), stages[`C${i + 3}`]!);
    });
    const ps = detector.fpn.forward(cs);
    ps.forEach((t, i) => {
      errors[`P${i + 3}`] = stageError(t.dataSync(), stages[`P${i + 3}`]!);
    });
    const head = detector.head as FcosHead; // the reference checkpoints are FCOS detectors
    const flat = head.flatten(head.forward(ps));
    const pts = detector.points(ps, [x.shape[1], x.shape[2]]);
    errors.cls = stageError(flat.clsLogits.dataSync(), stages.clsLogits!);
    errors.box = stageError(
      boxUnit(flat.boxDistances.dataSync() as Float32Array, pts.strides),
      stages.boxDistances!,
    );
    errors.ctr = stageError(flat.quality.dataSync(), stages.quality!);
  });
  for (const [k, v] of Object.entries(errors)) expect(v, k).toBeLessThan(1e-4);
  return errors;
}

/**
 * The tolerance of issue 17: same count and labels (after `label`), scores within 1e-4, boxes
 * (× `boxScale` per axis) within 1e-3 relative to max(|ref|, 1). Returns the largest errors.
 */
export function compareDetections(
  ours: Detections,
  ref: RefDetections,
  options: { boxScale?: [number, number]; label?: (l: number) => number } = {},
): { score: number; box: number } {
  const [sx, sy] = options.boxScale ?? [1, 1];
  expect(ours.scores.length).toBe(ref.scores.length);
  expect(Array.from(ours.labels)).toEqual(ref.labels.map(options.label ?? ((l) => l)));
  let score = 0;
  let box = 0;
  ref.scores.forEach((s, i) => {
    score = Math.max(score, Math.abs(ours.scores[i]! - s));
    for (let k = 0; k < 4; k++) {
      const e = ref.boxes[4 * i + k]!;
      const a = ours.boxes[4 * i + k]! * (k % 2 === 0 ? sx : sy);
      box = Math.max(box, Math.abs(a - e) / Math.max(Math.abs(e), 1));
    }
  });
  expect(score).toBeLessThan(1e-4);
  expect(box).toBeLessThan(1e-3);
  return { score, box };
}

/** `C3 1.2e-7, …` for the report. */
export function formatErrors(errors: Record<string, number>): string {
  return Object.entries(errors)
    .map(([k, v]) => `${k} ${v.toExponential(1)}`)
    .join(', ');
}
