import { packageBuildConfig } from '../../tools/tsup.shared';

export default packageBuildConfig({
  index: 'src/index.ts',
  // Node only: APS over worker threads and its worker script (next to it in dist)
  node: 'src/node/index.ts',
  'assign-worker': 'src/node/assign-worker.ts',
});
