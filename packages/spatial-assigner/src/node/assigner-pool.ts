import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type AssignerInput, type Assignment, InvalidArgumentError } from '@aligndet/core-tensor';
import { SpatialAssigner, type SpatialAssignerOptions } from '../spatial-assigner';

/** Options of {@link SpatialAssignerPool}. */
export interface SpatialAssignerPoolOptions {
  /** Threads in all, this one included (1 = no worker). Default 2. */
  threads?: number;
  /** Smaller batches are assigned on this thread alone (a worker's copy of the inputs would cost more). Default 8. */
  minBatch?: number;
  /**
   * The assigner's options. Only values a worker can receive: the default candidates and the
   * named scorers and selectors (`'official'`, `'fitness'`, `'gmm'`, `'topk'`), no functions.
   */
  assigner?: SpatialAssignerOptions;
}

// the worker script sits next to this module: .js in dist, .ts in the sources (run through tsx)
declare const __filename: string | undefined;
const here = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;

function startWorker(): Worker {
  if (!here.endsWith('.ts')) return new Worker(new URL('./assign-worker.js', here));
  // sources (tests, tsx): a worker thread does not inherit tsx's loader, so it registers it first
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const script = JSON.stringify(new URL('./assign-worker.ts', here).href);
  return new Worker(`import(${tsx}).then((m) => { m.register(); return import(${script}); });`, {
    eval: true,
  });
}

/**
 * APS over a batch of images on worker threads (Node only): image i goes to thread i mod `threads`
 * (this thread takes its share too), each runs the same {@link SpatialAssigner}, so every
 * assignment is identical to `new SpatialAssigner(options).assign(input)`. The inputs are copied to
 * the workers (structured clone), which costs about as much as a few milliseconds of assignment per
 * image, so batches below `minBatch` stay on this thread. Workers start on first use and stay until
 * {@link SpatialAssignerPool.close}.
 *
 * @example
 * ```ts
 * import { SpatialAssignerPool } from '@aligndet/spatial-assigner/node';
 * const pool = new SpatialAssignerPool({ threads: 2 });
 * const assignments = await pool.assignBatch(images); // one AssignerInput per image
 * await pool.close();
 * ```
 */
export class SpatialAssignerPool {
  private readonly threads: number;
  private readonly minBatch: number;
  private readonly options: SpatialAssignerOptions;
  private readonly local: SpatialAssigner;
  private workers: Worker[] = [];

  constructor(options: SpatialAssignerPoolOptions = {}) {
    this.threads = options.threads ?? 2;
    this.minBatch = options.minBatch ?? 8;
    this.options = options.assigner ?? {};
    if (!Number.isInteger(this.threads) || this.threads < 1)
      throw new InvalidArgumentError({
        op: 'SpatialAssignerPool',
        field: 'threads',
        value: this.threads,
        expected: 'a positive integer',
      });
    for (const [field, v] of Object.entries(this.options))
      if (typeof v === 'function')
        throw new InvalidArgumentError({
          op: 'SpatialAssignerPool',
          field: `assigner.${field}`,
          value: v,
          expected: 'a value a worker thread can receive (a name, not a function)',
        });
    this.local = new SpatialAssigner(this.options);
  }

  /** The assignments of `inputs`, in order. */
  async assignBatch(inputs: readonly AssignerInput[]): Promise<Assignment[]> {
    const n = Math.min(this.threads, inputs.length);
    if (n <= 1 || inputs.length < this.minBatch) return inputs.map((x) => this.local.assign(x));
    while (this.workers.length < n - 1) this.workers.push(startWorker());
    const share = (w: number) => inputs.flatMap((x, i) => (i % n === w ? [x] : []));
    const pending = this.workers.slice(0, n - 1).map(
      (worker, w) =>
        new Promise<Assignment[]>((resolve, reject) => {
          const onError = (e: Error) => reject(e);
          worker.once('error', onError);
          worker.once('message', (out: Assignment[]) => {
            worker.off('error', onError);
            resolve(out);
          });
          worker.postMessage({ options: this.options, inputs: share(w + 1) });
        }),
    );
    const mine = share(0).map((x) => this.local.assign(x));
    const theirs = await Promise.all(pending);
    return inputs.map((_, i) => {
      const w = i % n;
      const j = (i - w) / n;
      return w === 0 ? mine[j]! : theirs[w - 1]![j]!;
    });
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    await Promise.all(ws.map((w) => w.terminate()));
  }
}
