import { packageBuildConfig } from '../../tools/tsup.shared';

export default packageBuildConfig({ index: 'src/index.ts', cli: 'src/cli.ts', plot: 'src/plot/index.ts' });
