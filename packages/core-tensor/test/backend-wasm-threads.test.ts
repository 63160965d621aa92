import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { groupNorm, initBackend, MAX_WASM_THREADS, resolveWasmThreads } from '@aligndet/core-tensor';
import { expectTensorsClose } from '@aligndet/core-tensor/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { groupNormSimd } from '../src/backend/kernels/group-norm/group-norm-simd';

const child = fileURLToPath(new URL('./helpers/wasm-threads-child.ts', import.meta.url));
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** Runs the child script in a fresh Node process; it must exit by itself within 60 s. */
function runChild(mode: 'threads' | 'fallback', env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--conditions=@aligndet/source', '--import', 'tsx', child, mode], {
    cwd: packageRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return {
    status: r.status,
    signal: r.signal,
    stderr: r.stderr,
    out:
      r.status === 0
        ? (JSON.parse(r.stdout.trim().split('\n').pop()!) as {
            threads: number;
            lines: string[];
            y: number[];
          })
        : null,
  };
}

describe('wasm threads in Node', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('the threaded SIMD build starts with 2 threads and its conv and conv gradients equal the cpu backend', async () => {
    const lines: string[] = [];
    const info = await initBackend('wasm', { wasmThreads: 2, log: (l) => lines.push(l), env: {} });
    expect(info.threads).toBe(2);
    expect(lines).toEqual(['aligndet: backend wasm (requested) with 2 threads for training — as requested']);
    const make = () => {
      const x = tf.randomNormal([3, 33, 31, 7], 0, 1, 'float32', 1) as tf.Tensor4D;
      const w = tf.randomNormal([3, 3, 7, 10], 0, 0.3, 'float32', 2) as tf.Tensor4D;
      const r = tf.randomNormal([3, 17, 16, 10], 0, 1, 'float32', 3);
      const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'), r)),
      )([x, w]);
      return [tf.conv2d(x, w, 1, 'same'), gx!, gw!].map((t) => Array.from(t.dataSync()));
    };
    // aligndet's GroupNorm SIMD sweeps run on the threaded build's shared memory
    expect(groupNormSimd(tf.backend())).not.toBeNull();
    const makeGroupNorm = () => {
      const x = tf.randomNormal([2, 9, 7, 12], 1, 2, 'float32', 4) as tf.Tensor4D;
      const r = tf.randomNormal([2, 9, 7, 12], 0, 1, 'float32', 5);
      const w = tf.randomNormal([12], 1, 0.5, 'float32', 6) as tf.Tensor1D;
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(groupNorm(a as tf.Tensor4D, { numGroups: 3, weight: b as tf.Tensor1D }), r));
      return [groupNorm(x, { numGroups: 3, weight: w }), ...tf.grads(f)([x, w])].map((t) =>
        Array.from(t.dataSync()),
      );
    };
    const wasm = tf.tidy(make);
    const wasmGroupNorm = tf.tidy(makeGroupNorm);
    await initBackend('cpu', { log: () => {}, env: {} });
    const cpu = tf.tidy(make);
    const cpuGroupNorm = tf.tidy(makeGroupNorm);
    for (let i = 0; i < 3; i++) expectTensorsClose(wasm[i]!, cpu[i]!, { rtol: 1e-4, atol: 1e-4 });
    for (let i = 0; i < 3; i++)
      expectTensorsClose(wasmGroupNorm[i]!, cpuGroupNorm[i]!, { rtol: 1e-4, atol: 1e-4 });
    // once started, wasm keeps its threads
    const again = await initBackend('wasm', { wasmThreads: 1, log: () => {}, env: {} });
    expect(again.threads).toBe(2);
  });

  it('a fresh process starts threaded wasm (ALIGNDET_WASM_THREADS=2) and exits by itself', () => {
    const r = runChild('threads', { ALIGNDET_WASM_THREADS: '2' });
    expect({ status: r.status, signal: r.signal }).toEqual({ status: 0, signal: null });
    expect(r.out!.threads).toBe(2);
    expect(r.out!.lines).toEqual([
      'aligndet: backend wasm (requested) with 2 threads for inference — as requested',
    ]);
  });

  it('falls back to the single-threaded build when the threaded one cannot start, and logs why', () => {
    const r = runChild('fallback', { ALIGNDET_WASM_THREADS: '2' });
    expect({ status: r.status, signal: r.signal }).toEqual({ status: 0, signal: null });
    expect(r.out!.threads).toBe(1);
    expect(r.out!.lines).toEqual([
      'aligndet: backend wasm (requested) with 1 thread (the threaded build failed: simulated: cannot read the script) for inference — as requested',
    ]);
    // same numbers as the threaded process
    const threaded = runChild('threads', { ALIGNDET_WASM_THREADS: '2' });
    expectTensorsClose(r.out!.y, threaded.out!.y, { rtol: 1e-5, atol: 1e-5 });
  });

  it('ALIGNDET_WASM_THREADS=1 gives the single-threaded build and says so', () => {
    const r = runChild('threads', { ALIGNDET_WASM_THREADS: '1' });
    expect(r.status).toBe(0);
    expect(r.out!.lines).toEqual([
      'aligndet: backend wasm (requested) with 1 thread (ALIGNDET_WASM_THREADS=1) for inference — as requested',
    ]);
  });

  it('resolveWasmThreads: option, then ALIGNDET_WASM_THREADS, then the core count; at most 8', () => {
    expect(resolveWasmThreads(3, { ALIGNDET_WASM_THREADS: '5' })).toEqual({
      threads: 3,
      source: 'wasmThreads',
    });
    expect(resolveWasmThreads(undefined, { ALIGNDET_WASM_THREADS: '5' })).toEqual({
      threads: 5,
      source: 'ALIGNDET_WASM_THREADS',
    });
    expect(resolveWasmThreads(undefined, {})).toEqual({
      threads: Math.min(availableParallelism(), MAX_WASM_THREADS),
      source: 'cores',
    });
    expect(resolveWasmThreads(64, {}).threads).toBe(8);
  });

  it('throws when the thread count is not a positive integer, naming where it came from', async () => {
    expect(() => resolveWasmThreads(0, {})).toThrow(
      'initBackend: wasmThreads must be a positive integer, got 0',
    );
    expect(() => resolveWasmThreads(1.5, {})).toThrow(
      'initBackend: wasmThreads must be a positive integer, got 1.5',
    );
    expect(() => resolveWasmThreads(undefined, { ALIGNDET_WASM_THREADS: 'many' })).toThrow(
      "initBackend: ALIGNDET_WASM_THREADS must be a positive integer, got 'many'",
    );
    await expect(initBackend('cpu', { wasmThreads: -2, log: () => {}, env: {} })).rejects.toThrow(
      'initBackend: wasmThreads must be a positive integer, got -2',
    );
  });
});
