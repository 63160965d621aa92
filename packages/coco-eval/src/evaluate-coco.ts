import { type Accumulated, accumulateCategory, allocAccumulated } from './accumulate';
import { CocoEvalError } from './errors';
import { allocCategoryEvaluation, evaluateGroup } from './evaluate-images';
import { type CocoGroundTruthJson, type GroundTruth, loadCocoGroundTruth } from './ground-truth';
import { type CocoEvalParams, defaultParams } from './params';
import { type CocoResult, type DetectionArrays, type Detections, loadCocoResults } from './results';
import { formatSummary, STAT_DEFINITIONS, summarizeOne } from './summarize';

/** Per-category summary (area all, maxDets 100, or the largest maxDets). */
export interface CategoryMetrics {
  ap: number;
  ap50: number;
  ap75: number;
  ar100: number;
}

/** Everything an evaluation produces. */
export interface CocoEvalResult {
  /** The 12 summary numbers in pycocotools' order (AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl). */
  stats: number[];
  /** Keyed by category id (as a string). −1 where the category has no GT. */
  perCategory: Record<string, CategoryMetrics>;
  /** pycocotools' `eval['precision']`, `['recall']`, `['scores']`, row-major, with their shape. */
  precision: Float64Array;
  recall: Float64Array;
  scores: Float64Array;
  shape: Accumulated['shape'];
  /** The parameters used (defaults filled in, ids sorted). */
  params: Required<CocoEvalParams>;
  /** The summary in pycocotools' 12-line layout. */
  summary: string;
}

/** Options of {@link evaluateCoco}: any of pycocotools' `Params` fields. */
export type CocoEvalOptions = Partial<CocoEvalParams>;

const sortedUnique = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);

function isGroundTruth(x: unknown): x is GroundTruth {
  return (
    typeof x === 'object' && x !== null && 'bbox' in x && (x as GroundTruth).bbox instanceof Float64Array
  );
}

function isDetections(x: unknown): x is Detections {
  return (
    typeof x === 'object' && x !== null && 'score' in x && (x as Detections).score instanceof Float64Array
  );
}

/** Counting sort of records into `numKeys` buckets by `keyOf` (−1 = dropped), stable. */
function bucket(
  count: number,
  numKeys: number,
  keyOf: (i: number) => number,
): { start: Int32Array; items: Int32Array; position: Int32Array } {
  const keys = new Int32Array(count);
  const start = new Int32Array(numKeys + 1);
  for (let i = 0; i < count; i++) {
    const k = keyOf(i);
    keys[i] = k;
    if (k >= 0) start[k + 1]!++;
  }
  for (let k = 0; k < numKeys; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, numKeys);
  const items = new Int32Array(start[numKeys]!);
  // position[i]: where item i went in `items` (−1 when it is in no bucket)
  const position = keys;
  for (let i = 0; i < count; i++) {
    const k = keys[i]!;
    if (k < 0) continue;
    const j = fill[k]!++;
    items[j] = i;
    position[i] = j;
  }
  return { start, items, position };
}

/**
 * COCO bbox evaluation with pycocotools' exact numbers (every behaviour of `COCOeval` for iouType
 * `bbox`: IoU arithmetic, linspace thresholds, crowd matching, tie orders, per-(image, category)
 * maxDets, area ranges on the GT `area` field, −1 for no GT). Ground truth and detections may be
 * parsed JSON, file paths, or columns; an empty detection list is valid.
 *
 * @example
 * ```ts
 * import { evaluateCoco } from '@aligndet/coco-eval';
 * const { stats, perCategory, summary } = evaluateCoco('instances_val2017.json', 'detections.json');
 * console.log(summary); // the 12 lines pycocotools prints
 * stats[0]; // AP@[.50:.95]
 * ```
 */
