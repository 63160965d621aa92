import type { Hook } from './hook';

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

/**
 * The hook-based training loop: for each iteration, `beforeStep` hooks, the step, a finite-loss
 * check, `afterStep` hooks. State that hooks read lives on the loop (`iter`, `lr`, `lastResult`,
 * `storage` for values hooks pass each other, such as the latest evaluation).
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
  /** Free-form values shared between hooks (e.g. `eval/AP`). */
  readonly storage = new Map<string, number>();
  readonly hooks: Hook[];
  private readonly options: TrainLoopOptions;

  constructor(options: TrainLoopOptions) {
    this.options = options;
    this.maxIter = options.maxIter;
    this.startIter = options.startIter ?? 0;
    this.iter = this.startIter;
    this.hooks = options.hooks ?? [];
  }

  async run(): Promise<void> {
    for (const h of this.hooks) await h.beforeTrain?.(this);
    try {
      for (let it = this.startIter + 1; it <= this.maxIter; it++) {
        this.iter = it;
        this.lr = this.options.lrAt(it);
        for (const h of this.hooks) await h.beforeStep?.(this);
        const result = await this.options.step(it, this.lr);
        for (const [term, value] of Object.entries(result.losses)) {
          if (!Number.isFinite(value)) throw new NonFiniteLossError(it, term, value);
        }
        this.lastResult = result;
        for (const h of this.hooks) await h.afterStep?.(this);
      }
    } finally {
      for (const h of this.hooks) await h.afterTrain?.(this);
    }
  }

  /** Sum of the last step's loss terms. */
  get totalLoss(): number {
    return Object.values(this.lastResult?.losses ?? {}).reduce((s, v) => s + v, 0);
  }
}
