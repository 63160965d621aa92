// Per-thread float32 peaks for the benchmark's ceiling analysis: the wasm SIMD128 multiply-add loop
// (simd-peak.wasm, run in this process) and the same loop natively (native-peak.c, built with clang
// when it is installed).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** One measured peak. */
export interface Peak {
  path: string;
  gflops: number;
}

/** The part of the WebAssembly global this file uses (the package's TS lib has no DOM types). */
interface WasmGlobal {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: Record<string, unknown> } }>;
}

/** GFLOP/s of simd-peak.wasm's loop on one thread (best of 3 runs of ~1 s). */
export async function wasmSimdPeak(): Promise<number> {
  const wasm = (globalThis as unknown as { WebAssembly: WasmGlobal }).WebAssembly;
  const { instance } = await wasm.instantiate(readFileSync(join(here, 'simd-peak.wasm')));
  const loop = instance.exports.multiply_add_loop as (steps: number, seed: number) => number;
  const flopsPerStep = 12 * 8;
  loop(1e6, 1);
  let best = 0;
  for (let r = 0; r < 3; r++) {
    const steps = 5e7;
    const t = performance.now();
    loop(steps, r);
    best = Math.max(best, (steps * flopsPerStep) / (performance.now() - t) / 1e6);
  }
  return best;
}

/** The native loops' GFLOP/s, or why they could not run (no clang, no AVX-512: the paths before). */
export function nativePeaks(): Peak[] | string {
  const dir = mkdtempSync(join(tmpdir(), 'native-peak-'));
  try {
    const exe = join(dir, 'native-peak');
    const cc = spawnSync('clang', ['-O2', '-mavx512f', '-mfma', join(here, 'native-peak.c'), '-o', exe], {
      encoding: 'utf8',
    });
    if (cc.error || cc.status !== 0) return 'clang not available (apt-get install clang)';
    const run = spawnSync(exe, [], { encoding: 'utf8' });
    const peaks = run.stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Peak);
    return peaks.length ? peaks : `native-peak failed (${run.signal ?? run.status})`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
