import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Platform } from './platform';
import { registerThreadedWasm } from './threaded-wasm-node';

/** The Node runtime: packages load by name, and aligndet starts tfjs's threaded wasm build itself. */
export const platform: Platform = {
  name: 'node',
  env: () => process.env,
  hardwareThreads: () => availableParallelism(),
  loadModule: (packageName) => import(/* @vite-ignore */ packageName),
  threadsUnavailable: () => undefined,
  startThreadedWasm: registerThreadedWasm,
  startWorker: (source) => {
    const worker = new Worker(source, { eval: true });
    worker.unref();
    return worker;
  },
  canBlock: () => true,
};
