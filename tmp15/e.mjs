import { build } from 'esbuild';
const r = await build({ stdin: { contents: "import {initBackend} from '@aligndet/core-tensor'; console.log(initBackend);", resolveDir: process.cwd() }, bundle: true, format: 'esm', platform: 'node', conditions: ['@aligndet/source'], write: false, external: ['@tensorflow/tfjs-core'], metafile: true, logLevel: 'warning' });
console.log(Object.keys(r.metafile.inputs).filter(k => /platform|gradients/.test(k)));
console.log(r.outputFiles[0].text.split('\n').filter(l => /^import/.test(l)).join('\n'));
