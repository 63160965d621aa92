import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Hook } from '../hook';
import type { TrainLoop } from '../train-loop';

/**
 * Appends the loop storage to a metrics file, one JSON object per iteration that has values
 * (every `period` iterations, at the end, and when a checkpoint flushes the writers). Each value
 * sits on the row of the iteration it was put at, so the evaluation at iteration N is on row N and
 * appears once. Read it with `jq`, or plot it with `aligndet plot`.
 *
 * @example
 * ```ts
 * new JsonlWriter('runs/exp1/metrics.jsonl', 20);
 * // {"iter":20,"lr":0.01,"loss":1.93,"loss_cls":1.1,...,"time/step":0.21}
 * // {"iter":500,...,"eval/AP":0.134,"eval/AP50":0.31,"eval/AP75":0.1}
 * ```
 */
export class JsonlWriter implements Hook {
  readonly stage = 'write';
  private lastWritten = 0;

  constructor(
    readonly path: string,
    readonly period = 20,
  ) {}

  beforeTrain(loop: TrainLoop): void {
    mkdirSync(dirname(this.path), { recursive: true });
    this.lastWritten = loop.startIter;
  }

  afterStep(loop: TrainLoop): void {
    if (loop.iter % this.period === 0 || loop.iter === loop.maxIter) this.flush(loop);
  }

  /** Writes every value put since the last write. */
  flush(loop: TrainLoop): void {
    const rows = loop.storage.since(this.lastWritten);
    if (rows.size === 0) return;
    const text = [...rows].map(([iter, values]) => `${JSON.stringify({ iter, ...values })}\n`).join('');
    try {
      appendFileSync(this.path, text);
    } catch (error) {
      // an append error (ENOSPC) carries no path; name the file
      throw Object.assign(error as Error, { path: (error as { path?: string }).path ?? this.path });
    }
    this.lastWritten = loop.iter;
  }
}
