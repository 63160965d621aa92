import { tfjsGradientsForNode } from '../../tools/tfjs-gradients-node';
import { packageBuildConfig } from '../../tools/tsup.shared';

export default packageBuildConfig(
  {
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
    'node/index': 'src/node/index.ts',
    'platform/platform-node': 'src/platform/platform-node.ts',
    'platform/platform-browser': 'src/platform/platform-browser.ts',
    // the `node` condition's `#tfjs-gradients` (browsers use tfjs-core's own file)
    'platform/tfjs-gradients.node': 'src/platform/tfjs-gradients.ts',
  },
  {
    noExternal: [/^@tensorflow\/tfjs-core\/dist\//],
    esbuildPlugins: [tfjsGradientsForNode()],
    // the `./node` entry imports the main entry by name (one copy at run time); for the types both
    // it and `#platform` (internal, the same shape under every condition) resolve to the sources
    dts: {
      compilerOptions: {
        customConditions: [],
        paths: {
          '@aligndet/core-tensor': ['./src/index.ts'],
          '#platform': ['./src/platform/platform-browser.ts'],
        },
      },
    },
  },
);
