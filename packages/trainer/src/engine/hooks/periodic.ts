import type { Hook } from '../hook';
import type { TrainLoop } from '../train-loop';

/**
 * Runs `action(loop)` every `period` iterations and after the last one (checkpoints,
 * evaluation). The action may be async.
 *
 * @example
 * ```ts
 * new Periodic(500, (loop) => checkpointer.save(loop.iter));
 * ```
 */
export class Periodic implements Hook {
  constructor(
    readonly period: number,
    readonly action: (loop: TrainLoop) => void | Promise<void>,
    readonly atEnd = true,
  ) {}

  async afterStep(loop: TrainLoop): Promise<void> {
    if (this.period > 0 && loop.iter % this.period === 0) await this.action(loop);
    else if (this.atEnd && loop.iter === loop.maxIter) await this.action(loop);
  }
}
