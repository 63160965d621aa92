import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { assignBatch, type MatchAssigner, manualSeed } from '@aligndet/core-tensor';
import { expectNoTensorLeak, expectTensorsClose } from '@aligndet/core-tensor/testing';
import { SpatialMatchAssigner } from '@aligndet/spatial-assigner';
import { beforeAll, describe, expect, it } from 'vitest';
import { addReceptiveFieldAdaptor, targetsFromMatches } from '../src/aligndet-glue';
import { boxesToCodes, codesToBoxes, codesToBoxesTensor } from '../src/center-size-coder';
import { CenterSizeHead } from '../src/center-size-head';
import { centerSizeLoss } from '../src/center-size-loss';
import { imageGrid } from '../src/image-grid';
import { SmallDetector } from '../src/small-detector';
import { syntheticBatch } from '../src/synthetic-batch';
import { makeTrainStep } from '../src/train-step';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const close = (actual: ArrayLike<number>, expected: number[], tol = 1e-6) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) =>
    expect(Math.abs(actual[i]! - e), `index ${i}: ${actual[i]} vs ${e}`).toBeLessThan(tol),
  );
};

describe('center-size box coding (hand-computed values)', () => {
  it('a box (0, 0, 32, 8) at point (12, 4), stride 8 -> (dx, dy, lw, lh) = (0.5, 0, log 4, 0) and back', () => {
    const codes = boxesToCodes(
      new Float32Array([0, 0, 32, 8]),
      new Float32Array([12, 4]),
      new Float32Array([8]),
    );
    close(codes, [0.5, 0, Math.log(4), 0]);
    close(codesToBoxes(codes, new Float32Array([12, 4]), new Float32Array([8])), [0, 0, 32, 8], 1e-5);
  });

  it('background rows (all-zero boxes from matchedBoxes) get code 0', () => {
    close(boxesToCodes(new Float32Array(4), new Float32Array([12, 4]), new Float32Array([8])), [0, 0, 0, 0]);
  });

  it('the tensor decoder equals the array decoder', () => {
    const grid = imageGrid([1, 16, 16, 3], [8]);
    const codes = Float32Array.from({ length: 16 }, (_, i) => Math.sin(i) * 0.5);
    const t = tf.tensor3d(codes, [1, 4, 4]);
    const boxes = codesToBoxesTensor(t, grid);
    close(boxes.dataSync(), Array.from(codesToBoxes(codes, grid.points, grid.strides)), 1e-4);
    tf.dispose([t, boxes]);
  });

  it('codes at point (12, 4) with stride 8 decode to xyxy pixels', () => {
    // centre (12 + 8·0.5, 4 − 8·0.25) = (16, 2); size 8·2 × 8·1
    close(
      codesToBoxes(
        new Float32Array([0.5, -0.25, Math.log(2), 0]),
        new Float32Array([12, 4]),
        new Float32Array([8]),
      ),
      [8, -2, 24, 6],
      1e-5,
    );
  });

  it('image grid: levels 2x2 stride 8 and 1x1 stride 16 of a 16-pixel image, cell centres, level-major', () => {
    const g = imageGrid([1, 16, 16, 3], [8, 16]);
    close(g.points, [4, 4, 12, 4, 4, 12, 12, 12, 8, 8]);
    expect(Array.from(g.strides)).toEqual([8, 8, 8, 8, 16]);
    expect(Array.from(g.levels)).toEqual([0, 0, 0, 0, 1]);
  });
});

