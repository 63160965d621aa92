// The conv shapes the detectors train on, for the conv-gradient shape sweep (bench/conv-sweep.ts;
// bench/torch_conv_sweep.py reads the same list as JSON).

/** One NHWC conv: input `x`, filter `[k, k, C, Co]`, stride, 'same' padding. */
export interface ConvShape {
  /** Where the network uses it. */
  name: string;
  x: [number, number, number, number];
  k: number;
  co: number;
  stride: number;
}

const c = (name: string, x: ConvShape['x'], k: number, co: number, stride = 1): ConvShape => ({
  name,
  x,
  k,
  co,
  stride,
});

/**
 * The FCOS-like network of the benchmark (bench/fcos-like-net.ts, batch 2 × 256²: backbone,
 * laterals, FPN outputs, the shared head on 32², 16², 8², its output convs), the demo's detector
 * (`npm run demo`: the tiny backbone [16, 32, 48, 64, 96], FPN and head at 32 channels, batch 8 ×
 * 128², P3–P7 on 16² … 1²), the top pyramid levels of wider detectors (4², 2² at 256 channels) and
 * those of FCOS itself on 800 × 1344 images (P6, P7 and the head on P7 at 256 channels, the 1×1
 * laterals of C4 and C5, batch 2).
 */
export const CONV_SHAPES: ConvShape[] = [
  c('bench backbone 1', [2, 256, 256, 3], 3, 32, 2),
  c('bench backbone 2', [2, 128, 128, 32], 3, 64, 2),
  c('bench backbone 3', [2, 64, 64, 64], 3, 128, 2),
  c('bench backbone 4', [2, 32, 32, 128], 3, 256, 2),
  c('bench 3×3 64→64 (run.ts)', [2, 64, 64, 64], 3, 64),
  c('bench lateral3 1×1', [2, 32, 32, 128], 1, 64),
  c('bench lateral4 1×1', [2, 16, 16, 256], 1, 64),
  c('bench head P3', [2, 32, 32, 64], 3, 64),
  c('bench head P4', [2, 16, 16, 64], 3, 64),
  c('bench head P5', [2, 8, 8, 64], 3, 64),
  c('bench P5 = conv s2 on P4', [2, 16, 16, 64], 3, 64, 2),
  c('bench cls out P3', [2, 32, 32, 64], 3, 20),
  c('bench box out P5', [2, 8, 8, 64], 3, 4),
  c('demo stem', [8, 128, 128, 3], 3, 16, 2),
  c('demo stage 1', [8, 64, 64, 16], 3, 32, 2),
  c('demo stage 2', [8, 32, 32, 32], 3, 48, 2),
  c('demo stage 2 s1', [8, 16, 16, 48], 3, 48),
  c('demo stage 3', [8, 16, 16, 48], 3, 64, 2),
  c('demo stage 4 s1', [8, 4, 4, 96], 3, 96),
  c('demo lateral 1×1 C3', [8, 16, 16, 48], 1, 32),
  c('demo lateral 1×1 C5', [8, 4, 4, 96], 1, 32),
  c('demo head P3', [8, 16, 16, 32], 3, 32),
  c('demo head P4', [8, 8, 8, 32], 3, 32),
  c('demo head P5', [8, 4, 4, 32], 3, 32),
  c('demo head P6', [8, 2, 2, 32], 3, 32),
  c('demo head P7', [8, 1, 1, 32], 3, 32),
  c('demo P7 = conv s2 on P6', [8, 2, 2, 32], 3, 32, 2),
  c('wide 4² 256', [2, 4, 4, 256], 3, 256),
  c('wide 2² 256', [2, 2, 2, 256], 3, 256),
  c('wide 8² 128 s2', [2, 8, 8, 128], 3, 128, 2),
  c('FCOS 800² P6 = conv s2 on P5', [2, 25, 42, 256], 3, 256, 2),
  c('FCOS 800² P7 = conv s2 on P6', [2, 13, 21, 256], 3, 256, 2),
  c('FCOS 800² head P7', [2, 7, 11, 256], 3, 256),
  c('FCOS 800² lateral 1×1 C5', [2, 25, 42, 2048], 1, 256),
  c('FCOS 800² lateral 1×1 C4', [2, 50, 84, 1024], 1, 256),
];
