import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Accumulated } from '../accumulate';
import {
  allocAccumulatedFor,
  allCategories,
  type CocoEvalOptions,
  type CocoEvalResult,
  evaluateCategories,
  finishEvaluation,
  resolveParams,
} from '../evaluate-coco';
import { type CocoGroundTruthJson, type GroundTruth, loadCocoGroundTruth } from '../ground-truth';
import type { CocoEvalParams } from '../params';
import { type CocoResult, type DetectionArrays, type Detections, loadCocoResults } from '../results';

/** What a worker is sent: the columns, the parameters and its categories. */
export interface CategoryTask {
  gt: GroundTruth;
  dt: Detections;
  params: Required<CocoEvalParams>;
  categories: number[];
}

/** Options of {@link evaluateCocoParallel}. */
export interface ParallelOptions {
  /** Threads in all, this one included (1 = no worker, the same as `evaluateCoco`). Default 2. */
  threads?: number;
  /**
   * Fewer detections are evaluated on this thread alone: a worker costs ~0.1 s of start-up and runs
   * cold (measured in bench/results/coco-eval.md). Default 100,000.
   */
  minDetections?: number;
}

// the worker script sits next to this module: .js in dist, .ts in the sources (run through tsx)
declare const __filename: string | undefined;
const here = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;

function startWorker(): Worker {
  if (!here.endsWith('.ts')) return new Worker(new URL('./evaluate-worker.js', here));
  // sources (tests, tsx): a worker thread does not inherit tsx's loader, so it registers it first
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const script = JSON.stringify(new URL('./evaluate-worker.ts', here).href);
  return new Worker(`import(${tsx}).then((m) => { m.register(); return import(${script}); });`, {
    eval: true,
  });
}

type Arrays = Pick<Accumulated, 'precision' | 'recall' | 'scores'>;

/** Copies category `k`'s entries of `from` into `acc` (layouts `[T, R, K, A, M]` and `[T, K, A, M]`). */
function mergeCategory(acc: Accumulated, from: Arrays, k: number): void {
  const { T, R, K, A, M } = acc.shape;
  const AM = A * M;
  for (let t = 0; t < T; t++) {
    const at = (t * K + k) * AM;
    acc.recall.set(from.recall.subarray(at, at + AM), at);
    for (let r = 0; r < R; r++) {
      const a2 = ((t * R + r) * K + k) * AM;
      acc.precision.set(from.precision.subarray(a2, a2 + AM), a2);
      acc.scores.set(from.scores.subarray(a2, a2 + AM), a2);
    }
  }
}

/**
 * The detection columns as arrays of their own: the results scanner returns views of larger
 * buffers, and a structured clone copies a view's whole buffer.
 */
function compact(dt: Detections): Detections {
  const own = (a: Float64Array) => (a.byteLength === a.buffer.byteLength ? a : a.slice());
  return {
    ...dt,
    imageId: own(dt.imageId),
    categoryId: own(dt.categoryId),
    bbox: own(dt.bbox),
    score: own(dt.score),
    area: own(dt.area),
  };
}

/**
 * `evaluateCoco` with the categories spread over worker threads (Node only): this thread and
 * `threads − 1` workers each evaluate every `threads`-th category, and the per-category arrays are
 * merged, so the result is identical to `evaluateCoco`'s (every value is computed by the same code
 * from the same inputs; the categories are independent). Loading and summarising stay on this
 * thread. With useCats = 0 (one pooled category), `threads: 1` or fewer than `minDetections`
 * detections it evaluates here alone. Workers pay off only when cores are free: see the benchmark.
 *
 * @example
 * ```ts
 * import { evaluateCocoParallel } from '@aligndet/coco-eval/node';
 * const { stats, summary } = await evaluateCocoParallel('instances_val2017.json', 'detections.json', {}, { threads: 2 });
 * ```
 */
export async function evaluateCocoParallel(
  groundTruth: GroundTruth | CocoGroundTruthJson | string,
  detections: Detections | CocoResult[] | DetectionArrays | string,
  options: CocoEvalOptions = {},
  { threads = 2, minDetections = 100_000 }: ParallelOptions = {},
): Promise<CocoEvalResult> {
  const workers: Worker[] = [];
  try {
    const gt =
      typeof groundTruth === 'string' || !('bbox' in groundTruth && groundTruth.bbox instanceof Float64Array)
        ? loadCocoGroundTruth(groundTruth as CocoGroundTruthJson | string)
        : groundTruth;
    const dt =
      typeof detections === 'object' && 'score' in detections && detections.score instanceof Float64Array
        ? (detections as Detections)
        : loadCocoResults(detections as CocoResult[] | DetectionArrays | string, gt);
    const p = resolveParams(gt, options);
    const ks = allCategories(p);
    const acc = allocAccumulatedFor(p);
    const n = Math.max(1, Math.min(Number.isFinite(threads) ? Math.floor(threads) : 1, ks.length));
    if (n === 1 || dt.count < minDetections) {
      evaluateCategories(gt, dt, p, ks, acc);
      return finishEvaluation(acc, p);
    }
    for (let w = 1; w < n; w++) workers.push(startWorker());
    const share = (w: number) => ks.filter((k) => k % n === w);
    const pending = workers.map(
      (worker, w) =>
        new Promise<[number[], Arrays]>((resolve, reject) => {
          const categories = share(w + 1);
          worker.once('message', (arrays: Arrays) => resolve([categories, arrays]));
          worker.once('error', reject);
          worker.postMessage({
            gt: { ...gt, categoryNames: new Map() }, // the workers need no names
            dt: compact(dt),
            params: p,
            categories,
          } satisfies CategoryTask);
        }),
    );
    evaluateCategories(gt, dt, p, share(0), acc);
    for (const [categories, arrays] of await Promise.all(pending))
      for (const k of categories) mergeCategory(acc, arrays, k);
    return finishEvaluation(acc, p);
  } finally {
    for (const w of workers) void w.terminate();
  }
}
