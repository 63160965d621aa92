import * as tf from '@tensorflow/tfjs-core';
import { platform } from '#platform';
import type { WasmPackageLike } from '../platform/wasm-package';
import { registerTrainingKernels } from './kernels/register-training-kernels';
import { startWasmKernelThreads } from './kernels/wasm/conv-gradient-simd';
import { type BackendPurpose, missingKernels } from './training-kernels';
import { resolveWasmThreads } from './wasm-threads';

/**
 * Backends aligndet can run on, fastest first: in Node `tensorflow-gpu` (`@tensorflow/tfjs-node-gpu`,
 * CUDA) and `tensorflow` (`@tensorflow/tfjs-node`, native CPU); in browsers `webgpu`
 * (`@tensorflow/tfjs-backend-webgpu`) and `webgl` (`@tensorflow/tfjs-backend-webgl`); everywhere
 * `wasm` (`@tensorflow/tfjs-backend-wasm`) and `cpu` (`@tensorflow/tfjs-backend-cpu`, plain JS).
 */
export type BackendChoice = 'tensorflow-gpu' | 'tensorflow' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** What {@link initBackend} chose and why. */
export interface BackendInfo {
  /** Our name of the chosen backend. */
  choice: BackendChoice;
  /** tfjs's registered backend name (`tensorflow`, `webgpu`, `webgl`, `wasm` or `cpu`). */
  tfjsName: string;
  /** The npm package that provides it. */
  packageName: string;
  /** One line: why this backend, and why not the faster ones. */
  reason: string;
  purpose: BackendPurpose;
  /** For `wasm`: the threads its XNNPACK pool uses (1 = the single-threaded SIMD build). */
  threads?: number;
}

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /** `training` (default) also requires the backward kernels. */
  purpose?: BackendPurpose;
  /** Where the one-line report goes. Default `console.info`; pass `() => {}` to silence. */
  log?: (line: string) => void;
  /** Environment to read `ALIGNDET_BACKEND` from. Default `process.env` in Node, none in browsers. */
  env?: Record<string, string | undefined>;
  /**
   * Register aligndet's training kernels: the ones the wasm backend lacks (`Conv2DBackpropFilter`,
   * `UnsortedSegmentSum`) and faster replacements of slow stock ones (see
   * `FAST_KERNEL_FACTORIES`). Default true; false leaves the kernels as they are.
   */
  registerKernels?: boolean;
  /**
   * Threads of the wasm backend (tfjs-backend-wasm's multi-threaded SIMD build: in Node started by
   * aligndet, in a cross-origin-isolated page by tfjs). Default: `ALIGNDET_WASM_THREADS`, else the
   * logical cores (`os.availableParallelism()`, `navigator.hardwareConcurrency`); at most 8. 1
   * gives the single-threaded SIMD build. If the threaded build cannot start, wasm falls back to
   * the single-threaded build and the log line says why. Fixed once the wasm backend has started.
   */
  wasmThreads?: number;
  /**
   * Loads a backend package by name (tests inject failures). Default in Node: dynamic `import()`.
   * Browsers cannot load packages by name: there the default only finds the backends the app
   * imported (which registered themselves); pass a loader to let aligndet set the wasm thread count,
   * e.g. `(name) => name === '@tensorflow/tfjs-backend-wasm' ? import('@tensorflow/tfjs-backend-wasm') : Promise.reject(new Error(`Cannot find module ${name}`))`.
   */
  loadModule?: (packageName: string) => Promise<unknown>;
}

interface Candidate {
  choice: BackendChoice;
  packageName: string;
  tfjsName: string;
  /** Where `auto` tries it (a requested backend is tried anywhere). */
  runtimes: ReadonlyArray<'node' | 'browser'>;
}

