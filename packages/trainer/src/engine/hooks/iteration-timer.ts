import type { Hook } from '../hook';
import type { TrainLoop } from '../train-loop';

/** Measures step time; puts `time/step` (seconds, smoothed) and `time/elapsed` into the loop storage. */
export class IterationTimer implements Hook {
  private start = 0;
  private trainStart = 0;
  private smoothed = 0;

  beforeTrain(): void {
    this.trainStart = performance.now();
  }

  beforeStep(): void {
    this.start = performance.now();
  }

  afterStep(loop: TrainLoop): void {
    const dt = (performance.now() - this.start) / 1000;
    this.smoothed = this.smoothed === 0 ? dt : 0.9 * this.smoothed + 0.1 * dt;
    loop.storage.set('time/step', this.smoothed);
    loop.storage.set('time/elapsed', (performance.now() - this.trainStart) / 1000);
  }
}
