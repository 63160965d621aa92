/**
 * Rasterises SVG to PNG with `@resvg/resvg-js` when it is installed (an optional dependency);
 * returns null otherwise, and callers keep the SVG.
 */
export async function svgToPng(svg: string): Promise<Uint8Array | null> {
  try {
    const { Resvg } = (await import('@resvg/resvg-js')) as typeof import('@resvg/resvg-js');
    return new Resvg(svg, {
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
      background: 'white',
    })
      .render()
      .asPng();
  } catch {
    return null;
  }
}
