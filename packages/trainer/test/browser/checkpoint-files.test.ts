// The browser entry's in-memory pieces of a run folder match what the Node side writes and reads:
// `syntheticScene` renders the pixels and boxes `generateSyntheticDataset` writes, and the pair
// `checkpointToFiles` makes is a checkpoint `Checkpointer` (and so `aligndet eval`) accepts.
import '@tensorflow/tfjs-backend-cpu';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@aligndet/core-tensor';
import {
  buildDetector,
  checkpointToFiles,
  SGD,
  syntheticScene,
  TrainConfigSchema,
} from '@aligndet/trainer/browser';
import { beforeAll, describe, expect, it } from 'vitest';
import { Checkpointer } from '../../src/checkpoint/checkpointer';
import { decodeImageFile } from '../../src/data/image/decode-image';
import { generateSyntheticDataset } from '../../src/data/synthetic/generate-synthetic-dataset';

describe('@aligndet/trainer/browser run-folder pieces', () => {
  beforeAll(async () => {
    await initBackend('cpu', { log: () => {} });
  });

  it('syntheticScene = the image and annotations generateSyntheticDataset writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scene-'));
    const { val } = await generateSyntheticDataset({
      outDir: dir,
      seed: 5,
      numTrain: 2,
      numVal: 3,
      scene: { imageSize: 64 },
    });
    const json = JSON.parse(readFileSync(val.annotations, 'utf8'));
    for (const index of [0, 2]) {
      const scene = syntheticScene(5, 'val', index, { imageSize: 64 });
      const png = await decodeImageFile(join(val.images, `00000${index + 1}.png`));
      expect(Buffer.from(png.data).equals(Buffer.from(scene.rgb))).toBe(true);
      const anns = json.annotations.filter((a: { image_id: number }) => a.image_id === index + 1);
      expect(anns.map((a: { bbox: number[] }) => a.bbox)).toEqual(scene.objects.map((o) => o.bbox));
    }
    // the training split draws other seeds
    expect(
      Buffer.from(syntheticScene(5, 'train', 0, { imageSize: 64 }).rgb).equals(
        Buffer.from(syntheticScene(5, 'val', 0, { imageSize: 64 }).rgb),
      ),
    ).toBe(false);
  });

  it('checkpointToFiles writes a pair Checkpointer reads and loads into the same weights', async () => {
    const config = TrainConfigSchema.parse({
      model: { backbone: 'tiny', fpnChannels: 16, headChannels: 16, headConvs: 1, headGroups: 4 },
      run: { seed: 4 },
    });
    const a = buildDetector(config, 5);
    const sgd = new SGD(a.namedParameters(), { momentum: 0.9 });
    tf.tidy(() => {
      for (const [i, v] of a.parameters().entries())
        v.assign(tf.add(v, tf.randomNormal(v.shape, 0, 0.1, 'float32', i)));
    });
    const before = tf.memory().numTensors;
    const files = await checkpointToFiles(a, { name: 'model_best', iter: 12, config, optimizer: sgd });
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(files).sort()).toEqual(['model_best.json', 'model_best.safetensors']);
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
    const b = buildDetector(TrainConfigSchema.parse({ ...config, run: { ...config.run, seed: 9 } }), 5);
    const meta = new Checkpointer(dir).load('model_best', b);
    expect(meta.iter).toBe(12);
    expect(meta.config).toEqual(config);
    const sa = a.stateDict();
    const sb = b.stateDict();
    for (const k of Object.keys(sa))
      expect(Array.from(await sb[k]!.data())).toEqual(Array.from(await sa[k]!.data()));
    a.dispose();
    b.dispose();
    sgd.dispose();
  });
});
