import { EventStorage } from './event-storage';
import type { Hook, HookStage } from './hook';

/** What one step reports: its loss terms (already read back as numbers) and extras. */
export interface StepResult {
  /** Named loss terms, e.g. `{ loss_cls, loss_reg, loss_quality }`; their sum is the total. */
  losses: Record<string, number>;
  /** Other scalars to log (e.g. number of positives, gradient norm). */
  extras?: Record<string, number>;
}

/** Thrown when a step produced a non-finite loss; names the iteration and the loss term. */
export class NonFiniteLossError extends Error {
  override readonly name = 'NonFiniteLossError';
  constructor(
    readonly iter: number,
    readonly term: string,
    readonly value: number,
  ) {
    super(
      `non-finite loss at iteration ${iter}: ${term} = ${value}; stopping (the last good checkpoint is kept)`,
    );
  }
}

/** Options of {@link TrainLoop}. */
export interface TrainLoopOptions {
  /** Last iteration (1-based, inclusive). */
  maxIter: number;
  /** The iteration already completed (0 for a fresh run; the checkpoint's for a resumed one). */
  startIter?: number;
  /** Runs iteration `iter` (1-based) at learning rate `lr`. */
  step: (iter: number, lr: number) => Promise<StepResult> | StepResult;
  /** Learning rate of iteration `iter`. */
  lrAt: (iter: number) => number;
  hooks?: Hook[];
}

const STAGE_ORDER: Record<HookStage, number> = { default: 0, write: 1, checkpoint: 2 };

/**
 * The hook-based training loop (detectron2's `TrainerBase`): for each iteration, `beforeStep`
 * hooks, the step, a finite-loss check, then `afterStep` hooks stage by stage (see `HookStage`:
 * writers after the others, checkpointers last). The step's losses, their total, the extras and
 * the lr go into {@link TrainLoop.storage} stamped with the iteration; hooks put their own values
 * there too (timings, evaluation).
 *
 * @example
 * ```ts
 * const loop = new TrainLoop({ maxIter: 100, step: runStep, lrAt: (i) => 0.01, hooks: [new JsonlWriter('run/metrics.jsonl')] });
 * await loop.run();
 * ```
 */
export class TrainLoop {
  readonly maxIter: number;
  readonly startIter: number;
  /** Iteration being run (1-based); `startIter` before the first step. */
  iter: number;
  lr = 0;
  lastResult: StepResult | undefined;
  /** Every logged value, stamped with its iteration. */
  readonly storage = new EventStorage();
  /** The hooks in the order `afterStep` runs them (stable by stage). */
  readonly hooks: Hook[];
  private readonly options: TrainLoopOptions;

  constructor(options: TrainLoopOptions) {
    this.options = options;
    this.maxIter = options.maxIter;
    this.startIter = options.startIter ?? 0;
    this.iter = this.startIter;
    this.storage.iter = this.startIter;
    this.hooks = (options.hooks ?? [])
      .map((h, i) => [h, i] as const)
      .sort(
        ([a, i], [b, j]) => STAGE_ORDER[a.stage ?? 'default'] - STAGE_ORDER[b.stage ?? 'default'] || i - j,
      )
      .map(([h]) => h);
    const names = this.hooks.flatMap((h) => (h.name ? [h.name] : []));
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup)
      throw new Error(
        `TrainLoop: two hooks are named ${JSON.stringify(dup)}; hook names key their checkpoint state`,
      );
  }

  async run(): Promise<void> {
    for (const h of this.hooks) await h.beforeTrain?.(this);
    try {
      for (let it = this.startIter + 1; it <= this.maxIter; it++) {
        this.iter = it;
        this.storage.iter = it;
        this.lr = this.options.lrAt(it);
        for (const h of this.hooks) await h.beforeStep?.(this);
        const result = await this.options.step(it, this.lr);
        for (const [term, value] of Object.entries(result.losses)) {
          if (!Number.isFinite(value)) throw new NonFiniteLossError(it, term, value);
        }
        this.lastResult = result;
        this.storage.put('lr', this.lr);
        this.storage.put('loss', this.totalLoss);
        this.storage.putAll(result.losses);
        this.storage.putAll(result.extras ?? {});
        for (const h of this.hooks) await h.afterStep?.(this);
      }
    } finally {
      for (const h of this.hooks) await h.afterTrain?.(this);
    }
  }

  /** Makes every writer write what is pending (checkpointers call it before saving). */
  flushWriters(): void {
    for (const h of this.hooks) h.flush?.(this);
  }

  /** The state of every named hook with a `stateDict` (saved in checkpoints). */
  stateDict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const h of this.hooks) if (h.name && h.stateDict) out[h.name] = h.stateDict();
    return out;
  }

  /** Restores hook states saved by {@link TrainLoop.stateDict}; hooks absent from `state` keep theirs. */
  loadStateDict(state: Record<string, unknown>): void {
    for (const h of this.hooks)
      if (h.name && h.loadStateDict && h.name in state) h.loadStateDict(state[h.name]);
  }

  /** Sum of the last step's loss terms. */
  get totalLoss(): number {
    return Object.values(this.lastResult?.losses ?? {}).reduce((s, v) => s + v, 0);
  }
}
