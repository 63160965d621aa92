// The page's handle on a training run: a worker (train-worker.ts) when one starts and its backend
// initialises there, else the same TrainSession on the page's thread (it yields between steps, so
// the page stays usable, if slower to respond).
import { type PageBackend, startBackend } from './backends';
import type { WorkerCommand } from './train-worker';
import { type TrainEvent, TrainSession, type TrainSettings } from './train-session';

export interface TrainRun {
  /** `worker` or `page` (the fallback). */
  readonly where: 'worker' | 'page';
  pause(): void;
  resume(): void;
  stop(): void;
  /** The run folder's files (see `TrainSession.files`). */
  files(): Promise<Record<string, string | Uint8Array>>;
}

/** Starts a run; events arrive through `onEvent`. */
export function startRun(
  settings: TrainSettings,
  backend: PageBackend,
  onEvent: (e: TrainEvent) => void,
  options: { inPage?: boolean } = {},
): TrainRun {
  if (!options.inPage && typeof Worker !== 'undefined') {
    try {
      return workerRun(settings, backend, onEvent);
    } catch {
      // fall through: no module workers here
    }
  }
  return pageRun(settings, backend, onEvent);
}

function workerRun(
  settings: TrainSettings,
  backend: PageBackend,
  onEvent: (e: TrainEvent) => void,
): TrainRun {
  const worker = new Worker(new URL('./train-worker.js', import.meta.url), { type: 'module' });
  let filesWaiter: ((f: Record<string, string | Uint8Array>) => void) | null = null;
  let fallback: TrainRun | null = null;
  let ready = false;
  const send = (c: WorkerCommand) => (fallback ? undefined : worker.postMessage(c));
  worker.onmessage = (m: MessageEvent<TrainEvent>) => {
    const e = m.data;
    if (e.type === 'ready') ready = true;
    if (e.type === 'files' && filesWaiter) {
      filesWaiter(e.files);
      filesWaiter = null;
      return;
    }
    if (e.type === 'error' && !ready) {
      // the backend did not start in the worker (e.g. no OffscreenCanvas WebGL): train in the page
      worker.terminate();
      fallback = pageRun(settings, backend, onEvent, `worker could not start (${e.message})`);
      return;
    }
    onEvent(e);
  };
  worker.onerror = (e) => {
    if (ready) onEvent({ type: 'error', message: e.message });
    else if (!fallback) {
      worker.terminate();
      fallback = pageRun(settings, backend, onEvent, `worker failed (${e.message})`);
    }
  };
  send({ type: 'start', settings, backend });
  return {
    get where() {
      return fallback ? 'page' : 'worker';
    },
    pause: () => (fallback ? fallback.pause() : send({ type: 'pause' })),
    resume: () => (fallback ? fallback.resume() : send({ type: 'resume' })),
    stop: () => {
      if (fallback) fallback.stop();
      else worker.terminate();
      onEvent({ type: 'state', state: 'done' });
    },
    files: () =>
      fallback
        ? fallback.files()
        : new Promise((ok) => {
            filesWaiter = ok;
            send({ type: 'save' });
          }),
  } as TrainRun;
}

function pageRun(
  settings: TrainSettings,
  backend: PageBackend,
  onEvent: (e: TrainEvent) => void,
  why = 'asked to train in the page',
): TrainRun {
  const session = new TrainSession(settings, onEvent);
  (async () => {
    const started = await startBackend(backend, 'training');
    session.prepare(started.backend, `${started.line} (on the page's thread: ${why})`);
    await session.run();
  })().catch((error) => onEvent({ type: 'error', message: String(error?.message ?? error) }));
  return {
    where: 'page',
    pause: () => session.pause(),
    resume: () => session.resume(),
    stop: () => session.stop(),
    files: () => session.files(),
  };
}
