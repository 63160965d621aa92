import type { Hook } from '../hook';
import type { TrainLoop } from '../train-loop';
import { Periodic } from './periodic';

/** What an evaluation returns: the scalars to log (e.g. `{ AP, AP50, AP75 }`) and anything else. */
export interface EvalOutcome<T = unknown> {
  metrics: Record<string, number>;
  detail?: T;
}

/**
 * Evaluates every `period` iterations and after the last one (detectron2's `EvalHook`), puts each
 * metric into the storage as `eval/<name>` at that iteration, and keeps the latest outcome so the
 * final report reuses it instead of evaluating the same weights again.
 *
 * @example
 * ```ts
 * const evalHook = new EvalHook(500, async () => ({ metrics: { AP: await myAp() } }));
 * ```
 */
export class EvalHook<T = unknown> implements Hook {
  /** The latest evaluation and its iteration. */
  last: { iter: number; outcome: EvalOutcome<T> } | undefined;
  private readonly periodic: Periodic;

  constructor(
    readonly period: number,
    readonly evaluate: (loop: TrainLoop) => Promise<EvalOutcome<T>>,
  ) {
    this.periodic = new Periodic(period, async (loop) => {
      const outcome = await this.evaluate(loop);
      for (const [k, v] of Object.entries(outcome.metrics)) loop.storage.put(`eval/${k}`, v);
      this.last = { iter: loop.iter, outcome };
    });
  }

  afterStep(loop: TrainLoop): Promise<void> {
    return this.periodic.afterStep(loop);
  }
}
