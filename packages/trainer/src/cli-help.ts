import { createRequire } from 'node:module';
import type { Command } from 'commander';

/** The trainer's version, from its package.json (resolved by name, so bundles of the CLI find it too). */
export const VERSION: string = (
  createRequire(typeof __filename === 'string' ? __filename : import.meta.url)(
    '@aligndet/trainer/package.json',
  ) as {
    version: string;
  }
).version;

/** One worked example per command, shown at the end of its `--help`. */
const EXAMPLES: Record<string, string[]> = {
  aligndet: [
    'aligndet train solver.maxIter=300',
    'aligndet eval runs/aligndet',
    'aligndet browse data/val/annotations.json -n 8',
  ],
  train: [
    'aligndet train model.preset=aligndet solver.maxIter=1500 run.outDir=runs/demo',
    'aligndet train -c my.config.json --resume',
  ],
  eval: [
    'aligndet eval runs/demo',
    'aligndet eval runs/demo --annotations data/test/annotations.json --images data/test/images',
  ],
  predict: ['aligndet predict photos/a.jpg photos/b.png --run runs/demo --out predictions'],
  plot: ['aligndet plot runs/demo   # results.png, loss, lr, ap'],
  browse: [
    'aligndet browse data/coco/annotations/instances_val2017.json --images data/coco/val2017 -n 8 --out browse',
  ],
};

/** Adds the examples above to the help of `program` and of each of its commands. */
export function addHelpExamples(program: Command): void {
  for (const c of [program, ...program.commands]) {
    const lines = EXAMPLES[c.name()];
    if (lines)
      c.addHelpText(
        'after',
        `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}`,
      );
  }
}
