import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Conv2d, type MatchAssigner, manualSeed } from '@aligndet/core-tensor';
import { expectNoTensorLeak } from '@aligndet/core-tensor/testing';
import { DeformConv2dPack } from '@aligndet/deform-conv';
import { FcosMatchAssigner } from '@aligndet/fcos-head';
import { adaptTowers } from '@aligndet/rfa';
import { SpatialMatchAssigner } from '@aligndet/spatial-assigner';
import { TaskAlignedAssigner } from '@aligndet/task-aligned-assigner';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticBatch } from '../src/synthetic-batch';
import { YoloStyleHead } from '@aligndet/yolo-head';
import { makeYoloStyleTrainStep, YoloStyleDetector } from '../src/yolov8-style/index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('RFA on the YOLO-style head through adaptTowers', () => {
  it('official preset: the last conv of every cls and box branch of every level, nothing else', () => {
    const head = new YoloStyleHead({ numClasses: 2, numLevels: 2, channels: 8, branchConvs: 2, groups: 2 });
    const before = head.numParameters();
    const done = adaptTowers(head.towers(), { preset: 'official' });
    expect(done.map((d) => d.index)).toEqual([3, 3, 3, 3]); // [conv, GN, ReLU, conv, GN, ReLU]: conv at 3
    for (const level of head.levels) {
      for (const tower of [level.clsTower, level.boxTower]) {
        expect(tower.layerAt(0)).toBeInstanceOf(Conv2d);
        expect(tower.layerAt(3)).toBeInstanceOf(DeformConv2dPack);
      }
      for (const m of [level.stem, level.clsPred, level.boxPred]) expect(m).toBeInstanceOf(Conv2d);
    }
    // DCNv2 offset/mask predictor 3×3, 8 → 27 channels per branch
    expect(head.numParameters() - before).toBe(4 * (3 * 3 * 8 * 27 + 27));
    head.dispose();
  });
});

const cases: Array<[string, () => MatchAssigner, boolean, number]> = [
  ['FCOS rule, no RFA', () => new FcosMatchAssigner(), false, 0],
  ['TAL (tood), RFA official, DFL 8 bins', () => new TaskAlignedAssigner(), true, 8],
  ['APS, RFA official', () => new SpatialMatchAssigner(), true, 0],
  ['TAL (ultralytics), no RFA', () => new TaskAlignedAssigner({ preset: 'ultralytics' }), false, 0],
];

describe('training the YOLO-style head through public API (cpu backend, synthetic batch)', () => {
  it.each(cases)(
    '%s: the loss falls over 8 steps, steps leak no tensors',
    async (_, make, rfa, dflBins) => {
      manualSeed(0);
      const model = new YoloStyleDetector({ numClasses: 2, channels: 8, groups: 2, dflBins });
      manualSeed(null);
      if (rfa) adaptTowers(model.head.towers(), { preset: 'official' });
      const batch = syntheticBatch({ batchSize: 2, seed: 1 });
      const optimizer = tf.train.adam(1e-2);
      const step = makeYoloStyleTrainStep(model, make(), optimizer);
      const losses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const r = await step(batch);
        expect(Number.isFinite(r.loss)).toBe(true);
        expect(r.loss).toBeCloseTo(r.cls + r.box + r.dfl, 4);
        if (dflBins === 0) expect(r.dfl).toBe(0);
        losses.push(r.loss);
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const trace = `losses ${losses.map((l) => l.toFixed(3)).join(' ')}`;
      expect(mean(losses.slice(-3)), trace).toBeLessThan(0.96 * mean(losses.slice(0, 3)));
      expect(losses.at(-1)!, trace).toBeLessThan(0.95 * losses[0]!);
      await expectNoTensorLeak(() => step(batch), { warmup: 1, repeats: 2 });
      optimizer.dispose();
      batch.images.dispose();
      model.dispose();
    },
    240_000,
  );
});
