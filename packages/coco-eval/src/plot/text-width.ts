/** Measures the advance width of `text` set at `fontSize` px, in px. */
export type MeasureText = (text: string, fontSize: number) => number;

/** East Asian wide and fullwidth ranges (Unicode UAX #11 W/F, main blocks): one em each. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
const NARROW = /[ .,:;'!|()[\]/\\ijlrtf1I`]/;
const BROAD = /[mwMWOQGDCHNU%@#&]/;

/**
 * A font-free estimate of the width of `text` in a sans-serif face (DejaVu Sans proportions,
 * rounded up so that a tag sized by it holds the rendered text). Used when no rasteriser can
 * measure; {@link resvgTextMeasure} measures exactly with resvg.
 */
export const estimateTextWidth: MeasureText = (text, fontSize) => {
  let em = 0;
  for (const ch of text) {
    if (WIDE.test(ch)) em += 1;
    else if (NARROW.test(ch)) em += 0.4;
    else if (BROAD.test(ch)) em += 1;
    else if (ch >= 'A' && ch <= 'Z') em += 0.72;
    else em += 0.64;
  }
  return em * fontSize;
};
