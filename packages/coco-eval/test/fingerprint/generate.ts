// Regenerates test/fixtures/eval-fingerprint.json from the current evaluator. Run only when a change
// of the numbers themselves is intended (the fingerprint test exists to catch unintended ones):
//   npx tsx test/fingerprint/generate.ts
import { readdirSync, writeFileSync } from 'node:fs';
import { COCO_FIXTURES } from '../fixtures-dir';
import { fingerprintCase, fingerprintCases } from './fingerprint';

const names = readdirSync(COCO_FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const cases = fingerprintCases(COCO_FIXTURES, names).map(fingerprintCase);
writeFileSync(
  new URL('../fixtures/eval-fingerprint.json', import.meta.url),
  `${JSON.stringify({ about: 'evaluateCoco fingerprints of test/fingerprint/fingerprint.ts cases', cases }, null, 1)}\n`,
);
console.log(cases.map((c) => `${c.name}: AP ${c.stats[0]}`).join('\n'));