export function evaluateCoco(
  groundTruth: GroundTruth | CocoGroundTruthJson | string,
  detections: Detections | CocoResult[] | DetectionArrays | string,
  options: CocoEvalOptions = {},
): CocoEvalResult {
  const gt = isGroundTruth(groundTruth) ? groundTruth : loadCocoGroundTruth(groundTruth);
  const dt = isDetections(detections) ? detections : loadCocoResults(detections, gt);
  const p = resolveParams(gt, options);
  const acc = allocAccumulatedFor(p);
  evaluateCategories(gt, dt, p, allCategories(p), acc);
  return finishEvaluation(acc, p);
}

/** The parameters of an evaluation: `options` over the defaults, ids sorted; bad options throw. */
export function resolveParams(gt: GroundTruth, options: CocoEvalOptions = {}): Required<CocoEvalParams> {
  const d = defaultParams();
  const p: Required<CocoEvalParams> = {
    iouThrs: options.iouThrs ?? d.iouThrs,
    recThrs: options.recThrs ?? d.recThrs,
    maxDets: [...(options.maxDets ?? d.maxDets)].sort((a, b) => a - b),
    areaRng: options.areaRng ?? d.areaRng,
    areaRngLbl: options.areaRngLbl ?? d.areaRngLbl,
    useCats: options.useCats ?? 1,
    imgIds: sortedUnique(options.imgIds ?? gt.imageIds),
    catIds: sortedUnique(options.catIds ?? gt.categoryIds),
  };
  if (p.areaRng.length !== p.areaRngLbl.length) {
    throw new CocoEvalError({
      source: 'options',
      field: 'areaRngLbl',
      message: `${p.areaRngLbl.length} labels for ${p.areaRng.length} area ranges`,
    });
  }
  if (p.maxDets.length === 0)
    throw new CocoEvalError({ source: 'options', field: 'maxDets', message: 'needs at least one value' });
  return p;
}

/** Number of accumulated categories K: the category count, or 1 with useCats = 0. */
export function accumulatedCategories(p: Required<CocoEvalParams>): number {
  return p.useCats ? p.catIds.length : 1;
}

/** The result arrays of an evaluation with parameters `p`, filled with −1. */
export function allocAccumulatedFor(p: Required<CocoEvalParams>): Accumulated {
  return allocAccumulated(
    p.iouThrs.length,
    p.recThrs.length,
    accumulatedCategories(p),
    p.areaRng.length,
    p.maxDets.length,
  );
}

/** Every accumulated category index 0 … K − 1. */
export function allCategories(p: Required<CocoEvalParams>): number[] {
  return Array.from({ length: accumulatedCategories(p) }, (_, k) => k);
}

/**
 * Score, area and box of the detections at their positions in `b.items` (bucket order), read in
 * file order and written where they go (independent stores, sequential loads).
 */
function gatherDetections(dt: Detections, b: { position: Int32Array; items: Int32Array }): Detections {
  const n = b.items.length;
  const score = new Float64Array(n);
  const area = new Float64Array(n);
  const bbox = new Float64Array(4 * n);
  const position = b.position;
  for (let v = 0; v < dt.count; v++) {
    const j = position[v]!;
    if (j < 0) continue;
    score[j] = dt.score[v]!;
    area[j] = dt.area[v]!;
    bbox[4 * j] = dt.bbox[4 * v]!;
    bbox[4 * j + 1] = dt.bbox[4 * v + 1]!;
    bbox[4 * j + 2] = dt.bbox[4 * v + 2]!;
    bbox[4 * j + 3] = dt.bbox[4 * v + 3]!;
  }
  return { ...dt, score, area, bbox, count: n };
}

/**
 * Evaluates and accumulates the categories `ks` (indices into `p.catIds`, or 0 with useCats = 0)
 * into `acc`: every other category's entries are left as they are, so disjoint sets of categories
 * can be evaluated separately (e.g. on worker threads) and merged.
 */
