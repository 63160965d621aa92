// Regenerates test/fixtures/assignment-fingerprint.json from the current SpatialAssigner. Run only when
// a change of the assignment itself is intended (the fingerprint test exists to catch unintended ones):
//   npx tsx test/fingerprint/generate.ts
import { writeFileSync } from 'node:fs';
import { SpatialAssigner } from '../../src/index';
import { fingerprint, fingerprintCases } from './fingerprint';

const cases = fingerprintCases().map(({ name, input, options }) => {
  const { assignment, trace } = new SpatialAssigner(options).assignWithTrace(input);
  return { name, ...fingerprint(assignment, trace) };
});
writeFileSync(
  new URL('../fixtures/assignment-fingerprint.json', import.meta.url),
  `${JSON.stringify({ about: 'SpatialAssigner fingerprints of test/fingerprint/fingerprint.ts cases', cases }, null, 1)}\n`,
);
console.log(cases.map((c) => `${c.name}: ${c.numPositives} positives`).join('\n'));
