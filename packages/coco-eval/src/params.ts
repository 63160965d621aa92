/**
 * `np.linspace(start, stop, num)` exactly: value i is `i * ((stop - start) / (num - 1)) + start`
 * and the last is `stop`. pycocotools' thresholds are these values, not decimal literals (e.g. the
 * 9th IoU threshold is 0.8999999999999999), and matching at a threshold depends on the last bit.
 */
export function linspace(start: number, stop: number, num: number): number[] {
  if (num === 1) return [start];
  const step = (stop - start) / (num - 1);
  const out = Array.from({ length: num }, (_, i) => i * step + start);
  out[num - 1] = stop;
  return out;
}

/** Evaluation parameters, as pycocotools' `Params` for iouType `bbox`. */
export interface CocoEvalParams {
  /** IoU thresholds. Default `linspace(0.5, 0.95, 10)`. */
  iouThrs: number[];
  /** Recall thresholds. Default `linspace(0, 1, 101)`. */
  recThrs: number[];
  /** Detections kept per (image, category). Default [1, 10, 100]. */
  maxDets: number[];
  /** Area ranges `[min, max]` (inclusive), on the GT `area` field. Default all/small/medium/large. */
  areaRng: Array<[number, number]>;
  /** Labels of `areaRng`. Default ['all', 'small', 'medium', 'large']. */
  areaRngLbl: string[];
  /** Evaluate per category (1, default) or pool categories (0). */
  useCats: 0 | 1;
  /** Images to evaluate. Default: every image of the ground truth (sorted). */
  imgIds?: number[];
  /** Categories to evaluate. Default: every category of the ground truth (sorted). */
  catIds?: number[];
}

/** pycocotools' defaults for bbox evaluation. */
export function defaultParams(): CocoEvalParams {
  return {
    iouThrs: linspace(0.5, 0.95, Math.round((0.95 - 0.5) / 0.05) + 1),
    recThrs: linspace(0.0, 1.0, Math.round((1.0 - 0.0) / 0.01) + 1),
    maxDets: [1, 10, 100],
    areaRng: [
      [0, 1e5 ** 2],
      [0, 32 ** 2],
      [32 ** 2, 96 ** 2],
      [96 ** 2, 1e5 ** 2],
    ],
    areaRngLbl: ['all', 'small', 'medium', 'large'],
    useCats: 1,
  };
}
