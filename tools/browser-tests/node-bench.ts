// Node's wasm beside the browser table (`run.mjs --bench`): the same benchmarks, in Node.
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@aligndet/core-tensor';
import { runBenchmarks } from './benchmarks';

const threads = Number(process.argv[2] ?? 1);
const info = await initBackend('wasm', { wasmThreads: threads, log: () => {} });
const timings = await runBenchmarks(false);
console.log(
  JSON.stringify({
    config: `Node wasm (${info.threads} thread${info.threads === 1 ? '' : 's'})`,
    backend: tf.getBackend(),
    ...timings,
  }),
);
