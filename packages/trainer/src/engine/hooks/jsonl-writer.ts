import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Hook } from '../hook';
import type { TrainLoop } from '../train-loop';

/**
 * Appends one JSON object per line (every `period` iterations and at the end) to a metrics file:
 * iteration, lr, each loss term, the total, extras and everything in the loop storage (timings,
 * memory, the latest evaluation). Read it with `jq`, or plot it with `aligndet plot`.
 *
 * @example
 * ```ts
 * new JsonlWriter('runs/exp1/metrics.jsonl', 20);
 * // {"iter":20,"lr":0.01,"loss":1.93,"loss_cls":1.1,...,"time/step":0.21}
 * ```
 */
export class JsonlWriter implements Hook {
  private lastWritten = -1;

  constructor(
    readonly path: string,
    readonly period = 20,
  ) {}

  beforeTrain(): void {
    mkdirSync(dirname(this.path), { recursive: true });
  }

  afterStep(loop: TrainLoop): void {
    if (loop.iter % this.period === 0 || loop.iter === loop.maxIter) this.write(loop);
  }

  /** Writes the current state now (also used by the evaluation hook). */
  write(loop: TrainLoop): void {
    if (loop.iter === this.lastWritten || !loop.lastResult) return;
    this.lastWritten = loop.iter;
    const record: Record<string, number> = { iter: loop.iter, lr: loop.lr, loss: loop.totalLoss };
    Object.assign(record, loop.lastResult.losses, loop.lastResult.extras ?? {});
    for (const [k, v] of loop.storage) record[k] = v;
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
  }
}
