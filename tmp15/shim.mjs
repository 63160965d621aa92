import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs-core');
const core = dirname(require.resolve('@tensorflow/tfjs-core/package.json'));
const dist = resolve(core, 'dist');
const isNs = (v) => v && typeof v === 'object' && !Array.isArray(v);
const nsNames = Object.keys(tf).filter((k) => isNs(tf[k]) && /^[a-z_]+$/.test(k));
const stats = { public: 0, bundled: new Set() };
const plugin = {
  name: 'tfjs-gradients-public-api',
  setup(b) {
    b.onLoad({ filter: /tfjs-core[\\/]dist[\\/].*\.js$/ }, (args) => {
      let src = readFileSync(args.path, 'utf8');
      let pre = '';
      let i = 0;
      src = src.replace(/^import (\{[^}]*\}|\* as \w+) from '(\.[^']*)';$/gm, (line, what, spec) => {
        const id = `__tf${i++}`;
        if (what.startsWith('*')) {
          const local = what.slice(5).trim();
          const used = [...new Set([...src.matchAll(new RegExp(`\\b${local}\\.(\\w+)`, 'g'))].map((m) => m[1]))];
          const ns = nsNames.find((n) => used.every((u) => u in tf[n]));
          if (!ns) { stats.bundled.add(args.path.split('dist/')[1] + ' <- ' + line); return line; }
          stats.public++;
          return `import { ${ns} as ${local} } from '@tensorflow/tfjs-core';`;
        }
        const names = what.slice(1, -1).split(',').map((s) => s.trim()).filter(Boolean).map((s) => { const [a, b2] = s.split(/\s+as\s+/); return [a, b2 ?? a]; });
        if (names.every(([a]) => a in tf)) { stats.public++; return `import { ${what.slice(1, -1)} } from '@tensorflow/tfjs-core';`; }
        if (names.length === 1 && names[0][0] === 'convertToTensor') { stats.public++; return `import { Tensor as ${id} } from '@tensorflow/tfjs-core'; const ${names[0][1]} = (x, argName, functionName) => { if (x instanceof ${id}) return x; throw new TypeError(functionName + ': ' + argName + ' must be a Tensor'); };`; }
        if (names.length === 1 && names[0][0] === 'ENGINE') { stats.public++; return `import { engine as ${id} } from '@tensorflow/tfjs-core'; const ${names[0][1]} = ${id}();`; }
        const ns = nsNames.find((n) => names.every(([a]) => a in tf[n]));
        if (ns) { stats.public++; return `import { ${ns} as ${id} } from '@tensorflow/tfjs-core'; const { ${names.map(([a, l]) => `${a}: ${l}`).join(', ')} } = ${id};`; }
        stats.bundled.add(args.path.split('dist/')[1] + ' <- ' + line);
        return line;
      });
      return { contents: src, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};
const r = await esbuild.build({ entryPoints: [resolve(dist, 'register_all_gradients.js')], bundle: true, format: 'esm', platform: 'node', external: ['@tensorflow/tfjs-core'], plugins: [plugin], outfile: 'tmp15/grads.js', metafile: true, minify: false, logLevel: 'warning' });
const inputs = Object.keys(r.metafile.inputs);
console.log('modules', inputs.length, 'non-gradient', inputs.filter((p) => !p.includes('/gradients/') && !p.endsWith('register_all_gradients.js')).join(' '));
console.log([...stats.bundled].join('\n'));console.log(readFileSync('tmp15/grads.js').length);
