import { platform } from '#platform';
import type { WorkerHandle } from '../../../platform/platform';

// The control block shared with the workers, as Int32 indices: a job counter the workers wait on,
// the workers still busy with the current job, the workers ready, failure flags, then one slot per
// worker: the export's index and its arguments.
const JOB = 0;
const PENDING = 1;
const READY = 2;
const FAILED = 3;
const SLOTS = 4;
const SLOT = 32;
const MAX_ARGS = SLOT - 2;
/** Polls of the job counter (worker) or busy count (caller) before sleeping. */
const SPIN = 2_000;

/**
 * The worker's script (classic, self-contained: it is run from a string). It instantiates the
 * SIMD module on the backend's shared memory, then blocks on the job counter and runs its slot's
 * export for every job; a job is over for it when it decrements the busy count.
 */
const WORKER_SOURCE = `'use strict';
const onInit = (f) => typeof require === 'function'
  ? require('node:worker_threads').parentPort.once('message', f)
  : (self.onmessage = (e) => { self.onmessage = null; f(e.data); });
onInit(({ memory, bytes, control, slot, names }) => {
  const c = new Int32Array(control);
  let fns;
  try {
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
    fns = names.map((n) => exports[n]);
  } catch (e) {
    Atomics.store(c, ${FAILED}, 1);
    return;
  }
  let job = Atomics.load(c, ${JOB}); // before it counts as ready: no job starts in between
  Atomics.add(c, ${READY}, 1);
  const base = ${SLOTS} + slot * ${SLOT};
  for (;;) {
    // a backward pass calls its kernels back to back, and a sleeping worker costs ~30 µs to wake
    // (and may wake on the caller's busy core): poll briefly first, but only briefly, as polling
    // takes the core from XNNPACK's own pool threads (bench/results/conv-gradient-step-ab.md)
    for (let k = 0; k < ${SPIN} && Atomics.load(c, ${JOB}) === job; k++);
    Atomics.wait(c, ${JOB}, job);
    const now = Atomics.load(c, ${JOB});
    if (now === job) continue;
    job = now;
    const f = fns[c[base]];
    if (f) {
      const args = [];
      for (let k = 0; k < c[base + 1]; k++) args.push(c[base + 2 + k]);
      try { f(...args); } catch (e) { Atomics.store(c, ${FAILED}, 2); }
    }
    if (Atomics.sub(c, ${PENDING}, 1) === 1) Atomics.notify(c, ${PENDING});
  }
});
`;

/**
 * Worker threads that run the exports of one of aligndet's SIMD modules on the wasm backend's
 * shared memory (the threaded build's), so that one kernel call can be split over threads like
 * XNNPACK splits the forward conv. The workers are started on first use and join only when all of
 * them are ready (until then {@link threads} is 1 and callers run the whole call themselves); a
 * job blocks the calling thread until every part is done, as a tfjs kernel must.
 */
export interface SimdThreadPool {
  /** How many threads share a call now: the caller plus the ready workers (1 until they are). */
  readonly threads: number;
  /**
   * Runs `exports[name](...parts[k])` for every k: part 0 on the calling thread (through `own`),
   * the others on the workers, and returns when all are done. At most {@link threads} parts.
   */
  run(own: Record<string, unknown>, name: string, parts: number[][]): void;
}

/**
 * Starts `workerCount` workers running the module `bytes` on `memory` (a shared
 * `WebAssembly.Memory`), whose exports `names` the pool may run; null where workers cannot start
 * (then every call stays on the caller's thread).
 */
export function startSimdThreadPool(
  memory: object,
  bytes: Uint8Array,
  names: string[],
  workerCount: number,
): SimdThreadPool | null {
  if (typeof SharedArrayBuffer === 'undefined') return null;
  const control = new Int32Array(new SharedArrayBuffer(4 * (SLOTS + SLOT * workerCount)));
  const workers: WorkerHandle[] = [];
  for (let slot = 0; slot < workerCount; slot++) {
    let worker: WorkerHandle | undefined;
    try {
      worker = platform.startWorker(WORKER_SOURCE);
    } catch {
      worker = undefined;
    }
    if (!worker) {
      for (const w of workers) w.terminate();
      return null;
    }
    worker.postMessage({ memory, bytes, control: control.buffer, slot, names });
    workers.push(worker);
  }
  const blocking = platform.canBlock();
  return {
    get threads() {
      return Atomics.load(control, FAILED) === 0 && Atomics.load(control, READY) === workerCount
        ? workerCount + 1
        : 1;
    },
    run(own, name, parts) {
      const index = names.indexOf(name);
      const f = own[name] as (...a: number[]) => void;
      if (parts.length > workerCount + 1 || index < 0)
        throw new Error(
          `SimdThreadPool.run: ${parts.length} parts of '${name}' for ${workerCount + 1} threads`,
        );
      for (let slot = 0; slot < workerCount; slot++) {
        const args = parts[slot + 1];
        const base = SLOTS + slot * SLOT;
        if (args && args.length > MAX_ARGS)
          throw new Error(`SimdThreadPool.run: '${name}' has ${args.length} arguments`);
        control[base] = args ? index : -1;
        control[base + 1] = args?.length ?? 0;
        if (args) control.set(args, base + 2);
      }
      Atomics.store(control, PENDING, workerCount);
      Atomics.add(control, JOB, 1);
      Atomics.notify(control, JOB);
      f(...parts[0]!);
      for (let k = 0; k < SPIN && Atomics.load(control, PENDING) !== 0; k++);
      for (let busy = Atomics.load(control, PENDING); busy !== 0; busy = Atomics.load(control, PENDING))
        if (blocking) Atomics.wait(control, PENDING, busy);
      if (Atomics.load(control, FAILED) !== 0)
        throw new Error(`aligndet SIMD thread pool: '${name}' failed on a worker`);
    },
  };
}

/**
 * `[lo, hi)` ranges that split `n` into at most `parts` nearly equal pieces, each boundary a
 * multiple of `align` (so that every piece keeps the kernels' blocks of the whole); empty pieces
 * are dropped.
 */
export function splitRange(n: number, parts: number, align: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let lo = 0;
  for (let p = 0; p < parts; p++) {
    const hi = p === parts - 1 ? n : Math.min(n, Math.round((n * (p + 1)) / parts / align) * align);
    if (hi > lo) out.push([lo, hi]);
    lo = Math.max(lo, hi);
  }
  return out;
}
