// tfjs-core ships its gradient definitions separately from its ops (the `@tensorflow/tfjs` union
// package registers them). aligndet trains, so importing any aligndet package registers them.
// tfjs-core's entry is evaluated first: when the gradient definitions were the first tfjs-core code
// to run (a module importing an aligndet package before tfjs-core), backpropagation through addN
// failed with a null dy under vitest's module loader.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
