import type { Hook } from '../hook';
import type { TrainLoop } from '../train-loop';

/**
 * Measures step time: puts `time/step` (seconds, the mean over this session's steps, steadier than
 * a moving average on a shared CPU) and `time/elapsed` into the loop storage.
 */
export class IterationTimer implements Hook {
  private start = 0;
  private trainStart = 0;
  private total = 0;
  private steps = 0;

  beforeTrain(): void {
    this.trainStart = performance.now();
  }

  beforeStep(): void {
    this.start = performance.now();
  }

  afterStep(loop: TrainLoop): void {
    this.total += (performance.now() - this.start) / 1000;
    this.steps++;
    loop.storage.put('time/step', this.total / this.steps);
    loop.storage.put('time/elapsed', (performance.now() - this.trainStart) / 1000);
  }
}
