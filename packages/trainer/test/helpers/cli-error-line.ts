import { expect } from 'vitest';
import { runCli } from '../../src/cli';

/**
 * Runs the CLI in this process on input it must reject and checks the bad-input contract: exit
 * code 1 and one line on stderr, `aligndet: …`, no stack trace. Returns that line.
 */
export async function cliErrorLine(args: string[], label = args.join(' ')): Promise<string> {
  let err = '';
  const code = await runCli(args, {
    out: () => {},
    err: (t) => {
      err += t;
    },
  });
  expect(code, `${label}: exit code (stderr ${err})`).toBe(1);
  const lines = err.trimEnd().split('\n');
  expect(lines, `${label}: one line`).toHaveLength(1);
  expect(lines[0]).toMatch(/^aligndet: /);
  expect(lines[0]).not.toMatch(/\n\s+at /);
  return lines[0]!;
}
