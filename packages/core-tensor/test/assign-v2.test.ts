import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Assigner,
  type AssignerInput,
  assignBatch,
  assignBatchSync,
  classTargets,
  decodeDistances,
  emptyAssignment,
  fromV1Assigner,
  type Match,
  type MatchAssigner,
  type MatchInput,
  matchedBoxes,
  matchedDistances,
  pointGrid,
  toV1Assigner,
} from '@aligndet/core-tensor';
import { expectNoTensorLeak } from '@aligndet/core-tensor/testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('pointGrid: one multi-level point generator', () => {
  it('places FCOS points at x·s + ⌊s/2⌋ (spec §1.4), level-major then row then column', () => {
    const g = pointGrid(
      [
        [2, 3],
        [1, 2],
      ],
      [8, 16],
    );
    expect(Array.from(g.points)).toEqual([4, 4, 12, 4, 20, 4, 4, 12, 12, 12, 20, 12, 8, 8, 24, 8]);
    expect(Array.from(g.strides)).toEqual([8, 8, 8, 8, 8, 8, 16, 16]);
    expect(Array.from(g.levels)).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
    expect(g.levelStarts).toEqual([0, 6, 8]);
    expect(g.numLevels).toBe(2);
  });

  it("places 'center' points at (x + 0.5)·s, which differs from floor-half for odd strides", () => {
    expect(Array.from(pointGrid([[1, 2]], [5], { offset: 'center' }).points)).toEqual([2.5, 2.5, 7.5, 2.5]);
    expect(Array.from(pointGrid([[1, 2]], [5]).points)).toEqual([2, 2, 7, 2]);
  });

  it('rejects a strides list of the wrong length in one line', () => {
    expect(() => pointGrid([[1, 1]], [8, 16])).toThrow(
      /pointGrid: strides: expected 1 \(one per level\), got 2/,
    );
  });
});

const gtBoxes = Float32Array.of(0, 0, 16, 16, 8, 4, 40, 36);
const match: Match = { gtIndex: Int32Array.of(-1, 1, 0), labels: Int32Array.of(-1, 5, 2), numPositives: 2 };

describe('match → head targets', () => {
  it('matchedBoxes copies the matched GT per point, zeros on background', () => {
    expect(Array.from(matchedBoxes(match, gtBoxes))).toEqual([0, 0, 0, 0, 8, 4, 40, 36, 0, 0, 16, 16]);
  });

  it('matchedDistances is FCOS coding (l, t, r, b) / stride of the matched box', () => {
    const geometry = {
      points: Float32Array.of(4, 4, 12, 12, 8, 8),
      strides: Float32Array.of(8, 8, 4),
      levels: new Int32Array(3),
      numLevels: 1,
    };
    const d = matchedDistances(match, geometry, { gtBoxes, gtLabels: Int32Array.of(2, 5) });
    // point 1 (12, 12), stride 8, box (8, 4, 40, 36): (4/8, 8/8, 28/8, 24/8); point 2 (8, 8), stride 4, box (0, 0, 16, 16)
    expect(Array.from(d)).toEqual([0, 0, 0, 0, 0.5, 1, 3.5, 3, 2, 2, 2, 2]);
  });

  it('classTargets: one-hot at the matched label, or the named soft metric', () => {
    const soft: Match = { ...match, metrics: { quality: Float32Array.of(0, 0.25, 0.75) } };
    const hard = classTargets([match, soft], 6);
    const q = classTargets([match, soft], 6, 'quality');
    expect(hard.length).toBe(2 * 3 * 6);
    expect(Array.from(hard).reduce((a, b) => a + b, 0)).toBe(4);
    expect(hard[1 * 6 + 5]).toBe(1);
    expect(hard[2 * 6 + 2]).toBe(1);
    expect(q[(3 + 1) * 6 + 5]).toBe(0.25);
    expect(q[(3 + 2) * 6 + 2]).toBe(0.75);
    // the first image has no quality metric: falls back to 1
    expect(q[1 * 6 + 5]).toBe(1);
  });
});

/** A v2 assigner that records what it saw and matches nothing. */
function recorder(requiresPredictions: boolean): MatchAssigner & { seen: MatchInput[] } {
  const seen: MatchInput[] = [];
  return {
    specificationVersion: 'v2',
    name: 'recorder',
    requiresPredictions,
    seen,
    assign(input) {
      seen.push(input);
      return {
        gtIndex: new Int32Array(input.strides.length).fill(-1),
        labels: new Int32Array(input.strides.length).fill(-1),
        numPositives: 0,
      };
    },
  };
}

