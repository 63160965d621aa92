import { packageBuildConfig } from '../../tools/tsup.shared';

export default packageBuildConfig(
  {
    index: 'src/index.ts',
    cli: 'src/cli.ts',
    // `#read-text-file`, one per export condition (see package.json `imports`)
    'platform/read-text-file-node': 'src/platform/read-text-file-node.ts',
    'platform/read-text-file-browser': 'src/platform/read-text-file-browser.ts',
  },
  {
    dts: {
      compilerOptions: {
        customConditions: [],
        paths: { '#read-text-file': ['./src/platform/read-text-file-node.ts'] },
      },
    },
  },
);
