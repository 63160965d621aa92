import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensorsFile } from '@aligndet/core-tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load-config';
import { trainDetector } from '../../src/run/train-detector';
import { bundleCli, runCliProcess } from '../helpers/cli-process';

/**
 * kill -9 at several moments, most of them inside a checkpoint write (the
 * `ALIGNDET_TEST_KILL_AT_WRITE` hook of `commitFile` SIGKILLs the process half-way through its Nth
 * file), then `--resume`: the final weights and the logged losses must be bit-identical to an
 * uninterrupted run's. Committed files of a fresh run, in order: 1 config.json, 2 categories.json,
 * iteration 2: 3 weights, 4 json, 5 last_checkpoint; iteration 3 (first evaluation, always a new
 * best): 6 model_best weights, 7 model_best.json; iteration 4: 8, 9, 10.
 */
const overrides = (outDir: string, dataDir: string) => [
  'model.fpnChannels=16',
  'model.headChannels=16',
  'model.headConvs=1',
  'model.headGroups=4',
  'data.builtin.numTrain=8',
  'data.builtin.numVal=4',
  'data.builtin.imageSize=64',
  `data.builtin.dir=${dataDir}`,
  'data.minSize=64',
  'data.maxSize=64',
  'solver.batchSize=2',
  'solver.maxIter=6',
  'solver.warmupIters=0',
  'solver.steps=[100]',
  'run.backend=wasm',
  'run.logPeriod=1',
  'run.checkpointPeriod=2',
  'run.evalPeriod=3',
  `run.outDir=${outDir}`,
];

const modelTensors = (dir: string, name: string) => {
  const meta = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
  const { tensors } = readSafetensorsFile(join(dir, meta.weights));
  return Object.fromEntries(
    Object.entries(tensors).map(([k, t]) => [
      k,
      Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString('base64'),
    ]),
  );
};
const lossRows = (dir: string) =>
  readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .map((r) => [r.iter, r.loss, r.loss_cls, r.loss_reg, r.loss_quality, r['eval/AP']]);

describe('kill -9 and resume', () => {
  const data = mkdtempSync(join(tmpdir(), 'kill-data-'));
  const reference = mkdtempSync(join(tmpdir(), 'kill-ref-'));
  let bundle = '';
  beforeAll(async () => {
    bundle = await bundleCli();
    await trainDetector(resolveConfig({}, overrides(reference, data)), { log: () => {} });
  }, 120_000);

  it.each([
    [4, 'inside model_0000002.json (its weights are written)', null],
    [7, 'inside model_best.json (a pair half committed)', 'model_0000002'],
    [8, 'inside model_0000004 weights', 'model_0000002'],
    [10, 'inside last_checkpoint (model_0000004 committed, the pointer not)', 'model_0000004'],
  ])('killed at write %i, %s: resumes bit-identically', { timeout: 120_000 }, async (n, _what, from) => {
    const dir = mkdtempSync(join(tmpdir(), `kill-${n}-`));
    const killed = runCliProcess(bundle, ['train', ...overrides(dir, data)], {
      ALIGNDET_TEST_KILL_AT_WRITE: String(n),
    });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(true);

    const log: string[] = [];
    await trainDetector(resolveConfig({}, overrides(dir, data)), { resume: true, log: (l) => log.push(l) });
    expect(log.some((l) => l.includes('removed') && l.includes('.tmp'))).toBe(true);
    if (from) expect(log.some((l) => l.includes(`resumed from ${join(dir, from)}`))).toBe(true);
    else expect(log.some((l) => l.includes('no checkpoint'))).toBe(true);
    if (n === 10)
      expect(log.some((l) => l.includes('although last_checkpoint names model_0000002'))).toBe(true);

    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(modelTensors(dir, 'model_0000006')).toEqual(modelTensors(reference, 'model_0000006'));
    expect(modelTensors(dir, 'model_best')).toEqual(modelTensors(reference, 'model_best'));
    expect(lossRows(dir)).toEqual(lossRows(reference));
    expect(readFileSync(join(dir, 'val_eval.json'), 'utf8')).toBe(
      readFileSync(join(reference, 'val_eval.json'), 'utf8'),
    );
    expect(existsSync(join(dir, 'resumes.jsonl'))).toBe(false);
  });
});
