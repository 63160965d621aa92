import { packageBuildConfig } from '../../tools/tsup.shared';

export default packageBuildConfig({ index: 'src/index.ts' });
