// tfjs-core's gradient registrations (tfjs-core's `dist/register_all_gradients.js`, which the
// `@tensorflow/tfjs` union package imports the same way). Bundlers and browsers load it from the
// app's own tfjs-core, so there is one copy of tfjs-core.
//
// Node cannot load that file (extensionless ESM in a CommonJS package), so for the `node` export
// condition the build compiles this same file into `dist/platform/tfjs-gradients.node.js` with
// tools/tfjs-gradients-node.ts: every import the gradient files make of tfjs-core internals is
// rewritten to tfjs-core's public entry, and only the ten small backward-op wrappers tfjs-core does
// not export (`conv2DBackpropFilter`, `maxPoolGrad`, …, each one `ENGINE.runKernel` call) are
// compiled in. It registers into the app's tfjs-core like the browser path does.
//
// tfjs-core's entry is evaluated first: when the gradient definitions were the first tfjs-core code
// to run (a module importing an aligndet package before tfjs-core), backpropagation through addN
// failed with a null dy under vitest's module loader.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
