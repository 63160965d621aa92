import type { Hook } from '../hook';
import type { TrainLoop } from '../train-loop';

/**
 * Saves a checkpoint every `period` iterations and after the last one. It runs in the
 * `checkpoint` stage, after every other hook, and flushes the writers first: a checkpoint at N
 * holds every hook's state at N, and the metrics file already has every row up to N, so a resumed
 * run continues both exactly.
 */
export class PeriodicCheckpointer implements Hook {
  readonly stage = 'checkpoint';

  constructor(
    readonly period: number,
    readonly save: (loop: TrainLoop) => void | Promise<void>,
  ) {}

  async afterStep(loop: TrainLoop): Promise<void> {
    if (loop.iter % this.period !== 0 && loop.iter !== loop.maxIter) return;
    loop.flushWriters();
    await this.save(loop);
  }
}
