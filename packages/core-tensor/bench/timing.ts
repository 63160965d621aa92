// Wall-clock timing for the benchmark: warm-up runs, then the median and minimum of the reps.

/** Times of one measurement, in milliseconds. */
export interface Timing {
  medianMs: number;
  minMs: number;
  reps: number;
}

/** Runs `f` `warmup` times, then `reps` times, and returns the median and minimum. */
export function time(f: () => void, reps: number, warmup = 1): Timing {
  for (let i = 0; i < warmup; i++) f();
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    f();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const mid = Math.floor(ms.length / 2);
  const medianMs = ms.length % 2 ? ms[mid]! : (ms[mid - 1]! + ms[mid]!) / 2;
  return { medianMs, minMs: ms[0]!, reps };
}