describe('assignBatch: the per-image loop', () => {
  const grid = pointGrid([[1, 3]], [8]);
  const targets = [
    { gtBoxes: Float32Array.of(0, 0, 8, 8), gtLabels: Int32Array.of(1) },
    { gtBoxes: new Float32Array(0), gtLabels: new Int32Array(0) },
  ];
  const logits = Float32Array.from({ length: 2 * 3 * 2 }, (_, i) => i);
  const boxes = Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => 100 + i);

  it('slices each image its own predictions when the assigner needs them', async () => {
    const a = recorder(true);
    const cls = tf.tensor3d(logits, [2, 3, 2]);
    const box = tf.tensor3d(boxes, [2, 3, 4]);
    const q = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const out = await assignBatch(a, grid, { clsLogits: cls, boxes: box, qualityLogits: q }, targets);
    expect(out).toHaveLength(2);
    expect(Array.from(a.seen[1]!.predictions!.clsLogits)).toEqual([6, 7, 8, 9, 10, 11]);
    expect(Array.from(a.seen[1]!.predictions!.boxes)).toEqual(Array.from(boxes.subarray(12)));
    expect(Array.from(a.seen[0]!.predictions!.qualityLogits!)).toEqual([1, 2, 3]);
    expect(a.seen[1]!.gtLabels.length).toBe(0);
    expect(a.seen[0]!.points).toBe(grid.points);
    tf.dispose([cls, box, q]);
  });

  it('never runs the prediction pass for a geometry-only assigner', async () => {
    const a = recorder(false);
    let built = 0;
    await assignBatch(
      a,
      grid,
      () => {
        built++;
        return { clsLogits: tf.zeros([2, 3, 2]), boxes: tf.zeros([2, 3, 4]) };
      },
      targets,
    );
    expect(built).toBe(0);
    expect(a.seen).toHaveLength(2);
    expect(a.seen.every((s) => s.predictions === undefined)).toBe(true);
  });

  it('disposes what a prediction function made, keeps numTensors flat', async () => {
    const a = recorder(true);
    const reg = tf.tensor3d(boxes, [2, 3, 4]);
    await expectNoTensorLeak(() =>
      assignBatch(
        a,
        grid,
        () => ({ clsLogits: tf.tensor3d(logits, [2, 3, 2]), boxes: tf.mul(reg, 2) }),
        targets,
      ),
    );
    expect(Array.from(a.seen.at(-2)!.predictions!.boxes.subarray(0, 2))).toEqual([200, 202]); // image 0 of the last call
    reg.dispose();
  });

  it('names the missing or mis-shaped field in one line', async () => {
    const cls = tf.tensor3d(logits, [2, 3, 2]);
    await expect(assignBatch(recorder(true), grid, undefined, targets)).rejects.toThrow(
      /assignBatch: predictions: expected/,
    );
    await expect(
      assignBatch(
        recorder(true),
        grid,
        { clsLogits: cls, boxes: tf.zeros([2, 3, 2]) as tf.Tensor3D },
        targets,
      ),
    ).rejects.toThrow(
      /assignBatch: predictions\.boxes: expected \[2, 3, 4\] \(2 images, 3 points\), got "\[2, 3, 2\]"/,
    );
    await expect(
      assignBatch(
        recorder(true),
        grid,
        { clsLogits: cls, boxes: tf.zeros([2, 3, 4]) as tf.Tensor3D },
        targets.slice(1),
      ),
    ).rejects.toThrow(/assignBatch: predictions\.clsLogits/);
    cls.dispose();
  });
});

