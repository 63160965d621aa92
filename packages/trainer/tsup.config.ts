import { packageBuildConfig } from '../../tools/tsup.shared';

// optional native dependencies are loaded at run time when installed
export default packageBuildConfig(
  { index: 'src/index.ts', cli: 'src/cli.ts', browser: 'src/browser/index.ts' },
  { external: ['sharp', '@resvg/resvg-js'] },
);
