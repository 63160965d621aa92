import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bboxIou } from '../src/bbox-iou';
import {
  type CocoGroundTruthJson,
  type CocoResult,
  CocoEvalError,
  defaultParams,
  evaluateCoco,
  linspace,
} from '../src/index';
import { formatFixed3 } from '../src/summarize';

/** One image 200x200, categories 1 and 2. */
function gtWith(
  anns: Array<Partial<CocoGroundTruthJson['annotations'][number]>>,
  images = [1],
): CocoGroundTruthJson {
  return {
    images: images.map((id) => ({ id, width: 200, height: 200 })),
    categories: [
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ],
    annotations: anns.map((a, i) => {
      const bbox = a.bbox ?? [0, 0, 10, 10];
      return { id: i + 1, image_id: 1, category_id: 1, iscrowd: 0, area: bbox[2]! * bbox[3]!, bbox, ...a };
    }) as CocoGroundTruthJson['annotations'],
  };
}
const det = (bbox: number[], score: number, extra: Partial<CocoResult> = {}): CocoResult => ({
  image_id: 1,
  category_id: 1,
  bbox,
  score,
  ...extra,
});

describe('thresholds are numpy linspace values', () => {
  it('iouThrs[8] = 0.8999999999999999, recThrs[35] = 0.35000000000000003', () => {
    const p = defaultParams();
    expect(p.iouThrs[8]).toBe(0.8999999999999999);
    expect(p.iouThrs[5]).toBe(0.75);
    expect(p.recThrs[35]).toBe(0.35000000000000003);
    expect(p.recThrs[100]).toBe(1);
    expect(linspace(0, 1, 3)).toEqual([0, 0.5, 1]);
  });
});

describe('matching', () => {
  it('IoU in maskApi order; a crowd GT uses the detection area as union', () => {
    const dt = Float64Array.from([0, 0, 10, 10]);
    const gt = Float64Array.from([5, 0, 10, 10]);
    expect(bboxIou(dt, 0, gt, 0, false)).toBeCloseTo(50 / 150, 15);
    expect(bboxIou(dt, 0, gt, 0, true)).toBeCloseTo(50 / 100, 15);
  });

  it('detections on a crowd region are ignored, not false positives, and many may match it', () => {
    const gt = gtWith([{ bbox: [0, 0, 100, 100], iscrowd: 1 }, { bbox: [150, 150, 20, 20] }]);
    const r = evaluateCoco(gt, [
      det([150, 150, 20, 20], 0.5),
      det([10, 10, 30, 30], 0.9),
      det([50, 50, 30, 30], 0.8),
    ]);
    expect(r.perCategory['1']!.ap).toBeCloseTo(1, 12); // the two crowd matches cost nothing
  });

  it('an unmatched detection is a false positive that lowers AP', () => {
    const r = evaluateCoco(gtWith([{ bbox: [150, 150, 20, 20] }]), [
      det([150, 150, 20, 20], 0.5),
      det([10, 10, 30, 30], 0.9),
    ]);
    expect(r.perCategory['1']!.ap).toBeCloseTo(0.5, 12);
  });

  it('maxDets applies per (image, category) after sorting by score', () => {
    const gt = gtWith([{ bbox: [0, 0, 10, 10] }, { bbox: [50, 50, 10, 10] }]);
    const r = evaluateCoco(gt, [
      det([0, 0, 10, 10], 0.2),
      det([50, 50, 10, 10], 0.9),
      det([100, 100, 5, 5], 0.95),
    ]);
    expect(r.stats[6]).toBe(0); // AR@1: only the 0.95 false positive
    expect(r.stats[7]).toBe(1); // AR@10
  });

  it('areas come from the GT area field; 1024 is both small and medium', () => {
    const gt = gtWith([{ bbox: [0, 0, 10, 10], area: 1024 }]);
    const r = evaluateCoco(gt, [det([0, 0, 10, 10], 0.9)]);
    expect(r.stats[3]).toBeCloseTo(1, 12); // small
    expect(r.stats[4]).toBeCloseTo(1, 12); // medium
    expect(r.stats[5]).toBe(-1); // large: no GT
  });

  it('a category without GT is -1 and excluded from the mean; an empty result list gives AP 0', () => {
    const gt = gtWith([{ bbox: [0, 0, 10, 10] }]);
    const r = evaluateCoco(gt, []);
    expect(r.perCategory['2']).toEqual({ ap: -1, ap50: -1, ap75: -1, ar100: -1 });
    expect(r.stats[0]).toBe(0);
    expect(r.stats[8]).toBe(0);
  });

  it('useCats = 0 pools categories; catIds/imgIds restrict the evaluation', () => {
    const gt = gtWith([{ bbox: [0, 0, 10, 10] }]);
    const wrongClass = [det([0, 0, 10, 10], 0.9, { category_id: 2 })];
    expect(evaluateCoco(gt, wrongClass).stats[0]).toBe(0);
    expect(evaluateCoco(gt, wrongClass, { useCats: 0 }).stats[0]).toBeCloseTo(1, 12);
    expect(Object.keys(evaluateCoco(gt, wrongClass, { catIds: [1] }).perCategory)).toEqual(['1']);
    const two = gtWith([{ bbox: [0, 0, 10, 10] }], [1, 2]);
    expect(evaluateCoco(two, [det([0, 0, 10, 10], 0.9)], { imgIds: [2] }).stats[0]).toBe(-1);
  });

  it('detections of undeclared categories are dropped, as pycocotools does', () => {
    const gt = gtWith([{ bbox: [0, 0, 10, 10] }]);
    expect(
      evaluateCoco(gt, [det([0, 0, 10, 10], 0.9), det([0, 0, 10, 10], 0.99, { category_id: 77 })]).stats[0],
    ).toBeCloseTo(1, 12);
  });
});

