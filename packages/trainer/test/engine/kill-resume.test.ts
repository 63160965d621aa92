import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSafetensorsFile } from '@aligndet/core-tensor/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load-config';
import { trainDetector } from '../../src/run/train-detector';
import { bundleCli, runCliProcess } from '../helpers/cli-process';
import { tinyRunOverrides } from '../helpers/tiny-run';

/**
 * kill -9 at several moments, most of them inside a checkpoint write (the
 * `ALIGNDET_TEST_KILL_AT_WRITE` hook of `commitFile` SIGKILLs the process half-way through its Nth
 * file), then `--resume`: the final weights and the logged losses must be bit-identical to an
 * uninterrupted run's. Committed files of a fresh run, in order: 1 config.json, 2 categories.json;
 * iteration 2: the first evaluation (always a new best) 3 model_best weights, 4 model_best.json,
 * then the checkpoint 5 weights, 6 model_0000002.json, 7 last_checkpoint; 8 is the first file of
 * iteration 4.
 */
const overrides = (outDir: string, dataDir: string) =>
  tinyRunOverrides(outDir, dataDir, ['solver.maxIter=4', 'run.checkpointPeriod=2', 'run.evalPeriod=2']);

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
    [4, 'inside model_best.json (its weights are written)', null],
    [6, 'inside model_0000002.json (its weights are written)', null],
    [7, 'inside last_checkpoint (model_0000002 committed, the pointer not)', 'model_0000002'],
    [8, 'inside the first file of iteration 4', 'model_0000002'],
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
    // the weights of a pair whose json never landed are orphans, removed
    if (n === 4)
      expect(log.some((l) => l.includes('removed') && l.includes('model_best.safetensors'))).toBe(true);

    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(modelTensors(dir, 'model_0000004')).toEqual(modelTensors(reference, 'model_0000004'));
    expect(modelTensors(dir, 'model_best')).toEqual(modelTensors(reference, 'model_best'));
    expect(lossRows(dir)).toEqual(lossRows(reference));
    expect(readFileSync(join(dir, 'val_eval.json'), 'utf8')).toBe(
      readFileSync(join(reference, 'val_eval.json'), 'utf8'),
    );
    expect(existsSync(join(dir, 'resumes.jsonl'))).toBe(false);
  });
});