export function evaluateCategories(
  gt: GroundTruth,
  dt: Detections,
  p: Required<CocoEvalParams>,
  ks: readonly number[],
  acc: Accumulated,
): void {
  const I = p.imgIds.length;
  const C = p.catIds.length;
  const imgIndex = new Map(p.imgIds.map((v, i) => [v, i]));
  const catIndex = new Map(p.catIds.map((v, i) => [v, i]));
  // groups: per category then image (useCats), or per image with categories in order (pooled)
  const keyOf = (img: Float64Array, cat: Float64Array) => (i: number) => {
    const ii = imgIndex.get(img[i]!);
    const ci = catIndex.get(cat[i]!);
    if (ii === undefined || ci === undefined) return -1;
    return p.useCats ? ci * I + ii : ii * C + ci;
  };
  const gtB = bucket(gt.count, I * C, keyOf(gt.imageId, gt.categoryId));
  const dtB = bucket(dt.count, I * C, keyOf(dt.imageId, dt.categoryId));

  // The detections of these categories gathered into bucket order: a category's detections are
  // scattered over the file (it is ordered by image), and reading score, area and box of each one
  // where it lies missed the cache on nearly every access; one gather pass reads them
  // independently, and the groups then read contiguous memory. Counting sort is stable, so a
  // group's detections keep their file order (the score sort's tie order).
  const sorted = gatherDetections(dt, dtB);
  const sortedItems = new Int32Array(dtB.items.length);
  for (let j = 0; j < sortedItems.length; j++) sortedItems[j] = j;

  const T = p.iouThrs.length;
  const A = p.areaRng.length;
  const maxDetLast = p.maxDets[p.maxDets.length - 1]!;
  // the buckets of group (k, i) are lo .. hi − 1 (one per group with useCats, all C of the image pooled)
  const groupLo = (k: number, i: number) => (p.useCats ? k * I + i : i * C);
  const span = p.useCats ? 1 : C;
  for (const k of ks) {
    let capacity = 0;
    for (let i = 0; i < I; i++) {
      const lo = groupLo(k, i);
      capacity += Math.min(dtB.start[lo + span]! - dtB.start[lo]!, maxDetLast);
    }
    const ev = allocCategoryEvaluation(capacity, A, T);
    for (let i = 0; i < I; i++) {
      const lo = groupLo(k, i);
      const hi = lo + span;
      const g0 = gtB.start[lo]!;
      const g1 = gtB.start[hi]!;
      const d0 = dtB.start[lo]!;
      const d1 = dtB.start[hi]!;
      if (g0 === g1 && d0 === d1) continue;
      evaluateGroup(gt, sorted, gtB.items, g0, g1, sortedItems, d0, d1, p, ev);
    }
    accumulateCategory(ev, k, p, acc);
  }
}

/** The summary stats, per-category metrics and text of accumulated arrays. */
export function finishEvaluation(acc: Accumulated, p: Required<CocoEvalParams>): CocoEvalResult {
  const stats = STAT_DEFINITIONS.map((s) => {
    const maxDets = p.maxDets[s.maxDetIndex];
    return maxDets === undefined ? -1 : summarizeOne(acc, p, s.ap, s.iouThr, s.area, maxDets);
  });
  const perCategory: Record<string, CategoryMetrics> = {};
  if (p.useCats) {
    const maxDets = p.maxDets.includes(100) ? 100 : p.maxDets[p.maxDets.length - 1]!;
    p.catIds.forEach((catId, k) => {
      perCategory[String(catId)] = {
        ap: summarizeOne(acc, p, true, null, 'all', maxDets, k),
        ap50: summarizeOne(acc, p, true, 0.5, 'all', maxDets, k),
        ap75: summarizeOne(acc, p, true, 0.75, 'all', maxDets, k),
        ar100: summarizeOne(acc, p, false, null, 'all', maxDets, k),
      };
    });
  }
  return {
    stats,
    perCategory,
    precision: acc.precision,
    recall: acc.recall,
    scores: acc.scores,
    shape: acc.shape,
    params: p,
    summary: formatSummary(stats, p),
  };
}
