import * as tf from '@tensorflow/tfjs-core';
import type { Hook } from '../hook';
import type { TrainLoop } from '../train-loop';

/** Records `tf.memory()` (tensor count and bytes) after each step, to spot leaks early. */
export class MemoryStats implements Hook {
  afterStep(loop: TrainLoop): void {
    const m = tf.memory();
    loop.storage.put('memory/numTensors', m.numTensors);
    loop.storage.put('memory/numBytes', m.numBytes);
  }
}
