import type { OverlayLayout } from './overlay-layout';
import { FONT_FAMILY } from './resvg';

/** Escapes text for SVG content and attribute values. */
export const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The overlay as a standalone SVG of the image's size: the image itself (`imageHref`, e.g. a
 * `data:image/png;base64,…` URL or a file path, when given), the boxes, then the tags with their
 * text. Any browser shows it; {@link svgToPng} rasterises it at the image's resolution.
 *
 * @example
 * ```ts
 * const svg = overlaySvg(layoutOverlay(w, h, boxes), `data:image/png;base64,${png.toString('base64')}`);
 * ```
 */
export function overlaySvg(layout: OverlayLayout, imageHref?: string): string {
  const { width: W, height: H, lineWidth: lw } = layout;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`,
  ];
  if (imageHref !== undefined)
    out.push(
      `<image x="0" y="0" width="${W}" height="${H}" preserveAspectRatio="none" xlink:href="${escapeXml(imageHref)}"/>`,
    );
  out.push(`<g fill="none" stroke-width="${lw}">`);
  for (const it of layout.items) {
    const [x1, y1, x2, y2] = it.box;
    const dash = it.dashed ? ` stroke-dasharray="${3 * lw} ${2 * lw}"` : '';
    out.push(
      `<rect x="${x1.toFixed(1)}" y="${y1.toFixed(1)}" width="${Math.max(0, x2 - x1).toFixed(1)}" height="${Math.max(0, y2 - y1).toFixed(1)}" stroke="${it.color}"${dash}/>`,
    );
  }
  out.push('</g>', `<g font-family="${FONT_FAMILY}">`);
  for (const { tag, color } of layout.items) {
    out.push(
      `<rect x="${tag.x}" y="${tag.y}" width="${tag.width}" height="${tag.height}" fill="${color}"/>`,
      `<text x="${tag.x + Math.max(2, Math.round(tag.fontSize * 0.3))}" y="${tag.baseline}" font-size="${tag.fontSize}" fill="${tag.textColor}">${escapeXml(tag.text)}</text>`,
    );
  }
  out.push('</g>', '</svg>');
  return out.join('\n');
}
