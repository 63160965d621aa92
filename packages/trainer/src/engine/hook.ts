import type { TrainLoop } from './train-loop';

/**
 * A training-loop hook (detectron2's `HookBase`): code that runs before/after training and each
 * step. Slow work (evaluation, checkpoints) belongs in `afterStep`, gated by the iteration.
 *
 * @example
 * ```ts
 * const printLr: Hook = { afterStep: (loop) => console.log(loop.iter, loop.lr) };
 * ```
 */
export interface Hook {
  beforeTrain?(loop: TrainLoop): void | Promise<void>;
  beforeStep?(loop: TrainLoop): void | Promise<void>;
  afterStep?(loop: TrainLoop): void | Promise<void>;
  afterTrain?(loop: TrainLoop): void | Promise<void>;
}
