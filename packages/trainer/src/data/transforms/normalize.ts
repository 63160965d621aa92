/** Per-channel mean and std (RGB, 0..255 scale). */
export interface Normalization {
  mean: [number, number, number];
  std: [number, number, number];
}

/** ImageNet statistics as torchvision's pretrained ResNets expect them (RGB, 0..255 scale). */
export const IMAGENET_NORMALIZATION: Normalization = {
  mean: [123.675, 116.28, 103.53],
  std: [58.395, 57.12, 57.375],
};

/** (x − mean) / std per channel, in place on float RGB `[H, W, 3]`. */
export function normalizeImage(pixels: Float32Array, norm: Normalization): Float32Array {
  const [m0, m1, m2] = norm.mean;
  const [s0, s1, s2] = norm.std;
  for (let i = 0; i < pixels.length; i += 3) {
    pixels[i] = (pixels[i]! - m0) / s0;
    pixels[i + 1] = (pixels[i + 1]! - m1) / s1;
    pixels[i + 2] = (pixels[i + 2]! - m2) / s2;
  }
  return pixels;
}
