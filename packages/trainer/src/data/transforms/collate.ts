/** One transformed image with its targets, ready to batch. */
export interface PreparedSample {
  imageId: number;
  /** Normalised float RGB, `[height, width, 3]`. */
  pixels: Float32Array;
  width: number;
  height: number;
  /** Original image size (for mapping detections back). */
  originalWidth: number;
  originalHeight: number;
  /** `[G, 4]` xyxy in the transformed image's pixels. */
  boxes: Float32Array;
  /** `[G]` contiguous class indices. */
  labels: Int32Array;
}

/** A zero-padded batch: images `[N, H, W, 3]` with H, W multiples of `sizeDivisibility`. */
export interface Batch {
  images: Float32Array;
  shape: [number, number, number, number];
  samples: Array<Omit<PreparedSample, 'pixels'>>;
}

/**
 * Stacks samples into one batch, zero-padding bottom/right to a common size that is a multiple
 * of `sizeDivisibility` (32 for FPN strides up to 32; the head's P6/P7 use stride-2 convs).
 */
export function collateBatch(samples: PreparedSample[], sizeDivisibility = 32): Batch {
  const up = (v: number) => Math.ceil(v / sizeDivisibility) * sizeDivisibility;
  const H = up(Math.max(...samples.map((s) => s.height)));
  const W = up(Math.max(...samples.map((s) => s.width)));
  const images = new Float32Array(samples.length * H * W * 3);
  samples.forEach((s, n) => {
    for (let y = 0; y < s.height; y++) {
      images.set(s.pixels.subarray(3 * y * s.width, 3 * (y + 1) * s.width), 3 * (n * H * W + y * W));
    }
  });
  return {
    images,
    shape: [samples.length, H, W, 3],
    samples: samples.map(({ pixels: _p, ...rest }) => rest),
  };
}
