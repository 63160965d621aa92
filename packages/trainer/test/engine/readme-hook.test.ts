import * as fs from 'node:fs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hook } from '../../src/engine/hook';
import { EvalHook } from '../../src/engine/hooks/eval-hook';
import { JsonlWriter } from '../../src/engine/hooks/jsonl-writer';
import { TrainLoop } from '../../src/engine/train-loop';

/** The README's "Hooks: add your own" example, run as written (its hook object is plain JS). */
const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Hooks: add your own'));
const code = section.slice(
  section.indexOf('```ts') + 5,
  section.indexOf('```', section.indexOf('```ts') + 5),
);
const literal = code.slice(code.indexOf('{', code.indexOf('const apCsv: Hook =')), code.indexOf('\n};') + 2);

describe('README hook example', () => {
  it('the documented trainDetector call passes the hook after the defaults', () => {
    expect(code).toContain('hooks: (defaults) => [...defaults, apCsv]');
  });

  it('writes the AP of each evaluation at its own iteration, appended after the defaults', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'readme-hook-'));
    const file = join(dir, 'ap.csv');
    const apCsv = new Function('appendFileSync', 'file', `return (${literal});`)(
      fs.appendFileSync,
      file,
    ) as Hook;
    const aps = [0.1, 0.25, 0.2];
    let k = 0;
    const defaults: Hook[] = [
      new JsonlWriter(join(dir, 'metrics.jsonl'), 2),
      new EvalHook(3, async () => ({ metrics: { AP: aps[k++]! } })),
    ];
    // appended last, yet it sees the evaluation of the same iteration: the stages order it
    await new TrainLoop({
      maxIter: 8,
      lrAt: () => 0.1,
      step: () => ({ losses: { loss: 1 } }),
      hooks: ((d: Hook[]) => [...d, apCsv])(defaults),
    }).run();
    expect(readFileSync(file, 'utf8')).toBe('3,0.1\n6,0.25\n8,0.2\n');
    const rows = readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.filter((r) => 'eval/AP' in r).map((r) => [r.iter, r['eval/AP']])).toEqual([
      [3, 0.1],
      [6, 0.25],
      [8, 0.2],
    ]);
  });
});