describe('centerSizeLoss (hand-computed values)', () => {
  it('focal at logit 0 and smooth-L1 on both pieces, normalised by positives', () => {
    // 2 points, 1 class: point 0 positive (y = 1), point 1 negative
    const logits = tf.tensor3d([0, 0], [1, 2, 1]);
    const codes = tf.tensor3d([0.05, 0.3, 0, 0, 9, 9, 9, 9], [1, 2, 4]);
    const targets = {
      classes: tf.tensor3d([1, 0], [1, 2, 1]),
      codes: tf.zeros([1, 2, 4]) as tf.Tensor3D,
      positive: tf.tensor2d([1, 0], [1, 2]),
      numPositives: 1,
    };
    const l = centerSizeLoss(logits, codes, targets);
    // focal: α·0.5²·log 2 + (1 − α)·0.5²·log 2 = 0.25·log 2
    expect(l.cls.dataSync()[0]).toBeCloseTo(0.25 * Math.log(2), 6);
    // smooth-L1 (β 0.1): 0.5·0.05²/0.1 + (0.3 − 0.05); the negative's codes do not count
    expect(l.box.dataSync()[0]).toBeCloseTo(0.0125 + 0.25, 6);
    expect(l.total.dataSync()[0]).toBeCloseTo(0.25 * Math.log(2) + 0.2625, 6);
    tf.dispose([logits, codes, targets.classes, targets.codes, targets.positive, l.total, l.cls, l.box]);
  });
});

describe('glue: RFA on a non-FCOS head', () => {
  const x = [
    tf.randomNormal([1, 4, 4, 8], 0, 1, 'float32', 3),
    tf.randomNormal([1, 2, 2, 8], 0, 1, 'float32', 4),
  ] as [tf.Tensor4D, tf.Tensor4D];

  it('paper preset: conv 0 of the 3-conv cls tower and of the 2-conv reg tower; outputs unchanged at start', () => {
    manualSeed(1);
    const head = new CenterSizeHead({ numClasses: 2, channels: 8, clsConvs: 3, regConvs: 2, groups: 2 });
    manualSeed(null);
    const before = head.forward(x);
    const beforeCls = Array.from(before.clsLogits.dataSync());
    const beforeBox = Array.from(before.boxCodes.dataSync());
    const rfa = addReceptiveFieldAdaptor(head);
    expect([rfa.clsIndex, rfa.regIndex]).toEqual([0, 0]);
    expect(head.clsTower.layerAt(0)).toBe(rfa.cls);
    expect(head.regTower.layerAt(0)).toBe(rfa.reg);
    // DCNv1 offset predictors: 3×3 conv, 8 → 18 channels, with bias, per tower
    expect(rfa.addedParameters).toBe(2 * (3 * 3 * 8 * 18 + 18));
    const after = head.forward(x);
    expectTensorsClose(after.clsLogits, beforeCls, { rtol: 1e-5, atol: 1e-6 });
    expectTensorsClose(after.boxCodes, beforeBox, { rtol: 1e-5, atol: 1e-6 });
    tf.dispose([before.clsLogits, before.boxCodes, after.clsLogits, after.boxCodes]);
    head.dispose();
  });

  it('official preset: the last conv of each tower (towers of different depth: indices 6 and 3)', () => {
    const head = new CenterSizeHead({ numClasses: 2, channels: 8, clsConvs: 3, regConvs: 2, groups: 2 });
    const rfa = addReceptiveFieldAdaptor(head, { preset: 'official' });
    expect([rfa.clsIndex, rfa.regIndex]).toEqual([6, 3]);
    head.dispose();
  });
});

