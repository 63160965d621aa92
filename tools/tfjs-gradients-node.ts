import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * The one place aligndet compiles tfjs-core sources: tfjs-core's gradient registrations for Node.
 *
 * tfjs-core publishes `dist/register_all_gradients.js` only as extensionless ESM inside a CommonJS
 * package, which Node cannot load (bundlers and browsers can, and use it directly: see
 * packages/core-tensor/src/platform/tfjs-gradients.ts). This esbuild plugin compiles it for the
 * `node` export condition without a second tfjs-core: each `import … from '../x'` of a tfjs-core
 * internal becomes an import of tfjs-core's public entry when the names are public (flat, or in a
 * public namespace such as `backend_util`), `ENGINE` becomes `engine()`, and `convertToTensor`
 * (the gradient ops only ever receive tensors) a check. What is left to compile in are the gradient
 * functions themselves and the few backward-op wrappers tfjs-core does not export, each a single
 * `ENGINE.runKernel` call. The build fails when anything else would be compiled in, so a tfjs-core
 * update cannot silently bring a second engine back.
 */
export function tfjsGradientsForNode(): Plugin {
  const require = createRequire(import.meta.url);
  const tf = require('@tensorflow/tfjs-core') as Record<string, unknown>;
  const namespaces = Object.keys(tf).filter(
    (k) => /^[a-z_]+$/.test(k) && tf[k] !== null && typeof tf[k] === 'object' && !Array.isArray(tf[k]),
  );
  const inNamespace = (names: string[]) =>
    namespaces.find((ns) => names.every((n) => n in (tf[ns] as Record<string, unknown>)));
  let counter = 0;
  const rewrite = (source: string, file: string, kept: string[]) =>
    source.replace(
      /^import (\{[^}]*\}|\* as \w+) from '(\.[^']*)';$/gm,
      (line, what: string, spec: string) => {
        const id = `__tfjs${counter++}`;
        if (what.startsWith('*')) {
          const local = what.slice(5).trim();
          const used = [
            ...new Set([...source.matchAll(new RegExp(`\\b${local}\\.(\\w+)`, 'g'))].map((m) => m[1]!)),
          ];
          const ns = inNamespace(used);
          if (ns) return `import { ${ns} as ${local} } from '@tensorflow/tfjs-core';`;
          kept.push(`${file}: ${spec}`);
          return line;
        }
        const pairs = what
          .slice(1, -1)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .map((s) => {
            const [name, alias] = s.split(/\s+as\s+/);
            return [name!, alias ?? name!] as const;
          });
        const names = pairs.map(([n]) => n);
        if (names.every((n) => n in tf)) return `import ${what} from '@tensorflow/tfjs-core';`;
        if (names.length === 1 && names[0] === 'ENGINE')
          return `import { engine as ${id} } from '@tensorflow/tfjs-core'; const ${pairs[0]![1]} = ${id}();`;
        if (names.length === 1 && names[0] === 'convertToTensor')
          return `import { Tensor as ${id} } from '@tensorflow/tfjs-core'; const ${pairs[0]![1]} = (x, arg, op) => { if (x instanceof ${id}) return x; throw new TypeError(op + ': ' + arg + ' must be a Tensor'); };`;
        const ns = inNamespace(names);
        if (ns)
          return `import { ${ns} as ${id} } from '@tensorflow/tfjs-core'; const { ${pairs.map(([n, a]) => `${n}: ${a}`).join(', ')} } = ${id};`;
        kept.push(`${file}: ${spec}`);
        return line;
      },
    );
  return {
    name: 'tfjs-gradients-for-node',
    setup(build) {
      build.onResolve({ filter: /^@tensorflow\/tfjs-core\/dist\/register_all_gradients$/ }, (args) => ({
        path: require.resolve(`${args.path}.js`),
      }));
      build.onLoad({ filter: /[\\/]@tensorflow[\\/]tfjs-core[\\/]dist[\\/].*\.js$/ }, (args) => {
        const file = args.path.replace(/.*[\\/]tfjs-core[\\/]dist[\\/]/, '');
        const kept: string[] = [];
        const contents = rewrite(readFileSync(args.path, 'utf8'), file, kept);
        const allowed =
          file === 'register_all_gradients.js' || file.startsWith('gradients/') || isBackwardOp(file);
        if (!allowed)
          return { errors: [{ text: `tfjs-gradients-for-node: would compile in tfjs-core's ${file}` }] };
        for (const k of kept) {
          const target = k.split(': ')[1]!;
          if (!/^\.\/|^\.\.\/ops\//.test(target))
            return { errors: [{ text: `tfjs-gradients-for-node: ${k} has no public equivalent` }] };
        }
        return { contents, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

/** tfjs-core's backward-op wrappers that its public entry does not export. */
function isBackwardOp(file: string): boolean {
  return /^ops\/[a-z0-9_]*(_grad|_backprop(_filter|_input)?)\.js$/.test(file);
}