/** The fallback order. */
export const BACKEND_CANDIDATES: readonly Candidate[] = [
  {
    choice: 'tensorflow-gpu',
    packageName: '@tensorflow/tfjs-node-gpu',
    tfjsName: 'tensorflow',
    runtimes: ['node'],
  },
  { choice: 'tensorflow', packageName: '@tensorflow/tfjs-node', tfjsName: 'tensorflow', runtimes: ['node'] },
  {
    choice: 'webgpu',
    packageName: '@tensorflow/tfjs-backend-webgpu',
    tfjsName: 'webgpu',
    runtimes: ['browser'],
  },
  {
    choice: 'webgl',
    packageName: '@tensorflow/tfjs-backend-webgl',
    tfjsName: 'webgl',
    runtimes: ['browser'],
  },
  {
    choice: 'wasm',
    packageName: '@tensorflow/tfjs-backend-wasm',
    tfjsName: 'wasm',
    runtimes: ['node', 'browser'],
  },
  {
    choice: 'cpu',
    packageName: '@tensorflow/tfjs-backend-cpu',
    tfjsName: 'cpu',
    runtimes: ['node', 'browser'],
  },
];

/**
 * The browsers' default loader: a page cannot import a package by name, so a backend counts as
 * installed when the app imported it (its package registered the backend's factory).
 */
function registeredBackendLoader(packageName: string): Promise<unknown> {
  const c = BACKEND_CANDIDATES.find((x) => x.packageName === packageName);
  if (c && tf.findBackendFactory(c.tfjsName)) return Promise.resolve({});
  return Promise.reject(
    new Error(
      `Cannot find module ${packageName}: import it in the app to use it (a page cannot load packages by name)`,
    ),
  );
}

/** Thrown when a requested backend cannot be used; the message says what to install or what is missing. */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
}

function isNotInstalled(error: unknown, pkg: string): boolean {
  const e = error as NodeJS.ErrnoException;
  const message = String(e?.message ?? '');
  // Node says ERR_MODULE_NOT_FOUND / MODULE_NOT_FOUND; bundlers and vite say "Could not resolve"
  const notFound =
    e?.code === 'ERR_MODULE_NOT_FOUND' ||
    e?.code === 'MODULE_NOT_FOUND' ||
    /Cannot find (module|package)|Could not resolve|Failed to resolve/.test(message);
  return notFound && message.includes(pkg);
}

type CandidateResult =
  | { ok: true; threads?: number; threadNote?: string }
  | { ok: false; why: string; notInstalled: boolean };

async function tryCandidate(
  c: Candidate,
  purpose: BackendPurpose,
  load: (p: string) => Promise<unknown>,
  wasmThreads: () => { threads: number; source: string },
  registerKernels: boolean,
): Promise<CandidateResult> {
  let pkg: unknown;
  try {
    pkg = await load(c.packageName);
  } catch (error) {
    if (isNotInstalled(error, c.packageName))
      return { ok: false, why: `${c.packageName} is not installed`, notInstalled: true };
    return {
      ok: false,
      why: `${c.packageName} is installed but failed to load (${(error as Error).message.split('\n')[0]})`,
      notInstalled: false,
    };
  }
  if (!tf.findBackendFactory(c.tfjsName))
    return { ok: false, why: `${c.packageName} registered no '${c.tfjsName}' backend`, notInstalled: false };
  if (c.tfjsName === 'webgpu' && !(await webgpuAdapterAvailable()))
    return { ok: false, why: 'webgpu: navigator.gpu gives no adapter', notInstalled: false };
  // after the package registered its kernels, so replacements of slow stock kernels stick
  if (registerKernels) registerTrainingKernels();
  const threadNote = c.choice === 'wasm' ? await startWasm(pkg, load, wasmThreads) : undefined;
  let ok = false;
  try {
    ok = await tf.setBackend(c.tfjsName);
  } catch (error) {
    return {
      ok: false,
      why: `${c.choice} failed to initialise (${(error as Error).message})`,
      notInstalled: false,
    };
  }
  if (!ok) return { ok: false, why: `${c.choice} failed to initialise`, notInstalled: false };
  const missing = missingKernels(c.tfjsName, purpose);
  if (missing.length)
    return {
      ok: false,
      why: `${c.choice} lacks ${purpose} kernels ${missing.join(', ')}`,
      notInstalled: false,
    };
  if (c.choice !== 'wasm') return { ok: true };
  const threads = wasmThreadsOf(pkg);
  if (threads === undefined) return { ok: true, threadNote };
  // aligndet's own SIMD kernels get their worker threads now, so that the first training step
  // already splits its conv gradients like XNNPACK splits the forward convs
  if (registerKernels && threads > 1) await startWasmKernelThreads(tf.backend());
  const wanted = wasmThreads().threads;
  // tfjs's C++ side sizes its pool from the logical cores it is told: in a page, half of
  // navigator.hardwareConcurrency (aligndet's Node start-up tells it 2 × the wanted threads)
  const capped =
    !threadNote && !platform.startThreadedWasm && threads < wanted
      ? `tfjs's threaded build uses at most half of the ${platform.hardwareThreads()} logical cores`
      : threadNote;
  return { ok: true, threads, threadNote: capped };
}

