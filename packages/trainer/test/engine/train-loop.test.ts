import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hook } from '../../src/engine/hook';
import { ConsoleProgress } from '../../src/engine/hooks/console-progress';
import { IterationTimer } from '../../src/engine/hooks/iteration-timer';
import { JsonlWriter } from '../../src/engine/hooks/jsonl-writer';
import { Periodic } from '../../src/engine/hooks/periodic';
import { NonFiniteLossError, TrainLoop } from '../../src/engine/train-loop';

describe('TrainLoop', () => {
  it('calls hooks in order around each step, from startIter + 1 to maxIter', async () => {
    const calls: string[] = [];
    const hook: Hook = {
      beforeTrain: () => void calls.push('bt'),
      beforeStep: (l) => void calls.push(`bs${l.iter}`),
      afterStep: (l) => void calls.push(`as${l.iter}`),
      afterTrain: () => void calls.push('at'),
    };
    const loop = new TrainLoop({
      maxIter: 4,
      startIter: 2,
      lrAt: (i) => i / 10,
      step: (i, lr) => {
        calls.push(`step${i}@${lr}`);
        return { losses: { a: 1 } };
      },
      hooks: [hook],
    });
    await loop.run();
    expect(calls).toEqual(['bt', 'bs3', 'step3@0.3', 'as3', 'bs4', 'step4@0.4', 'as4', 'at']);
  });

  it('stops on a non-finite loss, naming the iteration and the term, and still runs afterTrain', async () => {
    let ended = false;
    const loop = new TrainLoop({
      maxIter: 10,
      lrAt: () => 0.1,
      step: (i) => ({ losses: { loss_cls: 1, loss_reg: i === 3 ? Number.NaN : 0.5 } }),
      hooks: [
        {
          afterTrain: () => {
            ended = true;
          },
        },
      ],
    });
    await expect(loop.run()).rejects.toThrow(NonFiniteLossError);
    await expect(
      new TrainLoop({
        maxIter: 5,
        lrAt: () => 0.1,
        step: (i) => ({ losses: { loss_reg: i === 2 ? Number.POSITIVE_INFINITY : 1 } }),
      }).run(),
    ).rejects.toThrow('non-finite loss at iteration 2: loss_reg = Infinity');
    expect(ended).toBe(true);
    expect(loop.iter).toBe(3);
  });

  it('Periodic fires every period and at the end', async () => {
    const fired: number[] = [];
    await new TrainLoop({
      maxIter: 7,
      lrAt: () => 0,
      step: () => ({ losses: { l: 0 } }),
      hooks: [new Periodic(3, (l) => void fired.push(l.iter))],
    }).run();
    expect(fired).toEqual([3, 6, 7]);
  });

  it('JsonlWriter writes one JSON object per line with losses, lr and storage values', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'jsonl-')), 'metrics.jsonl');
    await new TrainLoop({
      maxIter: 5,
      lrAt: (i) => 0.01 * i,
      step: (i) => ({ losses: { loss_cls: i, loss_reg: 2 * i }, extras: { num_pos: 3 } }),
      hooks: [new IterationTimer(), new JsonlWriter(path, 2)],
    }).run();
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.iter)).toEqual([2, 4, 5]);
    expect(lines[1]).toMatchObject({ iter: 4, lr: 0.04, loss: 12, loss_cls: 4, loss_reg: 8, num_pos: 3 });
    expect(lines[1]['time/step']).toBeGreaterThanOrEqual(0);
  });

  it('ConsoleProgress prints quiet lines when not a TTY', async () => {
    const out: string[] = [];
    await new TrainLoop({
      maxIter: 4,
      lrAt: () => 0.01,
      step: () => ({ losses: { loss_cls: 0.5, loss_reg: 0.25 } }),
      hooks: [new IterationTimer(), new ConsoleProgress(2, { isTTY: false, write: (t) => void out.push(t) })],
    }).run();
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(
      /^iter 2\/4 \[.*\] 50% \| loss 0\.750 \(cls 0\.500 reg 0\.250\) \| lr 0\.0100 \| .* it\/s \| ETA/,
    );
    expect(out[1]!.endsWith('\n')).toBe(true);
  });
});