describe('glue: the spatial assigner on this head', () => {
  it("positives lie inside their box, and their targets in this head's coding decode back to that box", async () => {
    manualSeed(2);
    const model = new SmallDetector({ numClasses: 2 });
    manualSeed(null);
    const batch = syntheticBatch({ batchSize: 3, seed: 5 });
    const points = imageGrid(batch.images.shape, model.stem.strides);
    const gt = batch.targets;
    const out = model.forward(batch.images);
    const boxes = codesToBoxesTensor(out.boxCodes, points);
    const matches = await assignBatch(
      new SpatialMatchAssigner(),
      points,
      { clsLogits: out.clsLogits, boxes },
      gt,
    );
    const targets = targetsFromMatches(matches, points, gt, 2);
    const codes = targets.codes.dataSync() as Float32Array;
    const classes = targets.classes.dataSync();
    const P = points.strides.length;
    let checked = 0;
    matches.forEach((a, i) => {
      expect(a.numPositives).toBeGreaterThan(0);
      const decoded = codesToBoxes(codes.subarray(i * P * 4, (i + 1) * P * 4), points.points, points.strides);
      for (let p = 0; p < P; p++) {
        const g = a.gtIndex[p]!;
        if (g < 0) {
          expect(classes[(i * P + p) * 2] + classes[(i * P + p) * 2 + 1]).toBe(0);
          continue;
        }
        const box = Array.from(batch.gtBoxes[i]!.subarray(4 * g, 4 * g + 4));
        const [x, y] = [points.points[2 * p]!, points.points[2 * p + 1]!];
        expect(x > box[0]! && x < box[2]! && y > box[1]! && y < box[3]!).toBe(true);
        close(decoded.subarray(4 * p, 4 * p + 4), box, 1e-3);
        expect(classes[(i * P + p) * 2 + batch.gtLabels[i]![g]!]).toBe(1);
        checked++;
      }
    });
    expect(checked).toBe(targets.numPositives);
    tf.dispose([
      out.clsLogits,
      out.boxCodes,
      boxes,
      targets.classes,
      targets.codes,
      targets.positive,
      batch.images,
    ]);
    model.dispose();
  });

  it('a prediction-free assigner gets no predictions, and the prediction pass never runs', async () => {
    const seen: boolean[] = [];
    const probe: MatchAssigner = {
      specificationVersion: 'v2',
      name: 'probe',
      requiresPredictions: false,
      assign: (input) => {
        seen.push(input.predictions !== undefined);
        return {
          gtIndex: new Int32Array(input.strides.length).fill(-1),
          labels: new Int32Array(input.strides.length).fill(-1),
          numPositives: 0,
        };
      },
    };
    let passes = 0;
    await assignBatch(
      probe,
      imageGrid([2, 8, 40, 3], [8]),
      () => {
        passes++;
        return { clsLogits: tf.zeros([2, 5, 3]) as tf.Tensor3D, boxes: tf.zeros([2, 5, 4]) as tf.Tensor3D };
      },
      [
        { gtBoxes: new Float32Array(0), gtLabels: new Int32Array(0) },
        { gtBoxes: new Float32Array(0), gtLabels: new Int32Array(0) },
      ],
    );
    expect(seen).toEqual([false, false]);
    expect(passes).toBe(0);
  });
});

describe('training with RFA + the spatial assigner (cpu backend)', () => {
  it('the loss goes down over 15 steps, the RFA offsets learn, and steps leak no tensors', async () => {
    manualSeed(0);
    const model = new SmallDetector({ numClasses: 2, channels: 16, groups: 4 });
    manualSeed(null);
    const rfa = addReceptiveFieldAdaptor(model.head);
    const batch = syntheticBatch({ batchSize: 2, seed: 1 });
    const optimizer = tf.train.adam(3e-3);
    const step = makeTrainStep(model, new SpatialMatchAssigner(), optimizer);
    const losses: number[] = [];
    for (let i = 0; i < 15; i++) {
      const r = await step(batch);
      expect(Number.isFinite(r.loss)).toBe(true);
      expect(r.loss).toBeCloseTo(r.cls + r.box, 4);
      losses.push(r.loss);
    }
    const last3 = losses.slice(-3).reduce((a, b) => a + b, 0) / 3;
    expect(last3, `losses ${losses.map((l) => l.toFixed(3)).join(' ')}`).toBeLessThan(0.6 * losses[0]!);
    // the zero-initialised offset predictors of both towers received gradient
    for (const layer of [rfa.cls, rfa.reg]) {
      const w = layer.offset.weight.dataSync();
      expect(w.some((v) => v !== 0)).toBe(true);
    }
    await expectNoTensorLeak(() => step(batch), { warmup: 1, repeats: 3 });
    optimizer.dispose();
    batch.images.dispose();
    model.dispose();
  }, 240_000); // 15 steps, each with APS's gradient-free prediction pass before the recorded one
});
