import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import * as tf from '@tensorflow/tfjs-core';
import type { WasmPackageLike } from './wasm-package';

/** The part of the emscripten module the threaded set-up touches. */
interface EmscriptenThreadedModule {
  cwrap(name: string, ret: string | null, args: string[]): (...a: number[]) => number;
  PThread: { unusedWorkers: WorkerLike[]; runningWorkers: WorkerLike[] };
  tfjs?: Record<string, unknown>;
  /** Emscripten's name for the memory object (the threaded build does not keep it on the module). */
  wasmMemory?: unknown;
}

interface WorkerLike {
  unref(): void;
  terminate(): unknown;
}

type Factory = (config: Record<string, unknown>) => Promise<EmscriptenThreadedModule>;

/** The package files the threaded build consists of (loaded through `initBackend`'s loader). */
export const THREADED_WASM_FILES = {
  factory: '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js',
  worker: '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js',
} as const;

/** How long the threaded build may take to start before the caller falls back. */
const START_TIMEOUT_MS = 30_000;

/** The global `WebAssembly` (not in this package's TS lib). */
function wasmApi(): {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: unknown; module: unknown }>;
  Memory: new (...args: never[]) => object;
} {
  return (globalThis as unknown as { WebAssembly: ReturnType<typeof wasmApi> }).WebAssembly;
}

function unwrapDefault(mod: unknown): Record<string, unknown> {
  const m = mod as Record<string, unknown>;
  return (m && typeof m === 'object' && 'default' in m ? (m.default as Record<string, unknown>) : m) ?? m;
}

/**
 * Writes tfjs's pthread worker script to a content-addressed file in the OS temp folder: Node's
 * `worker_threads` cannot start a worker from the `blob:` URL tfjs makes in browsers.
 */
function workerScriptFile(contents: string): string {
  // tfjs keeps the script in a template literal whose `\n` escapes became real newlines; turn them
  // back into escapes, as tfjs does before it makes its blob
  const script = contents.replace(/\n/g, '\\n');
  const hash = createHash('sha256').update(script).digest('hex').slice(0, 16);
  const file = join(tmpdir(), `aligndet-tfjs-wasm-threaded-simd-${hash}.worker.cjs`);
  if (existsSync(file) && readFileSync(file, 'utf8') === script) return file;
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, script);
  renameSync(temp, file);
  return file;
}

/**
 * Starts tfjs-backend-wasm's multi-threaded SIMD build in Node and registers it as the `wasm`
 * backend (tfjs itself only uses that build in browsers). What it does differently from tfjs's own
 * start-up: the pthread worker is a real file (not a `blob:` URL), the workers load the build's own
 * script, the C++ side is told the machine has `2 × threads` logical cores (it uses half of them
 * and caps the count), the idle pool workers are terminated and the pool's threads unref'ed so they
 * never keep Node alive, and the process listeners emscripten adds are removed again.
 *
 * Resolves to the actual thread count; rejects (leaving the registered `wasm` backend untouched)
 * when any step fails, so the caller can fall back to the single-threaded build.
 */
export async function registerThreadedWasm(
  pkg: WasmPackageLike,
  threads: number,
  load: (name: string) => Promise<unknown>,
): Promise<number> {
  if (typeof process === 'undefined' || !process.versions?.node)
    throw new Error('registerThreadedWasm is for Node (browsers use tfjs-backend-wasm as shipped)');
  const factory = unwrapDefault(await load(THREADED_WASM_FILES.factory)) as unknown as Factory;
  if (typeof factory !== 'function')
    throw new Error(`${THREADED_WASM_FILES.factory} exports no module factory`);
  const workerMod = (await load(THREADED_WASM_FILES.worker)) as Record<string, unknown>;
  const contents = (workerMod.wasmWorkerContents ?? unwrapDefault(workerMod).wasmWorkerContents) as
    | string
    | undefined;
  if (typeof contents !== 'string') throw new Error(`${THREADED_WASM_FILES.worker} has no worker script`);
  const workerFile = workerScriptFile(contents);
  new Script(readFileSync(workerFile, 'utf8'), { filename: workerFile }); // a syntax error would crash the process from the worker

  let wasmFile: string | null = null;
  let memory: unknown;
  const listenersBefore = {
    uncaughtException: process.listeners('uncaughtException'),
    unhandledRejection: process.listeners('unhandledRejection'),
  };
  let module: EmscriptenThreadedModule;
  let timer: NodeJS.Timeout | undefined;
  try {
    let fail: (error: Error) => void = () => {};
    const failed = new Promise<never>((_, reject) => {
      fail = reject;
      timer = setTimeout(
        () => reject(new Error(`the threaded build did not start within ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
    });
    const started = factory({
      locateFile: (path: string, prefix: string) => {
        if (path.endsWith('.worker.js')) return workerFile;
        const full = prefix + path;
        if (path.endsWith('.wasm')) wasmFile = full;
        return full;
      },
      instantiateWasm: (
        info: { env: Record<string, unknown> },
        receive: (instance: unknown, module: unknown) => void,
      ) => {
        if (!wasmFile) {
          fail(new Error('the wasm binary was not located'));
          return {};
        }
        const env = { ...info.env, emscripten_num_logical_cores: () => 2 * threads };
        // the shared memory the build imports: kept on the module for aligndet's own wasm kernels
        memory = Object.values(info.env).find((v) => v instanceof wasmApi().Memory);
        wasmApi()
          .instantiate(readFileSync(wasmFile), { ...info, env })
          .then(
            (r) => receive(r.instance, r.module),
            (error: Error) => fail(error),
          );
        return {};
      },
    });
    module = await Promise.race([started, failed]);
  } finally {
    clearTimeout(timer);
    for (const l of process.listeners('uncaughtException'))
      if (!listenersBefore.uncaughtException.includes(l)) process.removeListener('uncaughtException', l);
    for (const l of process.listeners('unhandledRejection'))
      if (!listenersBefore.unhandledRejection.includes(l)) process.removeListener('unhandledRejection', l);
  }
  if (memory && !module.wasmMemory) module.wasmMemory = memory;
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  pkg.setThreadsCount(threads);
  const backend = new pkg.BackendWasm(module);
  // the XNNPACK pool's threads now exist: drop the spare pre-created workers, and let Node exit
  // while the pool's threads wait for work
  for (const w of module.PThread.unusedWorkers.splice(0)) w.terminate();
  for (const w of module.PThread.runningWorkers) w.unref();
  if (tf.findBackendFactory('wasm')) tf.removeBackend('wasm');
  tf.registerBackend('wasm', () => backend, 2);
  return pkg.getThreadsCount();
}