/** The wasm backend's thread count: from its package, else from the started backend's module. */
function wasmThreadsOf(pkg: unknown): number | undefined {
  try {
    const p = wasmPackage(pkg);
    const n = typeof p.getThreadsCount === 'function' ? p.getThreadsCount() : undefined;
    if (typeof n === 'number' && n > 0) return n;
  } catch {
    // the package's counter is unset until it started the backend itself: ask the backend
  }
  const backend = tf.findBackend('wasm') as unknown as {
    wasm?: { tfjs?: { getThreadsCount?: () => number } };
  };
  const n = backend?.wasm?.tfjs?.getThreadsCount?.();
  return typeof n === 'number' && n > 0 ? n : undefined;
}

/** Whether `navigator.gpu` gives an adapter (tfjs-backend-webgpu registers its factory regardless). */
async function webgpuAdapterAvailable(): Promise<boolean> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
  if (!gpu) return false;
  try {
    return (await gpu.requestAdapter()) != null;
  } catch {
    return false;
  }
}

/** The wasm package's own exports (ESM namespace or CJS `module.exports`). */
function wasmPackage(mod: unknown): Partial<WasmPackageLike> {
  const m = mod as Partial<WasmPackageLike> & { default?: Partial<WasmPackageLike> };
  return m.BackendWasm ? m : (m.default ?? m);
}

/**
 * Before the wasm backend's first start: in Node with more than one thread wanted, starts the
 * multi-threaded build (else tfjs's own start-up gives the single-threaded SIMD build in Node); in
 * a cross-origin-isolated page, sets the thread count tfjs's own threaded start-up uses.
 * Returns why there are not more threads, if there is something to say.
 */
async function startWasm(
  mod: unknown,
  load: (p: string) => Promise<unknown>,
  wasmThreads: () => { threads: number; source: string },
): Promise<string | undefined> {
  if (tf.findBackend('wasm')) return undefined; // already started: it keeps its threads
  const { threads, source } = wasmThreads();
  const pkg = wasmPackage(mod);
  if (threads <= 1) {
    if (!platform.startThreadedWasm && typeof pkg.setThreadsCount === 'function') pkg.setThreadsCount(1);
    return source === 'cores' ? 'one core' : `${source}=1`;
  }
  const unavailable = platform.threadsUnavailable();
  if (unavailable) return unavailable;
  if (!platform.startThreadedWasm) {
    // tfjs's own start-up picks the threaded build; without the package it keeps tfjs's default count
    if (typeof pkg.setThreadsCount === 'function') pkg.setThreadsCount(threads);
    return undefined;
  }
  try {
    await platform.startThreadedWasm(pkg as WasmPackageLike, threads, load);
    return undefined;
  } catch (error) {
    return `the threaded build failed: ${String((error as Error)?.message ?? error).split('\n')[0]}`;
  }
}

