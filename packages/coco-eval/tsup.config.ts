import { packageBuildConfig } from '../../tools/tsup.shared';

export default packageBuildConfig(
  {
    index: 'src/index.ts',
    cli: 'src/cli.ts',
    plot: 'src/plot/index.ts',
    // Node only: the evaluation over worker threads and its worker script (next to it in dist)
    node: 'src/node/index.ts',
    'evaluate-worker': 'src/node/evaluate-worker.ts',
    // `#read-file`, `#load-resvg` and `#system-fonts`, one per export condition (see package.json `imports`)
    'platform/read-file-node': 'src/platform/read-file-node.ts',
    'platform/read-file-browser': 'src/platform/read-file-browser.ts',
    'platform/load-resvg-node': 'src/platform/load-resvg-node.ts',
    'platform/load-resvg-browser': 'src/platform/load-resvg-browser.ts',
    'platform/system-fonts-node': 'src/platform/system-fonts-node.ts',
    'platform/system-fonts-browser': 'src/platform/system-fonts-browser.ts',
  },
  {
    dts: {
      compilerOptions: {
        customConditions: [],
        paths: {
          '#read-file': ['./src/platform/read-file-node.ts'],
          '#load-resvg': ['./src/platform/load-resvg-node.ts'],
          '#system-fonts': ['./src/platform/system-fonts-node.ts'],
        },
      },
    },
  },
);
