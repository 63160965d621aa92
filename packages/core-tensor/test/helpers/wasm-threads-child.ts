// Run in a child Node process by backend-wasm-threads.test.ts
// (`node --conditions=@aligndet/source --import tsx <this> <mode>`):
// starts the wasm backend the way a fresh process does, runs a conv, prints one JSON line and
// returns from the script, so the test can see that the process exits by itself.
//   mode threads  — default thread count (ALIGNDET_WASM_THREADS from the parent)
//   mode fallback — the threaded build's script fails to load: single-threaded wasm, reason logged
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/init-backend';
import { THREADED_WASM_FILES } from '../../src/platform/threaded-wasm-node';

const mode = process.argv[2];
const lines: string[] = [];
const info = await initBackend('wasm', {
  purpose: 'inference',
  log: (l) => lines.push(l),
  env: process.env,
  loadModule: async (name) => {
    if (mode === 'fallback' && name === THREADED_WASM_FILES.factory)
      throw new Error('simulated: cannot read the script');
    return import(/* @vite-ignore */ name);
  },
});
const x = tf.randomNormal([2, 16, 16, 8], 0, 1, 'float32', 1) as tf.Tensor4D;
const w = tf.randomNormal([3, 3, 8, 8], 0, 1, 'float32', 2) as tf.Tensor4D;
const y = Array.from(tf.conv2d(x, w, 1, 'same').dataSync().slice(0, 8));
console.log(JSON.stringify({ threads: info.threads, lines, y }));
