import type { Hook } from '../hook';
import type { TrainLoop } from '../train-loop';

/** Where progress goes: a TTY gets a redrawn bar, anything else plain lines. */
export interface ProgressSink {
  isTTY: boolean;
  write(text: string): void;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0
    ? `${h}h${String(m).padStart(2, '0')}m`
    : m > 0
      ? `${m}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
}

/**
 * Console progress: a bar with iteration, loss terms, lr, it/s and ETA, redrawn in place on a
 * TTY; on a pipe or in CI, one quiet line every `period` iterations.
 */
export class ConsoleProgress implements Hook {
  readonly stage = 'write';
  constructor(
    readonly period = 20,
    readonly sink: ProgressSink = {
      isTTY: Boolean(process.stderr.isTTY),
      write: (t) => process.stderr.write(t),
    },
  ) {}

  /** One status line for the current iteration. */
  line(loop: TrainLoop): string {
    const losses = loop.lastResult?.losses ?? {};
    const terms = Object.entries(losses)
      .map(([k, v]) => `${k.replace(/^loss_/, '')} ${v.toFixed(3)}`)
      .join(' ');
    const step = loop.storage.latest('time/step')?.value ?? Number.NaN;
    const eta = step * (loop.maxIter - loop.iter);
    const pct = Math.floor((100 * loop.iter) / loop.maxIter);
    const width = 20;
    const filled = Math.round((width * loop.iter) / loop.maxIter);
    const bar = `${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${' '.repeat(width - filled)}`;
    const ap = loop.storage.latest('eval/AP')?.value;
    return (
      `iter ${loop.iter}/${loop.maxIter} [${bar}] ${pct}% | loss ${loop.totalLoss.toFixed(3)} (${terms}) | lr ${loop.lr.toPrecision(3)}` +
      ` | ${(1 / step).toFixed(2)} it/s | ETA ${formatDuration(eta)}${ap !== undefined ? ` | AP ${(100 * ap).toFixed(1)}` : ''}`
    );
  }

  afterStep(loop: TrainLoop): void {
    if (this.sink.isTTY) this.sink.write(`\r${this.line(loop)}\x1b[K`);
    else if (loop.iter % this.period === 0 || loop.iter === loop.maxIter)
      this.sink.write(`${this.line(loop)}\n`);
  }

  afterTrain(): void {
    if (this.sink.isTTY) this.sink.write('\n');
  }
}
