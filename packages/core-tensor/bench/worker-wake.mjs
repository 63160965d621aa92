// Benchmark: the round trip of one job to a worker thread through Atomics, the way the SIMD
// kernels' thread pool (src/backend/kernels/wasm/simd-thread-pool.ts) hands out work:
//   node bench/worker-wake.mjs spin   (the worker polls)   node bench/worker-wake.mjs wait   (it sleeps)
import { Worker } from 'node:worker_threads';
const c = new Int32Array(new SharedArrayBuffer(64));
const spin = process.argv[2] === 'spin';
const src = `
const { workerData } = require('node:worker_threads');
const c = new Int32Array(workerData.buf); const spin = workerData.spin;
let job = Atomics.load(c, 0); Atomics.add(c, 2, 1);
for (;;) {
  if (spin) { while (Atomics.load(c, 0) === job); } else Atomics.wait(c, 0, job);
  const now = Atomics.load(c, 0); if (now === job) continue; job = now;
  if (Atomics.sub(c, 1, 1) === 1) Atomics.notify(c, 1);
}`;
const w = new Worker(src, { eval: true, workerData: { buf: c.buffer, spin } });
w.unref();
while (Atomics.load(c, 2) === 0) await new Promise((r) => setTimeout(r, 10));
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  const n = 20000;
  for (let i = 0; i < n; i++) {
    Atomics.store(c, 1, 1);
    Atomics.add(c, 0, 1);
    Atomics.notify(c, 0);
    for (let b = Atomics.load(c, 1); b !== 0; b = Atomics.load(c, 1)) if (!spin) Atomics.wait(c, 1, b);
  }
  console.log(spin ? 'spin' : 'wait', (((performance.now() - t) / n) * 1000).toFixed(2), 'us per round trip');
}
process.exit(0);
