#!/usr/bin/env node
// The README's main job: build the packages, then train the `aligndet` preset (RFA + APS) on the
// built-in dataset for a few minutes on the CPU, evaluate it (COCO AP table), and write metrics,
// plots, checkpoints and detections drawn on validation images into runs/demo.
// Extra key=value arguments override the config, e.g. `npm run demo -- solver.maxIter=600`.
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npx', ['nx', 'run-many', '-t', 'build', '--output-style=static']);
run(process.execPath, [
  'packages/trainer/dist/cli.js',
  'train',
  'model.preset=aligndet',
  'model.fpnChannels=32',
  'model.headChannels=32',
  'solver.maxIter=1500',
  'solver.batchSize=8',
  'solver.warmupIters=150',
  'solver.steps=[1125,1395]',
  'run.evalPeriod=375',
  'run.checkpointPeriod=375',
  'run.outDir=runs/demo',
  ...process.argv.slice(2),
]);
