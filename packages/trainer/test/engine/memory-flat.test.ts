import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load-config';
import { trainDetector } from '../../src/run/train-detector';

/**
 * Hundreds of real training steps of the full model (RFA + APS, wasm backend): the live tensor count
 * the MemoryStats hook records after every step must not move. A leak of one tensor per step, in
 * the loss, the assigner read-back, the optimizer or a hook, shows up as a staircase here.
 */
describe('training memory', () => {
  it('keeps tf.memory().numTensors flat over 200 steps, and the loss goes down', {
    timeout: 240_000,
  }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'mem-run-'));
    const data = mkdtempSync(join(tmpdir(), 'mem-data-'));
    const config = resolveConfig({}, [
      'model.preset=aligndet',
      'model.fpnChannels=8',
      'model.headChannels=8',
      'model.headConvs=1',
      'model.headGroups=2',
      'data.builtin.numTrain=16',
      'data.builtin.numVal=2',
      'data.builtin.imageSize=32',
      `data.builtin.dir=${data}`,
      'data.minSize=32',
      'data.maxSize=32',
      'solver.batchSize=1',
      'solver.maxIter=200',
      'solver.warmupIters=0',
      'solver.steps=[1000]',
      'run.backend=wasm',
      'run.logPeriod=1',
      'run.checkpointPeriod=100',
      'run.evalPeriod=100',
      `run.outDir=${out}`,
    ]);
    await trainDetector(config, { log: () => {} });
    const records = readFileSync(join(out, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const counts = records
      .filter((r) => r['memory/numTensors'] !== undefined)
      .map((r) => [r.iter as number, r['memory/numTensors'] as number]);
    expect(counts.length).toBeGreaterThanOrEqual(200);
    // after the first step (which creates the optimizer's momentum buffers) the count is constant,
    // across checkpoints (iteration 100) and periodic evaluation (iteration 100) too
    const steady = counts.filter(([iter]) => iter >= 2).map(([, n]) => n);
    expect(Math.max(...steady) - Math.min(...steady)).toBe(0);
    // training works: the mean loss of the last 40 steps is well below that of the first 40
    const losses = records.filter((r) => r.loss !== undefined).map((r) => r.loss as number);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(losses.slice(-40))).toBeLessThan(0.9 * mean(losses.slice(0, 40)));
  });
});