describe('assignBatchSync: the same loop with a synchronous read-back', () => {
  const grid = pointGrid([[1, 3]], [8]);
  const targets = [
    { gtBoxes: Float32Array.of(0, 0, 8, 8), gtLabels: Int32Array.of(1) },
    { gtBoxes: Float32Array.of(4, 0, 20, 8), gtLabels: Int32Array.of(0) },
  ];
  const logits = Float32Array.from({ length: 2 * 3 * 2 }, (_, i) => i);
  const boxes = Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => 100 + i);

  it('gives each image the slices assignBatch gives it', async () => {
    const cls = tf.tensor3d(logits, [2, 3, 2]);
    const box = tf.tensor3d(boxes, [2, 3, 4]);
    const q = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const a = recorder(true);
    const b = recorder(true);
    await assignBatch(a, grid, { clsLogits: cls, boxes: box, qualityLogits: q }, targets);
    assignBatchSync(b, grid, { clsLogits: cls, boxes: box, qualityLogits: q }, targets);
    expect(b.seen).toHaveLength(2);
    for (let n = 0; n < 2; n++) {
      const [x, y] = [a.seen[n]!.predictions!, b.seen[n]!.predictions!];
      expect(Array.from(y.clsLogits)).toEqual(Array.from(x.clsLogits));
      expect(Array.from(y.boxes)).toEqual(Array.from(x.boxes));
      expect(Array.from(y.qualityLogits!)).toEqual(Array.from(x.qualityLogits!));
      expect(Array.from(b.seen[n]!.gtBoxes)).toEqual(Array.from(targets[n]!.gtBoxes));
    }
    expect(Array.from(b.seen[1]!.predictions!.clsLogits)).toEqual([6, 7, 8, 9, 10, 11]);
    expect(cls.isDisposed).toBe(false); // tensors passed directly stay the caller's
    tf.dispose([cls, box, q]);
  });

  it('calls a prediction function only when needed and disposes what it made', async () => {
    let built = 0;
    const make = () => {
      built++;
      return { clsLogits: tf.tensor3d(logits, [2, 3, 2]), boxes: tf.tensor3d(boxes, [2, 3, 4]) };
    };
    assignBatchSync(recorder(false), grid, make, targets);
    expect(built).toBe(0);
    const a = recorder(true);
    await expectNoTensorLeak(() => assignBatchSync(a, grid, make, targets));
    expect(built).toBeGreaterThan(0);
    expect(a.seen.at(-1)!.predictions!.boxes[0]).toBe(112);
  });

  it('throws one line naming the field, and still disposes', () => {
    const before = tf.memory().numTensors;
    expect(() =>
      assignBatchSync(
        recorder(true),
        grid,
        () => ({ clsLogits: tf.zeros([2, 3, 2]) as tf.Tensor3D, boxes: tf.zeros([2, 3, 2]) as tf.Tensor3D }),
        targets,
      ),
    ).toThrow(/assignBatchSync: predictions\.boxes: expected \[2, 3, 4\]/);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => assignBatchSync(recorder(true), grid, undefined, targets)).toThrow(
      /assignBatchSync: predictions: expected/,
    );
  });
});

describe('v1 ↔ v2 bridges', () => {
  const input: AssignerInput = {
    points: Float32Array.of(4, 4, 12, 4, 20, 4),
    strides: Float32Array.of(8, 8, 8),
    levels: new Int32Array(3),
    numLevels: 1,
    gtBoxes: Float32Array.of(0, 0, 16, 8),
    gtLabels: Int32Array.of(3),
    predictions: {
      numClasses: 4,
      clsLogits: new Float32Array(12),
      boxDistances: Float32Array.of(0.5, 0.5, 1, 1, 0.25, 0.5, 0.75, 1, 1, 1, 1, 1),
    },
  };

  it('fromV1Assigner hands a v1 assigner the distances the pixel boxes encode, and drops its targets', () => {
    let got: AssignerInput | undefined;
    const v1: Assigner = {
      specificationVersion: 'v1',
      name: 'v1',
      requiresPredictions: true,
      assign: (i) => {
        got = i;
        const a = emptyAssignment(3);
        a.gtIndex[1] = 0;
        a.labels[1] = 3;
        a.numPositives = 1;
        return a;
      },
    };
    const boxes = decodeDistances(input.points, input.predictions!.boxDistances, input.strides);
    const m = fromV1Assigner(v1).assign({
      ...input,
      predictions: { numClasses: 4, clsLogits: new Float32Array(12), boxes },
    });
    expect(m.numPositives).toBe(1);
    expect('boxTargets' in m).toBe(false);
    Array.from(got!.predictions!.boxDistances).forEach((d, i) =>
      expect(Math.abs(d - input.predictions!.boxDistances[i]!)).toBeLessThan(1e-6),
    );
  });

  it('toV1Assigner decodes v1 distances to pixel boxes and adds FCOS targets', () => {
    let got: MatchInput | undefined;
    const v2: MatchAssigner = {
      specificationVersion: 'v2',
      name: 'v2',
      requiresPredictions: true,
      assign: (i) => {
        got = i;
        return { gtIndex: Int32Array.of(0, -1, 0), labels: Int32Array.of(3, -1, 3), numPositives: 2 };
      },
    };
    const a = toV1Assigner(v2).assign(input);
    // point 0 at (4, 4), distances (0.5, 0.5, 1, 1) · 8
    expect(Array.from(got!.predictions!.boxes.subarray(0, 4))).toEqual([0, 0, 12, 12]);
    expect(Array.from(a.boxTargets)).toEqual([0.5, 0.5, 1.5, 0.5, 0, 0, 0, 0, 2.5, 0.5, -0.5, 0.5]);
  });
});