describe('errors name the record and the field', () => {
  const gt = gtWith([{ bbox: [0, 0, 10, 10] }]);
  it.each([
    [
      [det([0, 0, 10, 10], 0.5, { image_id: 9 })],
      '<results> [0]: image_id: image 9 is not in the ground truth',
    ],
    [
      [det([0, 0, Number.POSITIVE_INFINITY, 10], 0.5)],
      '<results> [0]: bbox: expected [x, y, w, h] of finite numbers',
    ],
    [[det([0, 0, -1, 10], 0.5)], '<results> [0]: bbox: negative width or height in [0,0,-1,10]'],
    [[det([0, 0, 1, 10], Number.NaN)], '<results> [0]: score: expected a finite number, got NaN'],
    [[{ image_id: 1, category_id: 1, bbox: [0, 0, 1, 1] }], '<results> [0]: score: missing'],
  ])('results %#', (dt, message) => {
    expect(() => evaluateCoco(gt, dt as CocoResult[])).toThrow(CocoEvalError);
    expect(() => evaluateCoco(gt, dt as CocoResult[])).toThrow(message);
  });
  it('ground truth without area or with a bad bbox', () => {
    const noArea = gtWith([{ bbox: [0, 0, 10, 10] }]);
    delete (noArea.annotations[0] as { area?: number }).area;
    expect(() => evaluateCoco(noArea, [])).toThrow(
      '<ground truth> annotations[0]: area: expected a finite number, got undefined',
    );
    expect(() => evaluateCoco({ images: [], categories: [] } as unknown as CocoGroundTruthJson, [])).toThrow(
      '<ground truth>: annotations: missing or not an array',
    );
  });
  it('unreadable and malformed files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'coco-'));
    writeFileSync(join(dir, 'bad.json'), '[{"image_id": 1,');
    expect(() => evaluateCoco(gt, join(dir, 'bad.json'))).toThrow(/bad\.json: json: malformed JSON/);
    expect(() => evaluateCoco(join(dir, 'missing.json'), [])).toThrow(
      /missing\.json: file: cannot read: ENOENT/,
    );
  });
});

describe('summary formatting', () => {
  it("rounds like Python's '{:0.3f}' (half to even on exact ties)", () => {
    expect(formatFixed3(0.0625)).toBe('0.062');
    expect(formatFixed3(0.1875)).toBe('0.188');
    expect(formatFixed3(0.3333)).toBe('0.333');
    expect(formatFixed3(-1)).toBe('-1.000');
  });
});