/**
 * Chooses and activates the fastest usable tfjs backend, and says why in one log line. Order:
 * `@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node`, then the backends shipped as plain npm
 * packages: wasm where its kernels suffice for `purpose` (aligndet registers the training kernels
 * wasm lacks and faster ones where tfjs's are slow, see `registerTrainingKernels`), else cpu. In
 * Node, wasm runs tfjs's multi-threaded SIMD build with `wasmThreads` threads (default
 * `ALIGNDET_WASM_THREADS`, else the core count), falling back to the single-threaded build with the
 * reason logged. In a page, the order is webgpu (when `navigator.gpu` gives an adapter), webgl,
 * wasm, cpu among the backend packages the app imported; wasm gets `navigator.hardwareConcurrency`
 * threads when the page is cross-origin isolated, else one. `ALIGNDET_BACKEND` (Node;
 * `tensorflow-gpu` | `tensorflow` | `webgpu` | `webgl` | `wasm` | `cpu` | `auto`) overrides `preference`. A requested backend that is not installed, or lacks a kernel the purpose
 * needs, is an error naming the package to install or the missing kernels — found now, not
 * mid-training.
 *
 * @example
 * ```ts
 * const info = await initBackend(); // logs e.g. "aligndet: backend wasm with 2 threads for training — ..."
 * info.choice; // 'wasm'
 * info.threads; // 2
 * ```
 */
export async function initBackend(
  preference: BackendChoice | 'auto' = 'auto',
  options: InitBackendOptions = {},
): Promise<BackendInfo> {
  const purpose = options.purpose ?? 'training';
  const registerKernels = options.registerKernels ?? true;
  if (registerKernels) registerTrainingKernels();
  const log = options.log ?? ((line: string) => console.info(line));
  const load = options.loadModule ?? platform.loadModule ?? registeredBackendLoader;
  const env = options.env ?? platform.env();
  const wasmThreads = () => resolveWasmThreads(options.wasmThreads, env);
  if (options.wasmThreads !== undefined) wasmThreads(); // a bad option fails now, whatever is chosen
  const envChoice = env.ALIGNDET_BACKEND;
  let requested = preference;
  let source = preference === 'auto' ? '' : ' (requested)';
  if (envChoice) {
    if (envChoice !== 'auto' && !BACKEND_CANDIDATES.some((c) => c.choice === envChoice)) {
      throw new BackendUnavailableError(
        `ALIGNDET_BACKEND=${envChoice}: expected one of auto, ${BACKEND_CANDIDATES.map((c) => c.choice).join(', ')}`,
      );
    }
    requested = envChoice as BackendChoice | 'auto';
    source = ' (ALIGNDET_BACKEND)';
  }
  const skipped: string[] = [];
  const candidates =
    requested === 'auto'
      ? BACKEND_CANDIDATES.filter((c) => c.runtimes.includes(platform.name))
      : BACKEND_CANDIDATES.filter((c) => c.choice === requested);
  for (const c of candidates) {
    const r = await tryCandidate(c, purpose, load, wasmThreads, registerKernels);
    if (r.ok) {
      silenceCpuBanner(c.tfjsName);
      const reason = skipped.length
        ? `not faster ones: ${skipped.join('; ')}`
        : requested === 'auto'
          ? 'the fastest available'
          : 'as requested';
      const info: BackendInfo = {
        choice: c.choice,
        tfjsName: c.tfjsName,
        packageName: c.packageName,
        reason,
        purpose,
        ...(r.threads === undefined ? {} : { threads: r.threads }),
      };
      const threads =
        r.threads === undefined
          ? ''
          : ` with ${r.threads} thread${r.threads === 1 ? '' : 's'}${r.threadNote ? ` (${r.threadNote})` : ''}`;
      log(`aligndet: backend ${c.choice}${source}${threads} for ${purpose} — ${reason}`);
      return info;
    }
    if (requested !== 'auto') {
      const hint = !r.notInstalled
        ? ''
        : platform.loadModule
          ? `; install it with: npm install ${c.packageName}`
          : `; import '${c.packageName}' in the app`;
      throw new BackendUnavailableError(`backend ${c.choice}${source} is unavailable: ${r.why}${hint}`);
    }
    skipped.push(r.why);
  }
  throw new BackendUnavailableError(`no usable tfjs backend for ${purpose}: ${skipped.join('; ')}`);
}

/** tfjs-backend-cpu prints a "install tfjs-node" banner on first use in Node; our log line replaces it. */
function silenceCpuBanner(tfjsName: string): void {
  if (tfjsName !== 'cpu') return;
  const backend = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (backend && 'firstUse' in backend) backend.firstUse = false;
}
