import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { type CocoEvalResult, type CocoResult, evaluateCoco } from '@aligndet/coco-eval';
import type { Detections } from '@aligndet/fcos-head';
import type { CocoDataset } from '../data/coco-dataset';
import { DataLoader } from '../data/data-loader';
import type { Normalization } from '../data/transforms/normalize';
import type { Detector } from '../model/detector';
import { detectionsToCocoResults } from './detections-to-coco';

/** Options of {@link evaluateDetector}. */
export interface EvaluateOptions {
  minSize: number;
  maxSize: number;
  normalization: Normalization;
  batchSize: number;
  /**
   * COCO category id of each class index of the detector. Default: the dataset's own (right when
   * the detector was trained on it); pass the run's ids for any other dataset (see `matchCategories`).
   */
  categoryIds?: readonly number[];
}

/**
 * Runs the detector over a COCO dataset and evaluates it with pycocotools-exact COCO metrics.
 * Returns the evaluation, the COCO results list (boxes in original-image pixels, COCO category ids)
 * and the raw detections per image id.
 */
export async function evaluateDetector(
  detector: Detector,
  dataset: CocoDataset,
  o: EvaluateOptions,
): Promise<{
  evaluation: CocoEvalResult;
  results: CocoResult[];
  detections: Map<number, Detections & { scale: [number, number] }>;
}> {
  const loader = new DataLoader(dataset, {
    batchSize: o.batchSize,
    shuffle: false,
    seed: 0,
    minSize: o.minSize,
    maxSize: o.maxSize,
    flipProbability: 0,
    normalization: o.normalization,
  });
  const ids = o.categoryIds ?? dataset.categoryIds;
  const results: CocoResult[] = [];
  const detections = new Map<number, Detections & { scale: [number, number] }>();
  for await (const batch of loader.epoch(0)) {
    const images = tf.tensor4d(batch.images, batch.shape);
    const dets = detector.predict(
      images,
      batch.samples.map((s) => [s.height, s.width] as [number, number]),
    );
    images.dispose();
    batch.samples.forEach((s, i) => {
      const scale: [number, number] = [s.originalWidth / s.width, s.originalHeight / s.height];
      detections.set(s.imageId, { ...dets[i]!, scale });
      results.push(...detectionsToCocoResults(dets[i]!, s.imageId, scale, (c) => ids[c]!));
    });
  }
  const gt = JSON.parse(readFileSync(dataset.annotationFile, 'utf8'));
  // classes the annotations do not have cannot be scored: their detections are left out
  const present = new Set(dataset.categoryIds);
  const scored = results.filter((r) => present.has(r.category_id));
  return { evaluation: evaluateCoco(gt, scored), results: scored, detections };
}
