// The YOLO-style head in the trainer: built from config keys, trained a few iterations on the
// built-in dataset, evaluated, reloaded from its checkpoint (Node and browser entries) and run.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { DeformConv2dPack } from '@aligndet/deform-conv';
import { TaskAlignedAssigner } from '@aligndet/task-aligned-assigner';
import { YoloStyleHead } from '@aligndet/yolo-head';
import { SpatialMatchAssigner } from '@aligndet/spatial-assigner';
import { FcosMatchAssigner } from '@aligndet/fcos-head';
import { detectorFromCheckpoint } from '@aligndet/trainer/browser';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load-config';
import { presetParts, fcosScaleRanges } from '../../src/model/presets';
import { buildDetector } from '../../src/run/build-detector';
import { loadTrainedDetector } from '../../src/run/load-trained-detector';
import { trainDetector } from '../../src/run/train-detector';
import { tinyRunOverrides } from '../helpers/tiny-run';

const yolo = (extra: string[] = []) =>
  resolveConfig({}, [
    'model.head=yolo-style',
    'model.fpnChannels=16',
    'model.headChannels=16',
    'model.headConvs=1',
    'model.headGroups=4',
    ...extra,
  ]);

describe('model.head=yolo-style', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('model.assigner picks TAL (default), APS or the FCOS rule; model.rfa adapts every branch', () => {
    const ranges = fcosScaleRanges();
    expect(presetParts(yolo().model, ranges).assigner).toBeInstanceOf(TaskAlignedAssigner);
    expect(presetParts(yolo(['model.assigner=aps']).model, ranges).assigner).toBeInstanceOf(
      SpatialMatchAssigner,
    );
    expect(presetParts(yolo(['model.assigner=fcos-rule']).model, ranges).assigner).toBeInstanceOf(
      FcosMatchAssigner,
    );
    const plain = buildDetector(yolo(['model.rfa=none']), 3);
    const rfa = buildDetector(yolo(['model.rfa=official']), 3);
    expect(plain.head).toBeInstanceOf(YoloStyleHead);
    const head = rfa.head as YoloStyleHead;
    expect(head.levels).toHaveLength(5);
    // one branch conv each: it is the last conv, so every cls and box branch of every level has a DCN
    for (const t of head.towers()) expect(t.layerAt(0)).toBeInstanceOf(DeformConv2dPack);
    expect(rfa.numParameters() - plain.numParameters()).toBe(10 * (3 * 3 * 16 * 27 + 27));
    // the FCOS head keeps its presets, with model.assigner as an override
    expect(
      presetParts(resolveConfig({}, ['model.preset=fcos', 'model.assigner=aps']).model, ranges),
    ).toMatchObject({
      head: 'fcos',
      rfa: null,
      qualityTarget: 'giou',
    });
    plain.dispose();
    rfa.dispose();
  });

  it('trains, evaluates, checkpoints; the run reloads (Node and browser entries) and predicts the same', {
    timeout: 300_000,
  }, async () => {
    const data = mkdtempSync(join(tmpdir(), 'yolo-data-'));
    const dir = mkdtempSync(join(tmpdir(), 'yolo-run-'));
    const cfg = resolveConfig(
      {},
      tinyRunOverrides(dir, data, [
        'model.head=yolo-style',
        'model.assigner=tal',
        'model.rfa=official',
      ]).filter((o) => !o.startsWith('model.preset=')),
    );
    const r = await trainDetector(cfg, { log: () => {} });
    expect(r.iterations).toBe(6);
    expect(r.stats).toHaveLength(12);
    for (const f of ['val_eval.json', 'model_best.json', 'model_best.safetensors', 'categories.json'])
      expect(existsSync(join(dir, f)), f).toBe(true);
    const rows = readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((row) => row.loss !== undefined);
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      expect(Number.isFinite(row.loss)).toBe(true);
      for (const k of ['loss_cls', 'loss_box', 'loss_dfl']) expect(Number.isFinite(row[k]), k).toBe(true);
      expect(row.loss).toBeCloseTo(row.loss_cls + row.loss_box + row.loss_dfl, 4);
    }

    const loaded = loadTrainedDetector(dir);
    expect(loaded.config.model.head).toBe('yolo-style');
    expect(loaded.detector.head).toBeInstanceOf(YoloStyleHead);
    const images = tf.randomUniform([1, 64, 64, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
    const [a] = loaded.detector.predict(images, [[64, 64]], { scoreThreshold: 0 });
    expect(a!.scores.length).toBeGreaterThan(0);
    // scores are σ(cls) (no quality branch), in (0, 1], sorted
    for (const s of a!.scores) expect(s).toBeGreaterThan(0);
    expect(Math.max(...a!.scores)).toBeLessThanOrEqual(1);
    const meta = JSON.parse(readFileSync(join(dir, `${loaded.checkpoint}.json`), 'utf8'));
    const browser = detectorFromCheckpoint({
      meta,
      weights: new Uint8Array(readFileSync(join(dir, meta.weights))),
      numClasses: loaded.categories.ids.length,
    });
    const [b] = await browser.detector.predictAsync(images, [[64, 64]], { scoreThreshold: 0 });
    expect(Array.from(b!.boxes)).toEqual(Array.from(a!.boxes));
    expect(Array.from(b!.scores)).toEqual(Array.from(a!.scores));
    images.dispose();
    loaded.detector.dispose();
    browser.detector.dispose();
  });
});
