import type { Hook } from '../hook';
import type { TrainLoop } from '../train-loop';

/** The best value of a metric so far and the iteration it was reached at. */
export interface BestMetric {
  metric: string;
  value: number;
  iter: number;
}

/**
 * Saves a checkpoint whenever an evaluation improves on the best so far (detectron2's
 * `BestCheckpointer`). It reads `eval/<metric>` put at the current iteration, so it must come after
 * the evaluation hook; its `best` is saved in every checkpoint and restored on resume, so a resumed
 * run keeps comparing against the true best.
 *
 * @example
 * ```ts
 * new BestCheckpointer('AP', (loop, best) => checkpointer.save('model_best', ...));
 * ```
 */
export class BestCheckpointer implements Hook {
  readonly name = 'best_checkpointer';
  best: BestMetric | null = null;

  constructor(
    readonly metric: string,
    readonly save: (loop: TrainLoop, best: BestMetric) => void | Promise<void>,
    readonly mode: 'max' | 'min' = 'max',
  ) {}

  async afterStep(loop: TrainLoop): Promise<void> {
    const v = loop.storage.latest(`eval/${this.metric}`);
    if (!v || v.iter !== loop.iter || !Number.isFinite(v.value)) return;
    const better =
      !this.best || (this.mode === 'max' ? v.value > this.best.value : v.value < this.best.value);
    if (!better) return;
    this.best = { metric: this.metric, value: v.value, iter: loop.iter };
    await this.save(loop, this.best);
  }

  stateDict(): BestMetric | null {
    return this.best;
  }

  loadStateDict(state: unknown): void {
    this.best = (state as BestMetric | null) ?? null;
  }
}
