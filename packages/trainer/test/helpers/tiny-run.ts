/**
 * `key=value` overrides of a tiny run on the built-in dataset (wasm backend, seconds per run):
 * 8 + 4 images of 64 px, 16-channel aligndet, batch 2, a row of metrics per iteration. `extra`
 * overrides come last, so they win.
 */
export function tinyRunOverrides(outDir: string, dataDir: string, extra: string[] = []): string[] {
  return [
    'model.preset=aligndet',
    'model.fpnChannels=16',
    'model.headChannels=16',
    'model.headConvs=1',
    'model.headGroups=4',
    'data.builtin.numTrain=8',
    'data.builtin.numVal=4',
    'data.builtin.imageSize=64',
    `data.builtin.dir=${dataDir}`,
    'data.minSize=64',
    'data.maxSize=64',
    'solver.batchSize=2',
    'solver.maxIter=6',
    'solver.warmupIters=0',
    'solver.steps=[100]',
    'run.backend=wasm',
    'run.logPeriod=1',
    'run.checkpointPeriod=3',
    'run.evalPeriod=4',
    `run.outDir=${outDir}`,
    ...extra,
  ];
}
