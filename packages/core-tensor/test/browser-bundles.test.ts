// Every package's browser entries bundle for a web page from the sources with no Node built-in
// stubbed (esbuild, platform browser); the CI step `node tools/browser-bundle-check.mjs` checks
// the published dist the same way.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs tool without types
import { browserEntries, bundleForBrowser } from '../../../tools/browser-bundle-check.mjs';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const entries: string[] = readdirSync(`${repo}packages`).flatMap((p) => {
  const pkg = JSON.parse(readFileSync(`${repo}packages/${p}/package.json`, 'utf8'));
  return pkg.private ? [] : (browserEntries(pkg) as string[]);
});

describe('browser bundles from source', () => {
  it('covers the eight library packages, coco-eval/plot and the trainer`s browser entry', () => {
    expect(entries).toContain('@aligndet/spatial-assigner');
    expect(entries).toContain('@aligndet/task-aligned-assigner');
    expect(entries).toContain('@aligndet/yolo-head');
    expect(entries).toContain('@aligndet/coco-eval/plot');
    expect(entries).toContain('@aligndet/trainer/browser');
    expect(entries).not.toContain('@aligndet/trainer');
    expect(entries).toHaveLength(10);
  });
  it.each(entries)('%s bundles for the browser with no Node built-in', async (entry) => {
    const r = await bundleForBrowser(entry, { repo, fromSource: true, stub: false });
    expect(r.minified).toBeGreaterThan(1000);
  });
  it('a Node-only entry fails to bundle (the check can fail)', async () => {
    await expect(
      bundleForBrowser('@aligndet/core-tensor/node', { repo, fromSource: true, stub: false }),
    ).rejects.toThrow(/node:fs|Could not resolve/);
  });
});
