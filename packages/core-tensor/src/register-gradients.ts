// tfjs-core ships its gradient definitions separately from its ops (the `@tensorflow/tfjs` union
// package registers them). aligndet trains, so importing any aligndet package registers them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
