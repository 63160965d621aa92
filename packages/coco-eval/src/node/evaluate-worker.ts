// Worker side of evaluateCocoParallel: evaluates the categories it is sent and posts the arrays back.
import { parentPort } from 'node:worker_threads';
import { allocAccumulatedFor, evaluateCategories } from '../evaluate-coco';
import type { CategoryTask } from './evaluate-parallel';

parentPort!.on('message', (task: CategoryTask) => {
  const acc = allocAccumulatedFor(task.params);
  evaluateCategories(task.gt, task.dt, task.params, task.categories, acc);
  const { precision, recall, scores } = acc;
  parentPort!.postMessage({ precision, recall, scores }, [
    precision.buffer as ArrayBuffer,
    recall.buffer as ArrayBuffer,
    scores.buffer as ArrayBuffer,
  ]);
});
