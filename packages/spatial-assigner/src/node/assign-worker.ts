// Worker side of SpatialAssignerPool: assigns the images it is sent and posts the assignments back.
import { parentPort } from 'node:worker_threads';
import type { AssignerInput, Assignment } from '@aligndet/core-tensor';
import { SpatialAssigner, type SpatialAssignerOptions } from '../spatial-assigner';

let aps: SpatialAssigner | undefined;
parentPort!.on('message', (task: { options: SpatialAssignerOptions; inputs: AssignerInput[] }) => {
  aps ??= new SpatialAssigner(task.options);
  const out: Assignment[] = task.inputs.map((input) => aps!.assign(input));
  parentPort!.postMessage(
    out,
    out.flatMap((a) => [a.gtIndex.buffer, a.labels.buffer, a.boxTargets.buffer] as ArrayBuffer[]),
  );
});
