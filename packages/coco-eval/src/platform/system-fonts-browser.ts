/**
 * In a page there is no resvg (see `load-resvg-browser.ts`) and no font folder to search. The
 * package's `#system-fonts` import resolves here everywhere but under `node`.
 */
export function dejaVuSansFiles(): string[] | null {
  return null;
}
