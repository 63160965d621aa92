import * as tf from '@tensorflow/tfjs-core';
import { Conv2d, FrozenBatchNorm2d, Module } from '@aligndet/core-tensor';
import type { Backbone, BackboneFeatures } from './backbone';

function conv(inC: number, outC: number, k: number, stride = 1): Conv2d {
  return new Conv2d({
    inChannels: inC,
    outChannels: outC,
    kernelSize: k,
    stride,
    padding: Math.floor(k / 2),
    bias: false,
  });
}

/** conv1x1(stride) + FrozenBN: torchvision's `downsample` (children `0` and `1`). */
class Downsample extends Module<tf.Tensor4D, tf.Tensor4D> {
  private readonly conv: Conv2d;
  private readonly bn: FrozenBatchNorm2d;
  constructor(inC: number, outC: number, stride: number, eps: number) {
    super();
    this.conv = this.addModule('0', conv(inC, outC, 1, stride));
    this.bn = this.addModule('1', new FrozenBatchNorm2d(outC, eps));
  }
  forward(x: tf.Tensor4D): tf.Tensor4D {
    return this.bn.forward(this.conv.forward(x));
  }
}

/** ResNet-18/34 block: two 3×3 convs. */
class BasicBlock extends Module<tf.Tensor4D, tf.Tensor4D> {
  private readonly conv1: Conv2d;
  private readonly bn1: FrozenBatchNorm2d;
  private readonly conv2: Conv2d;
  private readonly bn2: FrozenBatchNorm2d;
  private readonly downsample: Downsample | null;

  constructor(inC: number, planes: number, stride: number) {
    super();
    this.conv1 = this.addModule('conv1', conv(inC, planes, 3, stride));
    this.bn1 = this.addModule('bn1', new FrozenBatchNorm2d(planes));
    this.conv2 = this.addModule('conv2', conv(planes, planes, 3));
    this.bn2 = this.addModule('bn2', new FrozenBatchNorm2d(planes));
    this.downsample =
      stride !== 1 || inC !== planes
        ? this.addModule('downsample', new Downsample(inC, planes, stride, 1e-5))
        : null;
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    const y = tf.relu(this.bn1.forward(this.conv1.forward(x)));
    const z = this.bn2.forward(this.conv2.forward(y));
    return tf.relu(tf.add(z, this.downsample ? this.downsample.forward(x) : x)) as tf.Tensor4D;
  }
}

/**
 * ResNet-50/101 block: stride in the 3×3 conv (torchvision v1.5), or in the first 1×1 conv (the
 * MSRA/Caffe2 variant, `strideInOneByOne`, as maskrcnn-benchmark's `STRIDE_IN_1X1`).
 */
class Bottleneck extends Module<tf.Tensor4D, tf.Tensor4D> {
  private readonly convs: Conv2d[];
  private readonly bns: FrozenBatchNorm2d[];
  private readonly downsample: Downsample | null;

  constructor(inC: number, planes: number, stride: number, strideInOneByOne: boolean, eps: number) {
    super();
    const out = planes * 4;
    const shapes: Array<[number, number, number, number]> = [
      [inC, planes, 1, strideInOneByOne ? stride : 1],
      [planes, planes, 3, strideInOneByOne ? 1 : stride],
      [planes, out, 1, 1],
    ];
    this.convs = [];
    this.bns = [];
    shapes.forEach(([i, o, k, s], n) => {
      this.convs.push(this.addModule(`conv${n + 1}`, conv(i, o, k, s)));
      this.bns.push(this.addModule(`bn${n + 1}`, new FrozenBatchNorm2d(o, eps)));
    });
    this.downsample =
      stride !== 1 || inC !== out
        ? this.addModule('downsample', new Downsample(inC, out, stride, eps))
        : null;
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    let y = tf.relu(this.bns[0]!.forward(this.convs[0]!.forward(x)));
    y = tf.relu(this.bns[1]!.forward(this.convs[1]!.forward(y)));
    y = this.bns[2]!.forward(this.convs[2]!.forward(y));
    return tf.relu(tf.add(y, this.downsample ? this.downsample.forward(x) : x)) as tf.Tensor4D;
  }
}

