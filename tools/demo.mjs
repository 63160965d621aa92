#!/usr/bin/env node
console.log(
  'aligndet demo: not yet — the main job (train + evaluate on the built-in dataset) arrives with @aligndet/trainer.',
);
