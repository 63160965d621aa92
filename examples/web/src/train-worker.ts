// The training worker: one run per worker, so the page stays responsive while it trains (tfjs in
// a worker: wasm and cpu always, webgl through OffscreenCanvas, webgpu where the browser offers
// navigator.gpu to workers). Messages in: start, pause, resume, save, stop; out: TrainEvent.
import { startBackend, type PageBackend } from './backends';
import { type TrainEvent, TrainSession, type TrainSettings } from './train-session';

export type WorkerCommand =
  | { type: 'start'; settings: TrainSettings; backend: PageBackend }
  | { type: 'pause' | 'resume' | 'save' | 'stop' };

const post = (e: TrainEvent) => {
  if (e.type === 'files') {
    const transfer = Object.values(e.files).flatMap((f) => (typeof f === 'string' ? [] : [f.buffer]));
    (self as unknown as Worker).postMessage(e, transfer as Transferable[]);
  } else (self as unknown as Worker).postMessage(e);
};
let session: TrainSession | null = null;

self.onmessage = async (m: MessageEvent<WorkerCommand>) => {
  const c = m.data;
  try {
    if (c.type === 'start') {
      const started = await startBackend(c.backend, 'training');
      session = new TrainSession(c.settings, post);
      session.prepare(started.backend, `${started.line} (in a worker)`);
      await session.run();
    } else if (c.type === 'pause') session?.pause();
    else if (c.type === 'resume') session?.resume();
    else if (c.type === 'stop') session?.stop();
    else if (c.type === 'save' && session) post({ type: 'files', files: await session.files() });
  } catch (error) {
    post({ type: 'error', message: String((error as Error)?.message ?? error) });
  }
};