/** A stage of blocks (torchvision `layerN`, children `0`, `1`, …). */
class Stage extends Module<tf.Tensor4D, tf.Tensor4D> {
  private readonly blocks: Array<Module<tf.Tensor4D, tf.Tensor4D>> = [];
  constructor(make: (i: number) => Module<tf.Tensor4D, tf.Tensor4D>, count: number) {
    super();
    for (let i = 0; i < count; i++) this.blocks.push(this.addModule(String(i), make(i)));
  }
  forward(x: tf.Tensor4D): tf.Tensor4D {
    return this.blocks.reduce((y, b) => b.forward(y), x);
  }
}

/** Options of {@link ResNet}. */
export interface ResNetOptions {
  /** `resnet18` or `resnet50`. */
  depth: 18 | 50;
  /**
   * Freeze the stem (conv1) and the first `freezeAt - 1` stages: 2 (default, as the spec) freezes
   * the stem and layer1. BatchNorm is always frozen.
   */
  freezeAt?: number;
  /**
   * ResNet-50 only: the MSRA/Caffe2 variant of the official FCOS checkpoints, stride 2 in each
   * stage's first 1×1 conv instead of its 3×3 conv. Default false (torchvision).
   */
  strideInOneByOne?: boolean;
  /** ε of the frozen BatchNorms: 1e-5 (torchvision, default) or 0 (maskrcnn-benchmark's FrozenBatchNorm2d). */
  bnEps?: number;
}

/**
 * ResNet-18 / ResNet-50 in torchvision's layout and parameter names (`conv1.weight`,
 * `layer1.0.bn1.running_mean`, `layer2.0.downsample.0.weight`, …), NHWC, with frozen BatchNorm.
 * Outputs C3, C4, C5. Load torchvision/timm weights with `loadTorchvisionResNet`.
 *
 * @example
 * ```ts
 * const backbone = new ResNet({ depth: 50 });
 * const [c3, c4, c5] = backbone.forward(images); // [N,H/8,W/8,512], [N,H/16,W/16,1024], [N,H/32,W/32,2048]
 * ```
 */
export class ResNet extends Module<tf.Tensor4D, BackboneFeatures> implements Backbone {
  readonly outChannels: [number, number, number];
  private readonly conv1: Conv2d;
  private readonly bn1: FrozenBatchNorm2d;
  private readonly stages: Stage[];

  constructor(options: ResNetOptions) {
    super();
    const bottleneck = options.depth === 50;
    const counts = options.depth === 18 ? [2, 2, 2, 2] : [3, 4, 6, 3];
    const expansion = bottleneck ? 4 : 1;
    this.conv1 = this.addModule('conv1', conv(3, 64, 7, 2));
    const eps = options.bnEps ?? 1e-5;
    this.bn1 = this.addModule('bn1', new FrozenBatchNorm2d(64, eps));
    let inC = 64;
    this.stages = [64, 128, 256, 512].map((planes, s) => {
      const stage = new Stage((i) => {
        const stride = i === 0 && s > 0 ? 2 : 1;
        const block = bottleneck
          ? new Bottleneck(inC, planes, stride, options.strideInOneByOne ?? false, eps)
          : new BasicBlock(inC, planes, stride);
        inC = planes * expansion;
        return block;
      }, counts[s]!);
      return this.addModule(`layer${s + 1}`, stage);
    });
    this.outChannels = [128 * expansion, 256 * expansion, 512 * expansion];
    const freezeAt = options.freezeAt ?? 2;
    if (freezeAt >= 1) this.conv1.setTrainable(false);
    for (const s of this.stages.slice(0, Math.max(0, freezeAt - 1))) s.setTrainable(false);
  }

  forward(x: tf.Tensor4D): BackboneFeatures {
    let y = tf.relu(this.bn1.forward(this.conv1.forward(x)));
    y = tf.maxPool(
      tf.pad(
        y,
        [
          [0, 0],
          [1, 1],
          [1, 1],
          [0, 0],
        ],
        Number.NEGATIVE_INFINITY,
      ),
      3,
      2,
      'valid',
    );
    const c2 = this.stages[0]!.forward(y);
    const c3 = this.stages[1]!.forward(c2);
    const c4 = this.stages[2]!.forward(c3);
    const c5 = this.stages[3]!.forward(c4);
    return [c3, c4, c5];
  }
}
