// Backend choice for the page and its training worker. `auto` is the fastest backend that
// initialises: webgpu, then webgl, then wasm, then cpu, except that a GPU backend running on a
// software rasteriser (SwiftShader, llvmpipe: what headless chromium without a GPU gives) is
// skipped, because there wasm is many times faster (see bench/results). Choosing it explicitly
// still uses it.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import * as tf from '@tensorflow/tfjs-core';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { type BackendChoice, initBackend } from '@aligndet/core-tensor';

/** What the backend menu offers. */
export type PageBackend = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const PAGE_BACKENDS: readonly PageBackend[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

/** The backend a page (or worker) runs on, and a line saying why. */
export interface StartedBackend {
  backend: Exclude<PageBackend, 'auto'>;
  line: string;
  /** The GPU's renderer / adapter description, for the GPU backends. */
  device?: string;
}

const SOFTWARE = /swiftshader|llvmpipe|software|basic render/i;

/** The renderer behind webgl (WebGL2), or null when there is none. */
function webglRenderer(): string | null {
  const canvas =
    typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
  const gl = canvas.getContext('webgl2') as WebGL2RenderingContext | null;
  if (!gl) return null;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

/** The WebGPU adapter's description, or null when navigator.gpu gives none. */
async function webgpuAdapter(): Promise<string | null> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  const adapter = gpu ? await gpu.requestAdapter() : null;
  if (!adapter) return null;
  // GPUAdapter.info (Chrome 114+; older typings lack it)
  const info = (adapter as GPUAdapter & { info?: Record<string, string> }).info;
  const text = [info?.vendor, info?.architecture, info?.device, info?.description].filter(Boolean).join(' ');
  return (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter
    ? `${text} (fallback adapter)`
    : text || 'unknown adapter';
}

async function device(b: 'webgpu' | 'webgl'): Promise<string | null> {
  try {
    return b === 'webgpu' ? await webgpuAdapter() : webglRenderer();
  } catch {
    return null;
  }
}

let wasmPathSet = false;

async function start(b: Exclude<PageBackend, 'auto'>, purpose: 'training' | 'inference'): Promise<string> {
  if (!wasmPathSet) {
    // the .wasm files are served beside the page (scripts/build.mjs copies them)
    wasm.setWasmPaths(new URL('./', location.href).href);
    wasmPathSet = true;
  }
  let line = '';
  await initBackend(b as BackendChoice, {
    purpose,
    log: (l) => (line = l),
    // a page cannot import by name: hand initBackend the wasm package so it can set the threads
    loadModule: async (name) => (name === '@tensorflow/tfjs-backend-wasm' ? wasm : {}),
    wasmThreads: navigator.hardwareConcurrency,
  });
  return line || b;
}

/**
 * Starts `choice` (or, for `auto`, the fastest that initialises, see the file comment); throws
 * with initBackend's reason when a named backend does not start.
 */
export async function startBackend(
  choice: PageBackend,
  purpose: 'training' | 'inference' = 'inference',
): Promise<StartedBackend> {
  if (choice !== 'auto') {
    const dev = choice === 'webgpu' || choice === 'webgl' ? await device(choice) : null;
    let line = await start(choice, purpose);
    // chosen by hand on a software GPU: it works (detections as on wasm, training steps too), but
    // measured on SwiftShader here a training step took 16–110 s against wasm's 0.2–0.5 s
    if (dev && SOFTWARE.test(dev))
      line += `; ${dev} is a software GPU: correct but slow, wasm is faster here`;
    return { backend: choice, line, ...(dev ? { device: dev } : {}) };
  }
  const skipped: string[] = [];
  for (const b of ['webgpu', 'webgl', 'wasm', 'cpu'] as const) {
    if (b === 'webgpu' || b === 'webgl') {
      const dev = await device(b);
      if (!dev) {
        skipped.push(`${b}: not available`);
        continue;
      }
      if (SOFTWARE.test(dev)) {
        skipped.push(`${b}: software rendering (${dev}), slower than wasm`);
        continue;
      }
    }
    try {
      const line = await start(b, purpose);
      return { backend: b, line: skipped.length ? `${line}; skipped ${skipped.join('; ')}` : line };
    } catch (error) {
      skipped.push(`${b}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`no backend initialised: ${skipped.join('; ')}`);
}

/** tfjs's current backend name. */
export const currentBackend = (): string => tf.getBackend();
