import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateCoco } from '@aligndet/coco-eval';
import { describe, expect, it } from 'vitest';
import { evaluateRun } from '../src/commands/evaluate-run';
import { predictWithRun } from '../src/commands/predict-with-run';
import { resolveConfig } from '../src/config/load-config';
import { trainDetector } from '../src/run/train-detector';
import { tinyRunOverrides } from './helpers/tiny-run';

const tiny = (outDir: string, dataDir: string, extra: string[] = []) =>
  resolveConfig({}, tinyRunOverrides(outDir, dataDir, extra));
const losses = (dir: string) =>
  readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((r) => r.loss !== undefined)
    .map((r) => [r.iter, r.loss]);

describe('trainer end to end (tiny built-in dataset, wasm backend)', () => {
  const data = mkdtempSync(join(tmpdir(), 'e2e-data-'));
  it('trains, checkpoints atomically, evaluates, plots and draws; resume equals an uninterrupted run', {
    timeout: 240_000,
  }, async () => {
    const a = mkdtempSync(join(tmpdir(), 'e2e-a-'));
    const log: string[] = [];
    let evaluations = 0;
    const seenByHook: number[] = [];
    const r = await trainDetector(tiny(a, data), {
      log: (l) => log.push(l),
      // an added hook, and a wrapped evaluation to count how often it runs
      hooks: (defaults, ctx) => {
        const evaluate = ctx.evaluate;
        ctx.evaluate = () => {
          evaluations++;
          return evaluate();
        };
        return [...defaults, { afterStep: (loop) => void seenByHook.push(loop.iter) }];
      },
    });
    expect(r.iterations).toBe(6);
    expect(seenByHook).toEqual([1, 2, 3, 4, 5, 6]);
    // evaluations at 4 and 6 only: the final report reuses the one at maxIter
    expect(evaluations).toBe(2);
    const rows = readFileSync(join(a, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // each evaluation is on the row of its own iteration, once; the row at maxIter is the final report
    expect(rows.filter((row) => 'eval/AP' in row).map((row) => row.iter)).toEqual([4, 6]);
    const finalReport = JSON.parse(readFileSync(join(a, 'val_eval.json'), 'utf8'));
    expect(rows.find((row) => row.iter === 6)['eval/AP']).toBe(finalReport.stats[0]);
    expect(r.stats[0]).toBe(finalReport.stats[0]);
    expect(rows.map((row) => row.iter)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.stats).toHaveLength(12);
    for (const f of [
      'metrics.jsonl',
      'last_checkpoint',
      'model_0000006.safetensors',
      'model_0000006.json',
      'model_best.json',
      'val_results.json',
      'val_eval.json',
      'loss.svg',
      'config.json',
    ]) {
      expect(existsSync(join(a, f)), f).toBe(true);
    }
    expect(readFileSync(join(a, 'last_checkpoint'), 'utf8').trim()).toBe('model_0000006');
    const results = JSON.parse(readFileSync(join(a, 'val_results.json'), 'utf8'));
    expect(Array.isArray(results)).toBe(true);
    for (const d of results.slice(0, 5))
      expect(Object.keys(d).sort()).toEqual(['bbox', 'category_id', 'image_id', 'score']);
    expect(existsSync(join(a, 'detections'))).toBe(true);
    const uninterrupted = losses(a);
    expect(uninterrupted.every(([, l]) => Number.isFinite(l))).toBe(true);

    // `aligndet eval`: the best checkpoint over the run's validation set gives a valid COCO results
    // file; evaluating that file independently reproduces the stats it reports
    const ev = await evaluateRun(a, { log: () => {} });
    expect(ev.checkpoint).toBe('model_best');
    const evalResults = JSON.parse(readFileSync(join(ev.outDir, 'results.json'), 'utf8'));
    const valDir = readdirSync(data).map((d) => join(data, d, 'val'))[0]!;
    const valGt = JSON.parse(readFileSync(join(valDir, 'annotations.json'), 'utf8'));
    expect(evaluateCoco(valGt, evalResults).stats).toEqual(ev.evaluation.stats);

    // `aligndet predict`: drawn PNGs, COCO results and the image list
    const pred = mkdtempSync(join(tmpdir(), 'e2e-pred-'));
    const files = valGt.images
      .slice(0, 2)
      .map((im: { file_name: string }) => join(valDir, 'images', im.file_name));
    const p = await predictWithRun(a, files, { outDir: pred, scoreThreshold: 0, log: () => {} });
    expect(p.images).toHaveLength(2);
    for (const f of p.images) expect(readFileSync(f).subarray(1, 4).toString()).toBe('PNG');
    const predResults = JSON.parse(readFileSync(join(pred, 'results.json'), 'utf8'));
    expect(predResults.length).toBeGreaterThan(0);
    const catIds = new Set(valGt.categories.map((c: { id: number }) => c.id));
    for (const d of predResults) {
      expect([1, 2]).toContain(d.image_id);
      expect(catIds.has(d.category_id)).toBe(true);
      expect(d.bbox[2]).toBeGreaterThanOrEqual(0);
    }
    const listed = JSON.parse(readFileSync(join(pred, 'images.json'), 'utf8'));
    expect(listed.map((i: { file_name: string }) => i.file_name)).toEqual(files);

    // stop after 3 iterations, then resume to 6
    const b = mkdtempSync(join(tmpdir(), 'e2e-b-'));
    await trainDetector(tiny(b, data, ['solver.maxIter=3']), { log: () => {} });
    await trainDetector(tiny(b, data), { resume: true, log: (l) => log.push(l) });
    expect(log.some((l) => l.includes('resumed from') && l.includes('at iteration 3'))).toBe(true);
    const resumed = losses(b).filter(([it]) => it > 3);
    const reference = uninterrupted.filter(([it]) => it > 3);
    expect(resumed.map(([it]) => it)).toEqual(reference.map(([it]) => it));
    resumed.forEach(([, l], i) => expect(l).toBeCloseTo(reference[i]![1], 4));
    // tf.memory().numTensors stays flat from step to step (the MemoryStats hook logs it)
    const counts = readFileSync(join(a, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)['memory/numTensors']);
    expect(new Set(counts.slice(1)).size).toBe(1);
  });
});
