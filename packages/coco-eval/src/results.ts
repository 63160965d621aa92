import { CocoEvalError } from './errors';
import { type GroundTruth, parseJsonBytes, readFileBytes, withFileChunks } from './ground-truth';
import { type ScannedResults, scanCocoResultsChunks } from './results-scanner';

/** One COCO result record. */
export interface CocoResult {
  image_id: number;
  category_id: number;
  /** `[x, y, w, h]`. */
  bbox: number[];
  score: number;
  [k: string]: unknown;
}

/** Detections straight from a detector, in columns. */
export interface DetectionArrays {
  imageIds: ArrayLike<number>;
  categoryIds: ArrayLike<number>;
  /** `[N, 4]` xywh (COCO) boxes. */
  boxes: ArrayLike<number>;
  scores: ArrayLike<number>;
}

/** Detections in columns, in input order (their ids are 1..N, as pycocotools' `loadRes`). */
export interface Detections {
  imageId: Float64Array;
  categoryId: Float64Array;
  bbox: Float64Array;
  score: Float64Array;
  /** Always `w * h` (pycocotools overwrites any `area` a record carries). */
  area: Float64Array;
  count: number;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Validates results (a list of `{image_id, category_id, bbox, score}`, a file path, or typed
 * columns from a detector) against the ground truth: detections on unknown images, missing fields,
 * non-finite or negative box sizes and NaN scores are errors naming the record. An empty list is
 * valid. Detections of categories the ground truth does not declare are kept here and ignored by
 * the evaluation (as pycocotools).
 *
 * @example
 * ```ts
 * const dt = loadCocoResults('detections.json', gt);
 * ```
 */
export function loadCocoResults(
  input: CocoResult[] | DetectionArrays | string,
  gt: GroundTruth,
  source = typeof input === 'string' ? input : '<results>',
): Detections {
  const images = new Set(gt.imageIds);
  let data: unknown = input;
  if (typeof input === 'string') {
    // the usual file is scanned in chunks into columns; anything unusual, or an error to report by
    // record, is read again whole and parsed the general way
    const fast = fromScanned(withFileChunks(input, scanCocoResultsChunks), images);
    if (fast) return fast;
    data = parseJsonBytes(input, readFileBytes(input));
  }
  const fail = (record: string, field: string, message: string): never => {
    throw new CocoEvalError({ source, record, field, message });
  };
  if (Array.isArray(data)) {
    const n = data.length;
    const out = alloc(n);
    for (let i = 0; i < n; i++) {
      const r = data[i] as CocoResult;
      const rec = `[${i}]`;
      if (typeof r !== 'object' || r === null) fail(rec, 'record', 'expected an object');
      for (const f of ['image_id', 'category_id', 'score'] as const) if (!(f in r)) fail(rec, f, 'missing');
      if (!('bbox' in r)) fail(rec, 'bbox', 'missing');
      set(out, i, r.image_id, r.category_id, r.bbox, r.score, rec, images, fail);
    }
    return out;
  }
  if (typeof data === 'object' && data !== null && 'scores' in data) {
    const d = data as DetectionArrays;
    const n = d.scores.length;
    if (d.imageIds.length !== n || d.categoryIds.length !== n || d.boxes.length !== 4 * n) {
      fail(
        '',
        'boxes',
        `column lengths disagree: ${n} scores, ${d.imageIds.length} imageIds, ${d.categoryIds.length} categoryIds, ${d.boxes.length / 4} boxes`,
      );
    }
    const out = alloc(n);
    for (let i = 0; i < n; i++) {
      const b = [d.boxes[4 * i]!, d.boxes[4 * i + 1]!, d.boxes[4 * i + 2]!, d.boxes[4 * i + 3]!];
      set(out, i, d.imageIds[i], d.categoryIds[i], b, d.scores[i], `detection ${i}`, images, fail);
    }
    return out;
  }
  return fail('', 'root', 'expected a list of results or detection columns');
}

/** Columns of a scanned file when every record is valid; `null` sends the file to the checking path. */
function fromScanned(s: ScannedResults | null, images: Set<number>): Detections | null {
  if (!s) return null;
  const { bbox, score, imageId, categoryId, count } = s;
  const area = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const w = bbox[4 * i + 2]!;
    const h = bbox[4 * i + 3]!;
    const ok =
      images.has(imageId[i]!) &&
      Number.isFinite(categoryId[i]!) &&
      Number.isFinite(score[i]!) &&
      Number.isFinite(bbox[4 * i]!) &&
      Number.isFinite(bbox[4 * i + 1]!) &&
      Number.isFinite(w) &&
      Number.isFinite(h) &&
      w >= 0 &&
      h >= 0;
    if (!ok) return null;
    area[i] = w * h;
  }
  return { imageId, categoryId, bbox, score, area, count };
}

function alloc(n: number): Detections {
  return {
    imageId: new Float64Array(n),
    categoryId: new Float64Array(n),
    bbox: new Float64Array(4 * n),
    score: new Float64Array(n),
    area: new Float64Array(n),
    count: n,
  };
}

function set(
  out: Detections,
  i: number,
  imageId: unknown,
  categoryId: unknown,
  bbox: unknown,
  score: unknown,
  rec: string,
  images: Set<number>,
  fail: (record: string, field: string, message: string) => never,
): void {
  if (!finite(imageId)) fail(rec, 'image_id', `expected a number, got ${JSON.stringify(imageId)}`);
  if (!images.has(imageId)) fail(rec, 'image_id', `image ${imageId} is not in the ground truth`);
  if (!finite(categoryId)) fail(rec, 'category_id', `expected a number, got ${JSON.stringify(categoryId)}`);
  if (!Array.isArray(bbox) || bbox.length !== 4 || !bbox.every(finite))
    fail(rec, 'bbox', `expected [x, y, w, h] of finite numbers, got ${JSON.stringify(bbox)}`);
  const b = bbox as number[];
  if (b[2]! < 0 || b[3]! < 0) fail(rec, 'bbox', `negative width or height in ${JSON.stringify(b)}`);
  if (!finite(score))
    fail(
      rec,
      'score',
      `expected a finite number, got ${typeof score === 'number' ? String(score) : JSON.stringify(score)}`,
    );
  out.imageId[i] = imageId;
  out.categoryId[i] = categoryId;
  out.bbox.set(b, 4 * i);
  out.score[i] = score;
  out.area[i] = b[2]! * b[3]!;
}
