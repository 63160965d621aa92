import * as tf from '@tensorflow/tfjs-core';
import { registerTrainingKernels } from './kernels/register-training-kernels';
import { type BackendPurpose, missingKernels } from './training-kernels';

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
   * Register aligndet's training kernels for backends that lack them (the wasm backend's
   * `Conv2DBackpropFilter` and `UnsortedSegmentSum`). Default true; false gives stock tfjs.
   */
  registerKernels?: boolean;
  /** Loads a package (tests inject failures). Default: dynamic `import()`. */
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

async function tryCandidate(
  c: Candidate,
  purpose: BackendPurpose,
  load: (p: string) => Promise<unknown>,
): Promise<{ ok: true } | { ok: false; why: string; notInstalled: boolean }> {
  try {
    await load(c.packageName);
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
  return { ok: true };
}

/**
 * Chooses and activates the fastest usable tfjs backend, and says why in one log line. Order:
 * `@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node`, then the backends shipped as plain npm
 * packages: wasm where its kernels suffice for `purpose` (aligndet registers the training kernels
 * wasm lacks, see `registerTrainingKernels`), else cpu. `ALIGNDET_BACKEND`
 * (`tensorflow-gpu` | `tensorflow` | `wasm` | `cpu` | `auto`) overrides `preference`. A requested
 * backend that is not installed, or lacks a kernel the purpose needs, is an error naming the
 * package to install or the missing kernels — found now, not mid-training.
 *
 * @example
 * ```ts
 * const info = await initBackend(); // logs e.g. "aligndet: backend cpu for training — ..."
 * info.choice; // 'cpu'
 * ```
 */
export async function initBackend(
  preference: BackendChoice | 'auto' = 'auto',
  options: InitBackendOptions = {},
): Promise<BackendInfo> {
  const purpose = options.purpose ?? 'training';
  if (options.registerKernels ?? true) registerTrainingKernels();
  const log = options.log ?? ((line: string) => console.info(line));
  const load = options.loadModule ?? ((p: string) => import(/* @vite-ignore */ p));
  const envChoice = (options.env ?? process.env).ALIGNDET_BACKEND;
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
    const r = await tryCandidate(c, purpose, load);
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
      };
      log(`aligndet: backend ${c.choice}${source} for ${purpose} — ${reason}`);
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
