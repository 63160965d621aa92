import type { TrainLoop } from './train-loop';

/**
 * When a hook's `afterStep` runs relative to the others. Every `default` hook runs first (in list
 * order), then every `write` hook, then every `checkpoint` hook: whatever a hook puts into the
 * storage at iteration N is written at N, and a checkpoint at N holds every hook's state and the
 * metrics up to N (detectron2's `build_hooks` puts its writers last for the same reason).
 */
export type HookStage = 'default' | 'write' | 'checkpoint';

/**
 * A training-loop hook (detectron2's `HookBase`): code that runs before/after training and each
 * step. Slow work (evaluation, checkpoints) belongs in `afterStep`, gated by the iteration. A hook
 * with a `name` and `stateDict`/`loadStateDict` has its (JSON) state saved in every checkpoint and
 * restored on resume.
 *
 * @example
 * ```ts
 * const printLr: Hook = { afterStep: (loop) => console.log(loop.iter, loop.lr) };
 * ```
 */
export interface Hook {
  /** Key of the hook's state in a checkpoint (required for `stateDict` to be saved). */
  readonly name?: string;
  /** Default `default`; see {@link HookStage}. */
  readonly stage?: HookStage;
  beforeTrain?(loop: TrainLoop): void | Promise<void>;
  beforeStep?(loop: TrainLoop): void | Promise<void>;
  afterStep?(loop: TrainLoop): void | Promise<void>;
  afterTrain?(loop: TrainLoop): void | Promise<void>;
  /** Writers: write everything pending now (called before a checkpoint is saved). */
  flush?(loop: TrainLoop): void;
  /** JSON-serialisable state saved in checkpoints. */
  stateDict?(): unknown;
  loadStateDict?(state: unknown): void;
}
