import { readFileSync } from 'node:fs';
import { batchedNms, nms } from '@aligndet/core-tensor';
import { describe, expect, it } from 'vitest';

const fx = JSON.parse(readFileSync(new URL('./fixtures/boxes_nms.json', import.meta.url), 'utf8'));

describe('batchedNms vs torchvision.ops.batched_nms (exact indices)', () => {
  for (const c of fx.nms as Array<{
    iou_threshold: number;
    boxes: number[];
    scores: number[];
    classes: number[];
    keep: number[];
  }>) {
    const n = c.scores.length;
    const classes = new Set(c.classes).size;
    it(`N=${n} classes=${classes} iou=${c.iou_threshold}`, () => {
      const keep = batchedNms(
        Float32Array.from(c.boxes),
        Float32Array.from(c.scores),
        Int32Array.from(c.classes),
        { iouThreshold: c.iou_threshold },
      );
      expect(Array.from(keep)).toEqual(c.keep);
      expect(c.keep.length).toBeLessThan(n); // the case does suppress something
    });
  }

  it('equals a per-class loop of single-class NMS', () => {
    const c = fx.nms[0];
    const boxes = Float32Array.from(c.boxes);
    const scores = Float32Array.from(c.scores);
    const classes = Int32Array.from(c.classes);
    const merged: number[] = [];
    for (const k of new Set(c.classes as number[])) {
      const idx = (c.classes as number[]).flatMap((v, i) => (v === k ? [i] : []));
      const sub = nms(
        Float32Array.from(idx.flatMap((i) => c.boxes.slice(4 * i, 4 * i + 4))),
        Float32Array.from(idx.map((i) => c.scores[i])),
        { iouThreshold: c.iou_threshold },
      );
      merged.push(...Array.from(sub).map((j) => idx[j]!));
    }
    merged.sort((a, b) => scores[b]! - scores[a]!);
    expect(Array.from(batchedNms(boxes, scores, classes, { iouThreshold: c.iou_threshold }))).toEqual(merged);
  });

  it('score threshold, pre-NMS top-k and max detections', () => {
    const c = fx.nms[0];
    const args = [
      Float32Array.from(c.boxes),
      Float32Array.from(c.scores),
      Int32Array.from(c.classes),
    ] as const;
    const all = Array.from(batchedNms(...args, { iouThreshold: c.iou_threshold }));
    expect(Array.from(batchedNms(...args, { iouThreshold: c.iou_threshold, maxDetections: 10 }))).toEqual(
      all.slice(0, 10),
    );
    const thr = Array.from(batchedNms(...args, { iouThreshold: c.iou_threshold, scoreThreshold: 0.5 }));
    expect(thr).toEqual(all.filter((i) => c.scores[i] > 0.5));
    const top = Array.from(batchedNms(...args, { iouThreshold: c.iou_threshold, preNmsTopK: 20 }));
    expect(top.every((i) => (c.scores as number[]).filter((s) => s > c.scores[i]).length < 20)).toBe(true);
  });

  it('legacyPlusOne: two 10x10 boxes shifted by 4 px overlap 0.6 with +1 widths, 0.43 without', () => {
    // without +1: inter 6*10 = 60, union 140 -> 0.4286; with +1: inter 7*11 = 77, union 165 -> 0.4667
    const boxes = Float32Array.from([0, 0, 10, 10, 4, 0, 14, 10]);
    const scores = Float32Array.from([0.9, 0.8]);
    const cls = Int32Array.from([0, 0]);
    expect(Array.from(batchedNms(boxes, scores, cls, { iouThreshold: 0.45 }))).toEqual([0, 1]);
    expect(Array.from(batchedNms(boxes, scores, cls, { iouThreshold: 0.45, legacyPlusOne: true }))).toEqual([
      0,
    ]);
  });

  it('handles N = 0 and throws when lengths disagree', () => {
    expect(
      Array.from(
        batchedNms(new Float32Array(0), new Float32Array(0), new Int32Array(0), { iouThreshold: 0.5 }),
      ),
    ).toEqual([]);
    expect(() =>
      batchedNms(new Float32Array(4), new Float32Array(2), new Int32Array(2), { iouThreshold: 0.5 }),
    ).toThrow('batchedNms: boxes: expected 8 numbers ([N, 4] for N = 2 scores), got 4');
  });
});
