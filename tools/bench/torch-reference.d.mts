// Types of torch-reference.mjs.

export interface TorchRow {
  variant: string;
  positives: number;
  wallBestMs: number;
  wallMedianMs: number;
  cpuBestMs: number;
  cpuMedianMs: number;
  /** Points whose assigned GT differs from ours (−1 = background). */
  mismatches: number;
  torch: string;
}

/** Why the reference cannot run here, or undefined when python3 and torch are importable. */
export function torchMissing(): string | undefined;

/**
 * Writes `arrays` (+ `scalars`) to a fresh temporary directory, runs `script` on it with `runs`
 * timed repetitions, and compares each variant's assignment with `ours` (`[P]` GT index or −1).
 */
export function runTorchReference(
  script: string,
  arrays: Record<string, Float32Array | Float64Array | Int32Array>,
  scalars: Record<string, number>,
  runs: number,
  ours: Int32Array,
): TorchRow[];
