import * as tf from '@tensorflow/tfjs-core';
import { registerTrainingKernels } from './kernels/register-training-kernels';
import { type BackendPurpose, missingKernels } from './training-kernels';
import { registerThreadedWasm, resolveWasmThreads, type WasmPackageLike } from './wasm-threads';

/**
 * Backends aligndet can run on, fastest first: `tensorflow-gpu` (`@tensorflow/tfjs-node-gpu`,
 * CUDA), `tensorflow` (`@tensorflow/tfjs-node`, native CPU), `wasm`
 * (`@tensorflow/tfjs-backend-wasm`) and `cpu` (`@tensorflow/tfjs-backend-cpu`, plain JS).
 */
export type BackendChoice = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** What {@link initBackend} chose and why. */
export interface BackendInfo {
  /** Our name of the chosen backend. */
  choice: BackendChoice;
  /** tfjs's registered backend name (`tensorflow`, `wasm` or `cpu`). */
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
  /** Environment to read `ALIGNDET_BACKEND` from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * Register aligndet's training kernels: the ones the wasm backend lacks (`Conv2DBackpropFilter`,
   * `UnsortedSegmentSum`) and faster replacements of slow stock ones (see
   * `FAST_KERNEL_FACTORIES`). Default true; false leaves the kernels as they are.
   */
  registerKernels?: boolean;
  /**
   * Threads of the wasm backend (Node: tfjs-backend-wasm's multi-threaded SIMD build, started by
   * aligndet). Default: `ALIGNDET_WASM_THREADS`, else `os.availableParallelism()`; at most 8. 1
   * gives the single-threaded SIMD build. If the threaded build cannot start, wasm falls back to
   * the single-threaded build and the log line says why. Fixed once the wasm backend has started.
   */
  wasmThreads?: number;
  /** Loads a package or package file (tests inject failures). Default: dynamic `import()`. */
  loadModule?: (packageName: string) => Promise<unknown>;
}

interface Candidate {
  choice: BackendChoice;
  packageName: string;
  tfjsName: string;
}

/** The fallback order. */
export const BACKEND_CANDIDATES: readonly Candidate[] = [
  { choice: 'tensorflow-gpu', packageName: '@tensorflow/tfjs-node-gpu', tfjsName: 'tensorflow' },
  { choice: 'tensorflow', packageName: '@tensorflow/tfjs-node', tfjsName: 'tensorflow' },
  { choice: 'wasm', packageName: '@tensorflow/tfjs-backend-wasm', tfjsName: 'wasm' },
  { choice: 'cpu', packageName: '@tensorflow/tfjs-backend-cpu', tfjsName: 'cpu' },
];

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
  try {
    return { ok: true, threads: wasmPackage(pkg).getThreadsCount(), threadNote };
  } catch {
    return { ok: true, threadNote };
  }
}

/** The wasm package's own exports (ESM namespace or CJS `module.exports`). */
function wasmPackage(mod: unknown): WasmPackageLike {
  const m = mod as Partial<WasmPackageLike> & { default?: Partial<WasmPackageLike> };
  return (m.BackendWasm ? m : (m.default ?? m)) as WasmPackageLike;
}

/**
 * Before the wasm backend's first start: in Node with more than one thread wanted, starts the
 * multi-threaded build (else tfjs's own start-up gives the single-threaded SIMD build in Node).
 * Returns why there are not more threads, if there is something to say.
 */
async function startWasm(
  mod: unknown,
  load: (p: string) => Promise<unknown>,
  wasmThreads: () => { threads: number; source: string },
): Promise<string | undefined> {
  if (tf.findBackend('wasm')) return undefined; // already started: it keeps its threads
  const { threads, source } = wasmThreads();
  if (threads <= 1) return source === 'cores' ? 'one core' : `${source}=1`;
  if (typeof process === 'undefined' || !process.versions?.node) return undefined; // browsers: tfjs's own start-up
  try {
    await registerThreadedWasm(wasmPackage(mod), threads, load);
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
 * reason logged. `ALIGNDET_BACKEND` (`tensorflow-gpu` | `tensorflow` | `wasm` | `cpu` | `auto`)
 * overrides `preference`. A requested backend that is not installed, or lacks a kernel the purpose
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
  const load = options.loadModule ?? ((p: string) => import(/* @vite-ignore */ p));
  const env = options.env ?? process.env;
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
    requested === 'auto' ? BACKEND_CANDIDATES : BACKEND_CANDIDATES.filter((c) => c.choice === requested);
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
      const hint = r.notInstalled ? `; install it with: npm install ${c.packageName}` : '';
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
