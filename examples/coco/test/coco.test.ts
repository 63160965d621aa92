import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateCoco } from '@aligndet/coco-eval';
import { loadConfigFile, trainDetector } from '@aligndet/trainer';
import { describe, expect, it } from 'vitest';
import { makeCocoFolder } from '../make-coco-folder';

const here = fileURLToPath(new URL('..', import.meta.url));
const IDS = [3, 7, 18, 44, 90];

describe('examples/coco: train and evaluate on a COCO-format folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'coco-example-'));
  const data = join(root, 'tiny-coco');

  it('writes a COCO-format folder with non-contiguous category ids, and reuses it', async () => {
    const r = await makeCocoFolder(data, { numTrain: 8, numVal: 4, imageSize: 64 });
    expect(r.written).toBe(true);
    for (const [split, n] of [
      [r.train, 8],
      [r.val, 4],
    ] as const) {
      const json = JSON.parse(readFileSync(split.annotations, 'utf8'));
      expect(json.categories.map((c: { id: number }) => c.id)).toEqual(IDS);
      expect(json.images).toHaveLength(n);
      expect(json.annotations.length).toBeGreaterThan(0);
      for (const a of json.annotations) expect(IDS).toContain(a.category_id);
      expect(readdirSync(split.images).sort()).toEqual(
        json.images.map((i: { file_name: string }) => i.file_name).sort(),
      );
    }
    expect((await makeCocoFolder(data)).written).toBe(false);
  });

  it('throws when the category id list does not match the classes, naming the option', async () => {
    await expect(
      makeCocoFolder(join(root, 'bad'), { numTrain: 1, numVal: 1, categoryIds: [1, 2] }),
    ).rejects.toThrow(/categoryIds: expected 5 ids, got 2/);
  });

  it('trains a few iterations from the example config; the written results re-evaluate to the reported AP', {
    timeout: 60_000,
  }, async () => {
    const out = join(root, 'run');
    const config = loadConfigFile(join(here, 'tiny-coco.config.json'), [
      `data.train.annotations=${join(data, 'train/annotations.json')}`,
      `data.train.images=${join(data, 'train/images')}`,
      `data.val.annotations=${join(data, 'val/annotations.json')}`,
      `data.val.images=${join(data, 'val/images')}`,
      'data.minSize=64',
      'data.maxSize=64',
      'model.fpnChannels=16',
      'model.headChannels=16',
      'model.headConvs=1',
      'model.headGroups=4',
      'solver.batchSize=2',
      'solver.maxIter=4',
      'solver.warmupIters=0',
      'solver.steps=[100]',
      'run.backend=wasm',
      'run.logPeriod=1',
      'run.checkpointPeriod=4',
      'run.evalPeriod=100',
      `run.outDir=${out}`,
    ]);
    expect(config.model.preset).toBe('aligndet'); // from the example's config file
    const started = performance.now();
    const r = await trainDetector(config, { log: () => {} });
    const seconds = (performance.now() - started) / 1000;
    expect(r.iterations).toBe(4);
    for (const f of ['metrics.jsonl', 'last_checkpoint', 'val_results.json', 'val_eval.json', 'loss.svg'])
      expect(existsSync(join(out, f)), f).toBe(true);
    const losses = readFileSync(join(out, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).loss)
      .filter((l) => l !== undefined);
    expect(losses).toHaveLength(4);
    for (const l of losses) expect(Number.isFinite(l)).toBe(true);
    // detections carry the dataset's own category ids, so any COCO tool can read them
    const results = JSON.parse(readFileSync(join(out, 'val_results.json'), 'utf8'));
    for (const d of results) expect(IDS).toContain(d.category_id);
    // the eval-only route: re-evaluating the results file gives the run's reported numbers
    const again = evaluateCoco(join(data, 'val/annotations.json'), results);
    const reported = JSON.parse(readFileSync(join(out, 'val_eval.json'), 'utf8')).stats as number[];
    again.stats.forEach((v, i) =>
      expect(Math.abs(v - reported[i]!), `stats[${i}]`).toBeLessThanOrEqual(1e-12),
    );
    expect(seconds).toBeLessThan(30); // the brief's budget for this test (shared 2-core machine)
  });
});
