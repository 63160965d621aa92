// node_modules/@tensorflow/tfjs-core/dist/gradients/Abs_grad.js
import { Abs } from "@tensorflow/tfjs-core";
import { cast } from "@tensorflow/tfjs-core";
import { mul } from "@tensorflow/tfjs-core";
import { step } from "@tensorflow/tfjs-core";
var absGradConfig = {
  kernelName: Abs,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => mul(dy, step(cast(x, "float32"), -1)) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Acos_grad.js
import { Acos } from "@tensorflow/tfjs-core";
import { cast as cast2 } from "@tensorflow/tfjs-core";
import { div } from "@tensorflow/tfjs-core";
import { neg } from "@tensorflow/tfjs-core";
import { scalar } from "@tensorflow/tfjs-core";
import { sqrt } from "@tensorflow/tfjs-core";
import { square } from "@tensorflow/tfjs-core";
import { sub } from "@tensorflow/tfjs-core";
var acosGradConfig = {
  kernelName: Acos,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return {
      x: () => {
        const a = square(cast2(x, "float32"));
        const b = sqrt(sub(scalar(1), a));
        return neg(div(dy, b));
      }
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Acosh_grad.js
import { Acosh } from "@tensorflow/tfjs-core";
import { cast as cast3 } from "@tensorflow/tfjs-core";
import { div as div2 } from "@tensorflow/tfjs-core";
import { sqrt as sqrt2 } from "@tensorflow/tfjs-core";
import { square as square2 } from "@tensorflow/tfjs-core";
import { sub as sub2 } from "@tensorflow/tfjs-core";
var acoshGradConfig = {
  kernelName: Acosh,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return {
      x: () => {
        const a = sqrt2(sub2(square2(cast3(x, "float32")), 1));
        return div2(dy, a);
      }
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Add_grad.js
import { Add } from "@tensorflow/tfjs-core";
import { backend_util as broadcast_util } from "@tensorflow/tfjs-core";
import { reshape } from "@tensorflow/tfjs-core";
import { sum } from "@tensorflow/tfjs-core";
var addGradConfig = {
  kernelName: Add,
  inputsToSave: ["a", "b"],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    const outShape = broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const derA = () => {
      let res = dy;
      const reduceAxes = broadcast_util.getReductionAxes(a.shape, outShape);
      if (reduceAxes.length > 0) {
        res = sum(res, reduceAxes);
      }
      return reshape(res, a.shape);
    };
    const derB = () => {
      let res = dy;
      const reduceAxes = broadcast_util.getReductionAxes(b.shape, outShape);
      if (reduceAxes.length > 0) {
        res = sum(res, reduceAxes);
      }
      return reshape(res, b.shape);
    };
    return { a: derA, b: derB };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/AddN_grad.js
import { AddN } from "@tensorflow/tfjs-core";
var addNGradConfig = {
  kernelName: AddN,
  saveAllInputs: true,
  gradFunc: (dy, saved) => {
    const ders = {};
    saved.forEach((_, i) => {
      ders[i] = () => dy.clone();
    });
    return ders;
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/ArgMax_grad.js
import { ArgMax } from "@tensorflow/tfjs-core";
import { zerosLike } from "@tensorflow/tfjs-core";
var argMaxGradConfig = {
  kernelName: ArgMax,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => zerosLike(x) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/ArgMin_grad.js
import { ArgMin } from "@tensorflow/tfjs-core";
import { zerosLike as zerosLike2 } from "@tensorflow/tfjs-core";
var argMinGradConfig = {
  kernelName: ArgMin,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => zerosLike2(x) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Asin_grad.js
import { Asin } from "@tensorflow/tfjs-core";
import { cast as cast4 } from "@tensorflow/tfjs-core";
import { div as div3 } from "@tensorflow/tfjs-core";
import { scalar as scalar2 } from "@tensorflow/tfjs-core";
import { sqrt as sqrt3 } from "@tensorflow/tfjs-core";
import { square as square3 } from "@tensorflow/tfjs-core";
import { sub as sub3 } from "@tensorflow/tfjs-core";
var asinGradConfig = {
  kernelName: Asin,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => div3(dy, sqrt3(sub3(scalar2(1), square3(cast4(x, "float32"))))) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Asinh_grad.js
import { Asinh } from "@tensorflow/tfjs-core";
import { add } from "@tensorflow/tfjs-core";
import { cast as cast5 } from "@tensorflow/tfjs-core";
import { div as div4 } from "@tensorflow/tfjs-core";
import { scalar as scalar3 } from "@tensorflow/tfjs-core";
import { sqrt as sqrt4 } from "@tensorflow/tfjs-core";
import { square as square4 } from "@tensorflow/tfjs-core";
var asinhGradConfig = {
  kernelName: Asinh,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return {
      x: () => {
        const a = sqrt4(add(scalar3(1), square4(cast5(x, "float32"))));
        return div4(dy, a);
      }
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Atan2_grad.js
import { Atan2 } from "@tensorflow/tfjs-core";
import { add as add2 } from "@tensorflow/tfjs-core";
import { backend_util as __tf2 } from "@tensorflow/tfjs-core";
import { div as div5 } from "@tensorflow/tfjs-core";
import { mul as mul2 } from "@tensorflow/tfjs-core";
import { neg as neg2 } from "@tensorflow/tfjs-core";
import { reshape as reshape2 } from "@tensorflow/tfjs-core";
import { square as square5 } from "@tensorflow/tfjs-core";
import { sum as sum2 } from "@tensorflow/tfjs-core";
var { assertAndGetBroadcastShape, getReductionAxes } = __tf2;
var atan2GradConfig = {
  kernelName: Atan2,
  inputsToSave: ["a", "b"],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    const outShape = assertAndGetBroadcastShape(a.shape, b.shape);
    const derA = () => {
      const d = add2(square5(a), square5(b));
      let res = mul2(dy, div5(b, d));
      const reduceAxes = getReductionAxes(a.shape, outShape);
      if (reduceAxes.length > 0) {
        res = sum2(res, reduceAxes);
      }
      return reshape2(res, a.shape);
    };
    const derB = () => {
      const d = add2(square5(a), square5(b));
      let res = neg2(mul2(dy, div5(a, d)));
      const reduceAxes = getReductionAxes(b.shape, outShape);
      if (reduceAxes.length > 0) {
        res = sum2(res, reduceAxes);
      }
      return reshape2(res, b.shape);
    };
    return { a: derA, b: derB };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Atan_grad.js
import { Atan } from "@tensorflow/tfjs-core";
import { add as add3 } from "@tensorflow/tfjs-core";
import { cast as cast6 } from "@tensorflow/tfjs-core";
import { div as div6 } from "@tensorflow/tfjs-core";
import { square as square6 } from "@tensorflow/tfjs-core";
var atanGradConfig = {
  kernelName: Atan,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => div6(dy, add3(square6(cast6(x, "float32")), 1)) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Atanh_grad.js
import { Atanh } from "@tensorflow/tfjs-core";
import { cast as cast7 } from "@tensorflow/tfjs-core";
import { div as div7 } from "@tensorflow/tfjs-core";
import { square as square7 } from "@tensorflow/tfjs-core";
import { sub as sub4 } from "@tensorflow/tfjs-core";
import { scalar as scalar4 } from "@tensorflow/tfjs-core";
var atanhGradConfig = {
  kernelName: Atanh,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => div7(dy, sub4(scalar4(1), square7(cast7(x, "float32")))) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/AvgPool3D_grad.js
import { AvgPool3D } from "@tensorflow/tfjs-core";

// node_modules/@tensorflow/tfjs-core/dist/ops/avg_pool_3d_grad.js
import { engine as __tf0 } from "@tensorflow/tfjs-core";
import { AvgPool3DGrad } from "@tensorflow/tfjs-core";
import { Tensor as __tf22 } from "@tensorflow/tfjs-core";
import { util } from "@tensorflow/tfjs-core";
import { backend_util as __tf4 } from "@tensorflow/tfjs-core";
import { op } from "@tensorflow/tfjs-core";
import { reshape as reshape3 } from "@tensorflow/tfjs-core";
var ENGINE = __tf0();
var convertToTensor = (x, argName, functionName) => {
  if (x instanceof __tf22) return x;
  throw new TypeError(functionName + ": " + argName + " must be a Tensor");
};
var { checkPadOnDimRoundingMode } = __tf4;
function avgPool3dGrad_(dy, input, filterSize, strides, pad2, dimRoundingMode) {
  const $dy = convertToTensor(dy, "dy", "avgPool3dGrad");
  const $input = convertToTensor(input, "input", "avgPool3dGrad");
  let dy5D = $dy;
  let input5D = $input;
  let reshapedTo5D = false;
  if ($input.rank === 4) {
    reshapedTo5D = true;
    dy5D = reshape3($dy, [1, $dy.shape[0], $dy.shape[1], $dy.shape[2], $dy.shape[3]]);
    input5D = reshape3($input, [
      1,
      $input.shape[0],
      $input.shape[1],
      $input.shape[2],
      $input.shape[3]
    ]);
  }
  util.assert(dy5D.rank === 5, () => `Error in avgPool3dGrad: dy must be rank 5 but got rank ${dy5D.rank}.`);
  util.assert(input5D.rank === 5, () => `Error in avgPool3dGrad: input must be rank 5 but got rank ${input5D.rank}.`);
  checkPadOnDimRoundingMode("avgPool3dGrad", pad2, dimRoundingMode);
  const inputs = { dy: dy5D, input: input5D };
  const attrs = { filterSize, strides, pad: pad2, dimRoundingMode };
  const res = ENGINE.runKernel(AvgPool3DGrad, inputs, attrs);
  if (reshapedTo5D) {
    return reshape3(res, [res.shape[1], res.shape[2], res.shape[3], res.shape[4]]);
  }
  return res;
}
var avgPool3dGrad = /* @__PURE__ */ op({ avgPool3dGrad_ });

// node_modules/@tensorflow/tfjs-core/dist/gradients/AvgPool3D_grad.js
var avgPool3DGradConfig = {
  kernelName: AvgPool3D,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { filterSize, strides, pad: pad2, dimRoundingMode } = attrs;
    return {
      x: () => avgPool3dGrad(dy, x, filterSize, strides, pad2, dimRoundingMode)
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/AvgPool_grad.js
import { AvgPool } from "@tensorflow/tfjs-core";

// node_modules/@tensorflow/tfjs-core/dist/ops/avg_pool_grad.js
import { engine as __tf02 } from "@tensorflow/tfjs-core";
import { AvgPoolGrad } from "@tensorflow/tfjs-core";
import { Tensor as __tf23 } from "@tensorflow/tfjs-core";
import { util as util2 } from "@tensorflow/tfjs-core";
import { op as op2 } from "@tensorflow/tfjs-core";
import { reshape as reshape4 } from "@tensorflow/tfjs-core";
var ENGINE2 = __tf02();
var convertToTensor2 = (x, argName, functionName) => {
  if (x instanceof __tf23) return x;
  throw new TypeError(functionName + ": " + argName + " must be a Tensor");
};
function avgPoolGrad_(dy, input, filterSize, strides, pad2) {
  const $dy = convertToTensor2(dy, "dy", "avgPoolGrad");
  const $input = convertToTensor2(input, "input", "avgPoolGrad");
  util2.assert($input.rank === $dy.rank, () => `Rank of input (${$input.rank}) does not match rank of dy (${$dy.rank})`);
  let input4D = $input;
  let dy4D = $dy;
  let reshapedTo4D = false;
  if ($input.rank === 3) {
    reshapedTo4D = true;
    input4D = reshape4($input, [1, $input.shape[0], $input.shape[1], $input.shape[2]]);
    dy4D = reshape4($dy, [1, $dy.shape[0], $dy.shape[1], $dy.shape[2]]);
  }
  util2.assert(dy4D.rank === 4, () => `Error in avgPoolGrad: dy must be rank 4 but got rank ${dy4D.rank}.`);
  util2.assert(input4D.rank === 4, () => `Error in avgPoolGrad: input must be rank 4 but got rank ${input4D.rank}.`);
  const inputs = { dy: dy4D, input: input4D };
  const attrs = { filterSize, strides, pad: pad2 };
  const res = ENGINE2.runKernel(AvgPoolGrad, inputs, attrs);
  if (reshapedTo4D) {
    return reshape4(res, [res.shape[1], res.shape[2], res.shape[3]]);
  }
  return res;
}
var avgPoolGrad = /* @__PURE__ */ op2({ avgPoolGrad_ });

// node_modules/@tensorflow/tfjs-core/dist/gradients/AvgPool_grad.js
var avgPoolGradConfig = {
  kernelName: AvgPool,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { filterSize, strides, pad: pad2 } = attrs;
    return { x: () => avgPoolGrad(dy, x, filterSize, strides, pad2) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/BatchMatMul_grad.js
import { BatchMatMul } from "@tensorflow/tfjs-core";
import { matMul } from "@tensorflow/tfjs-core";
var batchMatMulGradConfig = {
  kernelName: BatchMatMul,
  inputsToSave: ["a", "b"],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved;
    const { transposeA, transposeB } = attrs;
    if (!transposeA && !transposeB) {
      return {
        a: () => matMul(dy, b, false, true),
        b: () => matMul(a, dy, true, false)
      };
    } else if (!transposeA && transposeB) {
      return {
        a: () => matMul(dy, b, false, false),
        b: () => matMul(dy, a, true, false)
      };
    } else if (transposeA && !transposeB) {
      return {
        a: () => matMul(b, dy, false, true),
        b: () => matMul(a, dy, false, false)
      };
    } else {
      return {
        a: () => matMul(b, dy, true, true),
        b: () => matMul(dy, a, true, true)
      };
    }
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/BatchToSpaceND_grad.js
import { BatchToSpaceND } from "@tensorflow/tfjs-core";
import { spaceToBatchND } from "@tensorflow/tfjs-core";
var batchToSpaceNDGradConfig = {
  kernelName: BatchToSpaceND,
  gradFunc: (dy, saved, attrs) => {
    const { blockShape, crops } = attrs;
    return { x: () => spaceToBatchND(dy, blockShape, crops) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/BroadcastTo_grad.js
import { BroadcastTo } from "@tensorflow/tfjs-core";
import { sum as sum3 } from "@tensorflow/tfjs-core";
var broadcastToGradConfig = {
  kernelName: BroadcastTo,
  gradFunc: (dy, saved, attrs) => {
    const broadCastToAttrs = attrs;
    const inputShape = broadCastToAttrs.inputShape;
    const outputShape = broadCastToAttrs.shape;
    const reps = Array.from(outputShape);
    for (let i = inputShape.length - 1; i >= 0; i--) {
      if (inputShape[i] === outputShape[i]) {
        reps[i] = 1;
      } else if (inputShape[i] !== 1) {
        throw new Error(`broadcastTo(): [${inputShape}] cannot be broadcast to [${outputShape}].`);
      }
    }
    const axes = [];
    for (let i = 0; i < reps.length; i++) {
      if (reps[i] > 1) {
        axes.push(i);
      }
    }
    return { x: () => sum3(
      dy,
      axes,
      true
      /* keepDims */
    ) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Cast_grad.js
import { Cast } from "@tensorflow/tfjs-core";
var castGradConfig = {
  kernelName: Cast,
  gradFunc: (dy) => {
    return { x: () => dy.clone() };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Ceil_grad.js
import { Ceil } from "@tensorflow/tfjs-core";
import { zerosLike as zerosLike3 } from "@tensorflow/tfjs-core";
var ceilGradConfig = {
  kernelName: Ceil,
  gradFunc: (dy) => {
    return { x: () => zerosLike3(dy) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/ClipByValue_grad.js
import { ClipByValue } from "@tensorflow/tfjs-core";
import { greaterEqual } from "@tensorflow/tfjs-core";
import { lessEqual } from "@tensorflow/tfjs-core";
import { logicalAnd } from "@tensorflow/tfjs-core";
import { where } from "@tensorflow/tfjs-core";
import { zerosLike as zerosLike4 } from "@tensorflow/tfjs-core";
var clipByValueGradConfig = {
  kernelName: ClipByValue,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { clipValueMin, clipValueMax } = attrs;
    return {
      x: () => where(logicalAnd(greaterEqual(x, clipValueMin), lessEqual(x, clipValueMax)), dy, zerosLike4(dy))
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/ComplexAbs_grad.js
import { ComplexAbs } from "@tensorflow/tfjs-core";
var complexAbsGradConfig = {
  kernelName: ComplexAbs,
  inputsToSave: ["x"],
  gradFunc: absGradConfig.gradFunc
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Concat_grad.js
import { Concat } from "@tensorflow/tfjs-core";
import { split } from "@tensorflow/tfjs-core";
import { util as __tf24 } from "@tensorflow/tfjs-core";
var { parseAxisParam } = __tf24;
var concatGradConfig = {
  kernelName: Concat,
  saveAllInputs: true,
  gradFunc: (dy, saved, attrs) => {
    const shapes = saved.map((t) => t.shape);
    const { axis } = attrs;
    const $axis = parseAxisParam(axis, saved[0].shape)[0];
    const sizeSplits = shapes.map((s) => s[$axis]);
    const derTensors = split(dy, sizeSplits, $axis);
    return derTensors.map((t) => () => t);
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Conv2D_grad.js
import { Conv2D } from "@tensorflow/tfjs-core";

// node_modules/@tensorflow/tfjs-core/dist/ops/conv2d_backprop_filter.js
import { engine as __tf03 } from "@tensorflow/tfjs-core";
import { Conv2DBackpropFilter } from "@tensorflow/tfjs-core";
import { util as util3 } from "@tensorflow/tfjs-core";
import { backend_util as conv_util } from "@tensorflow/tfjs-core";
import { op as op3 } from "@tensorflow/tfjs-core";
import { reshape as reshape5 } from "@tensorflow/tfjs-core";
var ENGINE3 = __tf03();
function conv2DBackpropFilter_(x, dy, filterShape, strides, pad2, dataFormat = "NHWC", dimRoundingMode) {
  let x4D = x;
  if (x.rank === 3) {
    x4D = reshape5(x, [1, x.shape[0], x.shape[1], x.shape[2]]);
  }
  let dy4D = dy;
  if (dy4D.rank === 3) {
    dy4D = reshape5(dy, [1, dy.shape[0], dy.shape[1], dy.shape[2]]);
  }
  util3.assert(x4D.rank === 4, () => `Error in conv2dDerFilter: input must be rank 4, but got shape ${x4D.shape}.`);
  util3.assert(dy4D.rank === 4, () => `Error in conv2dDerFilter: dy must be rank 4, but got shape ${dy4D.shape}.`);
  util3.assert(filterShape.length === 4, () => `Error in conv2dDerFilter: filterShape must be length 4, but got ${filterShape}.`);
  const inDepth = dataFormat === "NHWC" ? x4D.shape[3] : x4D.shape[1];
  const outDepth = dataFormat === "NHWC" ? dy4D.shape[3] : dy4D.shape[1];
  util3.assert(inDepth === filterShape[2], () => `Error in conv2dDerFilter: depth of input ${inDepth}) must match input depth in filter (${filterShape[2]}.`);
  util3.assert(outDepth === filterShape[3], () => `Error in conv2dDerFilter: depth of dy (${outDepth}) must match output depth for filter (${filterShape[3]}).`);
  conv_util.checkPadOnDimRoundingMode("conv2dDerFilter", pad2, dimRoundingMode);
  const inputs = { x: x4D, dy: dy4D };
  const attrs = { strides, pad: pad2, dataFormat, dimRoundingMode, filterShape };
  return ENGINE3.runKernel(Conv2DBackpropFilter, inputs, attrs);
}
var conv2DBackpropFilter = /* @__PURE__ */ op3({ conv2DBackpropFilter_ });

// node_modules/@tensorflow/tfjs-core/dist/ops/conv2d_backprop_input.js
import { engine as __tf04 } from "@tensorflow/tfjs-core";
import { Conv2DBackpropInput } from "@tensorflow/tfjs-core";
import { util as util4 } from "@tensorflow/tfjs-core";
import { backend_util as conv_util2 } from "@tensorflow/tfjs-core";
import { op as op4 } from "@tensorflow/tfjs-core";
import { reshape as reshape6 } from "@tensorflow/tfjs-core";
var ENGINE4 = __tf04();
function conv2DBackpropInput_(xShape, dy, filter, strides, pad2, dataFormat = "NHWC", dimRoundingMode) {
  util4.assert(xShape.length === dy.rank, () => `Length of inShape (${xShape.length}) and rank of dy (${dy.rank}) must match`);
  let xShape4D = xShape;
  let dy4D = dy;
  let reshapedTo4D = false;
  if (dy.rank === 3) {
    reshapedTo4D = true;
    dy4D = reshape6(dy, [1, dy.shape[0], dy.shape[1], dy.shape[2]]);
    xShape4D = [1, xShape[0], xShape[1], xShape[2]];
  }
  util4.assert(xShape4D.length === 4, () => `Error in conv2dDerInput: inShape must be length 4, but got length ${xShape4D.length}.`);
  util4.assert(dy4D.rank === 4, () => `Error in conv2dDerInput: dy must be rank 4, but got rank ${dy4D.rank}`);
  util4.assert(filter.rank === 4, () => `Error in conv2dDerInput: filter must be rank 4, but got rank ${filter.rank}`);
  const inDepth = dataFormat === "NHWC" ? xShape4D[3] : xShape4D[1];
  const outDepth = dataFormat === "NHWC" ? dy4D.shape[3] : dy4D.shape[1];
  util4.assert(inDepth === filter.shape[2], () => `Error in conv2dDerInput: depth of input (${inDepth}) must match input depth for filter ${filter.shape[2]}.`);
  util4.assert(outDepth === filter.shape[3], () => `Error in conv2dDerInput: depth of output (${outDepth}) must match output depth for filter ${filter.shape[3]}.`);
  conv_util2.checkPadOnDimRoundingMode("conv2dDerInput", pad2, dimRoundingMode);
  const inputs = { dy: dy4D, filter };
  const attrs = { strides, pad: pad2, dataFormat, dimRoundingMode, inputShape: xShape4D };
  const res = ENGINE4.runKernel(Conv2DBackpropInput, inputs, attrs);
  if (reshapedTo4D) {
    return reshape6(res, [res.shape[1], res.shape[2], res.shape[3]]);
  }
  return res;
}
var conv2DBackpropInput = /* @__PURE__ */ op4({ conv2DBackpropInput_ });

// node_modules/@tensorflow/tfjs-core/dist/gradients/Conv2D_grad.js
import { backend_util as conv_util3 } from "@tensorflow/tfjs-core";
import { util as util5 } from "@tensorflow/tfjs-core";
var conv2DGradConfig = {
  kernelName: Conv2D,
  inputsToSave: ["x", "filter"],
  gradFunc: (dy, saved, attrs) => {
    const [x4D, $filter] = saved;
    const { dilations, strides, pad: pad2, dataFormat } = attrs;
    util5.assert(conv_util3.tupleValuesAreOne(dilations), () => `Error in gradient of conv2D: dilation rates greater than 1 are not yet supported in gradients. Got dilations '${dilations}'`);
    return {
      x: () => conv2DBackpropInput(x4D.shape, dy, $filter, strides, pad2, dataFormat),
      filter: () => conv2DBackpropFilter(x4D, dy, $filter.shape, strides, pad2, dataFormat)
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Conv2DBackpropInput_grad.js
import { Conv2DBackpropInput as Conv2DBackpropInput2 } from "@tensorflow/tfjs-core";
import { conv2d } from "@tensorflow/tfjs-core";
var conv2DBackpropInputGradConfig = {
  kernelName: Conv2DBackpropInput2,
  inputsToSave: ["dy", "filter"],
  gradFunc: (ddx, saved, attrs) => {
    const [dy, filter] = saved;
    const { strides, pad: pad2, dataFormat, dimRoundingMode } = attrs;
    return {
      dy: () => conv2d(ddx, filter, strides, pad2, dataFormat, 1, dimRoundingMode),
      filter: () => conv2DBackpropFilter(ddx, dy, filter.shape, strides, pad2, dataFormat, dimRoundingMode)
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Conv3D_grad.js
import { Conv3D } from "@tensorflow/tfjs-core";

// node_modules/@tensorflow/tfjs-core/dist/ops/conv3d_backprop_filter.js
import { engine as __tf05 } from "@tensorflow/tfjs-core";
import { Conv3DBackpropFilterV2 } from "@tensorflow/tfjs-core";
import { util as util6 } from "@tensorflow/tfjs-core";
import { op as op5 } from "@tensorflow/tfjs-core";
import { reshape as reshape7 } from "@tensorflow/tfjs-core";
var ENGINE5 = __tf05();
function conv3DBackpropFilter_(x, dy, filterShape, strides, pad2) {
  let x5D = x;
  if (x.rank === 4) {
    x5D = reshape7(x, [1, x.shape[0], x.shape[1], x.shape[2], x.shape[3]]);
  }
  let dy5D = dy;
  if (dy5D.rank === 4) {
    dy5D = reshape7(dy, [1, dy.shape[0], dy.shape[1], dy.shape[2], dy.shape[3]]);
  }
  util6.assert(x5D.rank === 5, () => `Error in conv3dDerFilter: input must be rank 5, but got shape ${x5D.shape}.`);
  util6.assert(dy5D.rank === 5, () => `Error in conv3dDerFilter: dy must be rank 5, but got shape ${dy5D.shape}.`);
  util6.assert(filterShape.length === 5, () => `Error in conv3dDerFilter: filterShape must be length 5, but got ${filterShape}.`);
  util6.assert(x5D.shape[4] === filterShape[3], () => `Error in conv3dDerFilter: depth of input ${x5D.shape[4]}) must match input depth in filter (${filterShape[3]}.`);
  util6.assert(dy5D.shape[4] === filterShape[4], () => `Error in conv3dDerFilter: depth of dy (${dy5D.shape[4]}) must match output depth for filter (${filterShape[4]}).`);
  const inputs = { x: x5D, dy: dy5D };
  const attrs = { strides, pad: pad2, filterShape };
  return ENGINE5.runKernel(Conv3DBackpropFilterV2, inputs, attrs);
}
var conv3DBackpropFilter = /* @__PURE__ */ op5({ conv3DBackpropFilter_ });

// node_modules/@tensorflow/tfjs-core/dist/ops/conv3d_backprop_input.js
import { engine as __tf06 } from "@tensorflow/tfjs-core";
import { Conv3DBackpropInputV2 } from "@tensorflow/tfjs-core";
import { util as util7 } from "@tensorflow/tfjs-core";
import { op as op6 } from "@tensorflow/tfjs-core";
import { reshape as reshape8 } from "@tensorflow/tfjs-core";
var ENGINE6 = __tf06();
function conv3DBackpropInput_(xShape, dy, filter, strides, pad2) {
  util7.assert(xShape.length === dy.rank, () => `Length of inShape (${xShape.length}) and rank of dy (${dy.rank}) must match`);
  let xShape5D = xShape;
  let dy5D = dy;
  let reshapedTo5D = false;
  if (dy.rank === 4) {
    reshapedTo5D = true;
    dy5D = reshape8(dy, [1, dy.shape[0], dy.shape[1], dy.shape[2], dy.shape[3]]);
    xShape5D = [1, xShape[0], xShape[1], xShape[2], xShape[3]];
  }
  const inDepth = xShape5D[4];
  const outDepth = dy5D.shape[4];
  util7.assert(xShape5D.length === 5, () => `Error in conv3dDerInput: inShape must be length 5, but got length ${xShape5D.length}.`);
  util7.assert(dy5D.rank === 5, () => `Error in conv3dDerInput: dy must be rank 5, but got rank ${dy5D.rank}`);
  util7.assert(filter.rank === 5, () => `Error in conv3dDerInput: filter must be rank 5, but got rank ${filter.rank}`);
  util7.assert(inDepth === filter.shape[3], () => `Error in conv3dDerInput: depth of input (${inDepth}) must match input depth for filter ${filter.shape[3]}.`);
  util7.assert(outDepth === filter.shape[4], () => `Error in conv3dDerInput: depth of output (${outDepth}) must match output depth for filter ${filter.shape[4]}.`);
  const inputs = { dy: dy5D, filter };
  const attrs = { pad: pad2, strides, inputShape: xShape5D };
  const res = ENGINE6.runKernel(Conv3DBackpropInputV2, inputs, attrs);
  if (reshapedTo5D) {
    return reshape8(res, [res.shape[1], res.shape[2], res.shape[3], res.shape[4]]);
  }
  return res;
}
var conv3DBackpropInput = /* @__PURE__ */ op6({ conv3DBackpropInput_ });

// node_modules/@tensorflow/tfjs-core/dist/gradients/Conv3D_grad.js
import { backend_util as __tf3 } from "@tensorflow/tfjs-core";
import { util as util8 } from "@tensorflow/tfjs-core";
var { tupleValuesAreOne } = __tf3;
var conv3DGradConfig = {
  kernelName: Conv3D,
  inputsToSave: ["x", "filter"],
  gradFunc: (dy, saved, attrs) => {
    const { dilations, strides, pad: pad2 } = attrs;
    util8.assert(tupleValuesAreOne(dilations), () => `Error in gradient of conv3D: dilation rates greater than 1 are not yet supported in gradients. Got dilations '${dilations}'`);
    const [x5D, $filter] = saved;
    return {
      x: () => conv3DBackpropInput(x5D.shape, dy, $filter, strides, pad2),
      filter: () => conv3DBackpropFilter(x5D, dy, $filter.shape, strides, pad2)
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Cos_grad.js
import { Cos } from "@tensorflow/tfjs-core";
import { cast as cast8 } from "@tensorflow/tfjs-core";
import { mul as mul3 } from "@tensorflow/tfjs-core";
import { neg as neg3 } from "@tensorflow/tfjs-core";
import { sin } from "@tensorflow/tfjs-core";
var cosGradConfig = {
  kernelName: Cos,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => mul3(neg3(sin(cast8(x, "float32"))), dy) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Cosh_grad.js
import { Cosh } from "@tensorflow/tfjs-core";
import { cast as cast9 } from "@tensorflow/tfjs-core";
import { mul as mul4 } from "@tensorflow/tfjs-core";
import { sinh } from "@tensorflow/tfjs-core";
var coshGradConfig = {
  kernelName: Cosh,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => mul4(sinh(cast9(x, "float32")), dy) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Cumsum_grad.js
import { Cumsum } from "@tensorflow/tfjs-core";
import { backend_util as __tf1 } from "@tensorflow/tfjs-core";
import { cumsum } from "@tensorflow/tfjs-core";
import { transpose } from "@tensorflow/tfjs-core";
var { getAxesPermutation } = __tf1;
var cumsumGradConfig = {
  kernelName: Cumsum,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { axis, exclusive, reverse: reverse2 } = attrs;
    return {
      x: () => {
        const permutation = getAxesPermutation([axis], x.rank);
        let out = cumsum(dy, axis, exclusive, !reverse2);
        if (permutation != null) {
          out = transpose(out, permutation);
        }
        return out;
      }
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/DepthwiseConv2dNative_grad.js
import { DepthwiseConv2dNative } from "@tensorflow/tfjs-core";
import { backend_util as conv_util4 } from "@tensorflow/tfjs-core";

// node_modules/@tensorflow/tfjs-core/dist/ops/depthwise_conv2d_native_backprop_filter.js
import { engine as __tf07 } from "@tensorflow/tfjs-core";
import { DepthwiseConv2dNativeBackpropFilter } from "@tensorflow/tfjs-core";
import { op as op7 } from "@tensorflow/tfjs-core";
import { reshape as reshape9 } from "@tensorflow/tfjs-core";
var ENGINE7 = __tf07();
function depthwiseConv2dNativeBackpropFilter_(x, dy, filterShape, strides, pad2, dilations = [1, 1], dimRoundingMode) {
  let x4D = x;
  if (x.rank === 3) {
    x4D = reshape9(x, [1, x.shape[0], x.shape[1], x.shape[2]]);
  }
  let dy4D = dy;
  if (dy4D.rank === 3) {
    dy4D = reshape9(dy, [1, dy.shape[0], dy.shape[1], dy.shape[2]]);
  }
  const inputs = { x: x4D, dy: dy4D };
  const attrs = { strides, pad: pad2, dimRoundingMode, dilations, filterShape };
  return ENGINE7.runKernel(DepthwiseConv2dNativeBackpropFilter, inputs, attrs);
}
var depthwiseConv2dNativeBackpropFilter = op7({ depthwiseConv2dNativeBackpropFilter_ });

// node_modules/@tensorflow/tfjs-core/dist/ops/depthwise_conv2d_native_backprop_input.js
import { engine as __tf08 } from "@tensorflow/tfjs-core";
import { DepthwiseConv2dNativeBackpropInput } from "@tensorflow/tfjs-core";
import { op as op8 } from "@tensorflow/tfjs-core";
import { reshape as reshape10 } from "@tensorflow/tfjs-core";
var ENGINE8 = __tf08();
function depthwiseConv2dNativeBackpropInput_(xShape, dy, filter, strides, pad2, dilations = [1, 1], dimRoundingMode) {
  let dy4D = dy;
  let reshapedTo4D = false;
  if (dy.rank === 3) {
    reshapedTo4D = true;
    dy4D = reshape10(dy, [1, dy.shape[0], dy.shape[1], dy.shape[2]]);
  }
  const inputs = { dy: dy4D, filter };
  const attrs = { strides, pad: pad2, dimRoundingMode, dilations, inputShape: xShape };
  const res = (
    // tslint:disable-next-line: no-unnecessary-type-assertion
    ENGINE8.runKernel(DepthwiseConv2dNativeBackpropInput, inputs, attrs)
  );
  if (reshapedTo4D) {
    return reshape10(res, [res.shape[1], res.shape[2], res.shape[3]]);
  }
  return res;
}
var depthwiseConv2dNativeBackpropInput = op8({ depthwiseConv2dNativeBackpropInput_ });

// node_modules/@tensorflow/tfjs-core/dist/gradients/DepthwiseConv2dNative_grad.js
import { util as util9 } from "@tensorflow/tfjs-core";
var depthwiseConv2dNativeGradConfig = {
  kernelName: DepthwiseConv2dNative,
  inputsToSave: ["x", "filter"],
  gradFunc: (dy, saved, attrs) => {
    const { dilations, strides, pad: pad2, dimRoundingMode } = attrs;
    const $dilations = dilations == null ? [1, 1] : dilations;
    util9.assert(conv_util4.tupleValuesAreOne($dilations), () => `Error in gradient of depthwiseConv2dNative: dilation rates greater than 1 are not yet supported. Got dilations '${$dilations}'`);
    const [x, filter] = saved;
    util9.assert(x.rank === 4, () => `Error in gradient of depthwiseConv2dNative: input must be rank 4, but got rank ${x.rank}.`);
    util9.assert(filter.rank === 4, () => `Error in gradient of depthwiseConv2dNative: filter must be rank 4, but got rank ${filter.rank}.`);
    util9.assert(x.shape[3] === filter.shape[2], () => `Error in gradient of depthwiseConv2d: number of input channels (${x.shape[3]}) must match the inChannels dimension in filter ${filter.shape[2]}.`);
    util9.assert(conv_util4.eitherStridesOrDilationsAreOne(strides, $dilations), () => `Error in gradient of depthwiseConv2d: Either strides or dilations must be  1. Got strides ${strides} and dilations '${$dilations}'.`);
    conv_util4.checkPadOnDimRoundingMode("depthwiseConv2d", pad2, dimRoundingMode);
    return {
      x: () => depthwiseConv2dNativeBackpropInput(x.shape, dy, filter, strides, pad2, $dilations, dimRoundingMode),
      filter: () => depthwiseConv2dNativeBackpropFilter(x, dy, filter.shape, strides, pad2, $dilations, dimRoundingMode)
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Dilation2D_grad.js
import { engine as __tf09 } from "@tensorflow/tfjs-core";
import { Dilation2D, Dilation2DBackpropFilter, Dilation2DBackpropInput } from "@tensorflow/tfjs-core";
var ENGINE9 = __tf09();
var dilation2dGradConfig = {
  kernelName: Dilation2D,
  inputsToSave: ["x", "filter"],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved;
    const inputInputs = { x, filter, dy };
    const filterInputs = { x, filter, dy };
    return {
      x: () => ENGINE9.runKernel(Dilation2DBackpropInput, inputInputs, attrs),
      filter: () => ENGINE9.runKernel(Dilation2DBackpropFilter, filterInputs, attrs)
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Elu_grad.js
import { engine as __tf010 } from "@tensorflow/tfjs-core";
import { Elu, EluGrad } from "@tensorflow/tfjs-core";
var ENGINE10 = __tf010();
var eluGradConfig = {
  kernelName: Elu,
  outputsToSave: [true],
  gradFunc: (dy, saved) => {
    const [y] = saved;
    const inputs = { dy, y };
    return { x: () => ENGINE10.runKernel(EluGrad, inputs) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Erf_grad.js
import { Erf } from "@tensorflow/tfjs-core";
import { exp } from "@tensorflow/tfjs-core";
import { mul as mul5 } from "@tensorflow/tfjs-core";
import { neg as neg4 } from "@tensorflow/tfjs-core";
import { square as square8 } from "@tensorflow/tfjs-core";
var erfGradConfig = {
  kernelName: Erf,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    const a = mul5(exp(neg4(square8(x))), 2 / Math.sqrt(Math.PI));
    return { x: () => mul5(dy, a) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Exp_grad.js
import { Exp } from "@tensorflow/tfjs-core";
import { mul as mul6 } from "@tensorflow/tfjs-core";
var expGradConfig = {
  kernelName: Exp,
  outputsToSave: [true],
  gradFunc: (dy, saved) => {
    const [y] = saved;
    return { x: () => mul6(dy, y) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/ExpandDims_grad.js
import { ExpandDims } from "@tensorflow/tfjs-core";
import { reshape as reshape11 } from "@tensorflow/tfjs-core";
var expandDimsGradConfig = {
  kernelName: ExpandDims,
  inputsToSave: ["input"],
  gradFunc: (dy, saved) => {
    const [input] = saved;
    return { input: () => reshape11(dy, input.shape) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Expm1_grad.js
import { Expm1 } from "@tensorflow/tfjs-core";
import { exp as exp2 } from "@tensorflow/tfjs-core";
import { mul as mul7 } from "@tensorflow/tfjs-core";
var expm1GradConfig = {
  kernelName: Expm1,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => mul7(dy, exp2(x)) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Floor_grad.js
import { Floor } from "@tensorflow/tfjs-core";
import { zerosLike as zerosLike5 } from "@tensorflow/tfjs-core";
var floorGradConfig = {
  kernelName: Floor,
  gradFunc: (dy) => {
    return { x: () => zerosLike5(dy) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/FloorDiv_grad.js
import { FloorDiv } from "@tensorflow/tfjs-core";
import { backend_util as __tf12 } from "@tensorflow/tfjs-core";
import { cast as cast10 } from "@tensorflow/tfjs-core";
import { div as div8 } from "@tensorflow/tfjs-core";
import { mul as mul8 } from "@tensorflow/tfjs-core";
import { neg as neg5 } from "@tensorflow/tfjs-core";
import { reshape as reshape12 } from "@tensorflow/tfjs-core";
import { square as square9 } from "@tensorflow/tfjs-core";
import { sum as sum4 } from "@tensorflow/tfjs-core";
var { assertAndGetBroadcastShape: assertAndGetBroadcastShape2, getReductionAxes: getReductionAxes2 } = __tf12;
var floorDivGradConfig = {
  kernelName: FloorDiv,
  inputsToSave: ["a", "b"],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    const outShape = assertAndGetBroadcastShape2(a.shape, b.shape);
    const derA = () => {
      const res = div8(dy, cast10(b, "float32"));
      const reduceAxes = getReductionAxes2(a.shape, outShape);
      if (reduceAxes.length > 0) {
        return reshape12(sum4(res, reduceAxes), a.shape);
      }
      return res;
    };
    const derB = () => {
      let res = mul8(dy, cast10(a, "float32"));
      const reduceAxes = getReductionAxes2(b.shape, outShape);
      if (reduceAxes.length > 0) {
        res = reshape12(sum4(res, reduceAxes), b.shape);
      }
      const tmp = square9(b);
      return neg5(div8(res, cast10(tmp, "float32")));
    };
    return { a: derA, b: derB };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/FusedBatchNorm_grad.js
import { FusedBatchNorm } from "@tensorflow/tfjs-core";
import { add as add4 } from "@tensorflow/tfjs-core";
import { backend_util as __tf25 } from "@tensorflow/tfjs-core";
import { mul as mul9 } from "@tensorflow/tfjs-core";
import { reshape as reshape13 } from "@tensorflow/tfjs-core";
import { rsqrt } from "@tensorflow/tfjs-core";
import { scalar as scalar5 } from "@tensorflow/tfjs-core";
import { sub as sub5 } from "@tensorflow/tfjs-core";
import { sum as sum5 } from "@tensorflow/tfjs-core";
import { tile } from "@tensorflow/tfjs-core";
var { getReductionAxes: getReductionAxes3 } = __tf25;
var fusedBatchNormGradConfig = {
  kernelName: FusedBatchNorm,
  inputsToSave: ["x", "mean", "variance", "scale"],
  gradFunc: (dy, saved, attrs) => {
    const { varianceEpsilon } = attrs;
    const [x, mean, variance, scale] = saved;
    const scaleValue = scale == null ? scalar5(1) : scale;
    const reductionAxes = getReductionAxes3(mean.shape, x.shape);
    const tileShape = [];
    if (mean.rank === 1) {
      for (let i = 0; i < x.shape.length - 1; ++i) {
        tileShape.push(x.shape[i]);
      }
      tileShape.push(1);
    }
    const xMinusMean = sub5(x, mean);
    const dyTimesScaleValue = mul9(dy, scaleValue);
    const oneOverSqrtVariance = rsqrt(add4(variance, scalar5(varianceEpsilon)));
    const minusHalfRCube = mul9(mul9(mul9(oneOverSqrtVariance, oneOverSqrtVariance), oneOverSqrtVariance), scalar5(-0.5));
    const derX = () => {
      if (mean.rank === 1) {
        return reshape13(mul9(mul9(dy, tile(reshape13(oneOverSqrtVariance, [1, 1, 1, mean.shape[0]]), tileShape)), scaleValue), x.shape);
      } else {
        return reshape13(mul9(mul9(dy, oneOverSqrtVariance), scaleValue), x.shape);
      }
    };
    const derMean = () => {
      let meanDer = mul9(mul9(oneOverSqrtVariance, scalar5(-1)), dyTimesScaleValue);
      if (mean.rank === 1) {
        meanDer = sum5(meanDer, reductionAxes);
      }
      return reshape13(meanDer, mean.shape);
    };
    const derVariance = () => {
      let varianceDer = mul9(mul9(minusHalfRCube, xMinusMean), dyTimesScaleValue);
      if (mean.rank === 1) {
        varianceDer = sum5(varianceDer, reductionAxes);
      }
      return reshape13(varianceDer, mean.shape);
    };
    const derScale = () => {
      const xMinusMean2TimesRsqrt = mul9(xMinusMean, oneOverSqrtVariance);
      let scaleDer = mul9(dy, xMinusMean2TimesRsqrt);
      if (mean.rank === 1) {
        scaleDer = sum5(scaleDer, reductionAxes);
      }
      return reshape13(scaleDer, mean.shape);
    };
    const derOffset = () => {
      let offsetDer = dy;
      if (mean.rank === 1) {
        offsetDer = sum5(offsetDer, reductionAxes);
      }
      return reshape13(offsetDer, mean.shape);
    };
    return {
      x: derX,
      mean: derMean,
      variance: derVariance,
      scale: derScale,
      offset: derOffset
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/GatherV2_grad.js
import { GatherV2 } from "@tensorflow/tfjs-core";
import { backend_util as __tf13 } from "@tensorflow/tfjs-core";
import { reshape as reshape14 } from "@tensorflow/tfjs-core";
import { stack } from "@tensorflow/tfjs-core";
import { transpose as transpose2 } from "@tensorflow/tfjs-core";
import { unsortedSegmentSum } from "@tensorflow/tfjs-core";
import { util as __tf6 } from "@tensorflow/tfjs-core";
var { getUndoAxesPermutation } = __tf13;
var { parseAxisParam: parseAxisParam2 } = __tf6;
var gatherGradConfig = {
  kernelName: GatherV2,
  inputsToSave: ["x", "indices"],
  gradFunc: (dy, saved, attrs) => {
    const [x, indices] = saved;
    const { axis, batchDims } = attrs;
    const parsedAxis = parseAxisParam2(axis, x.shape)[0];
    const derXBatch = (x2, indices2, dy2) => {
      return () => {
        const paramsShape = x2.shape;
        const indicesSize = indices2.size;
        const outerShape = paramsShape.slice(0, parsedAxis);
        const outerDims = outerShape.length;
        const innerShape = paramsShape.slice(axis, paramsShape.length).slice(1);
        const innerDims = innerShape.length;
        const outerAxesIndices = arrayRange(0, outerDims);
        const innerAxesIndices = arrayRange(outerDims + 1, outerDims + 1 + innerDims);
        const valuesShape = arrayConcat([
          outerShape,
          [indicesSize],
          innerShape
        ]);
        const values = reshape14(dy2, valuesShape);
        const reshapedIndices = reshape14(indices2, [indicesSize]);
        const transposeDims = arrayConcat([[outerDims], outerAxesIndices, innerAxesIndices]);
        const valuesTranspose = transpose2(values, transposeDims);
        let paramsGrad = unsortedSegmentSum(valuesTranspose, reshapedIndices, x2.shape[parsedAxis]);
        const invertTransposeDims = getUndoAxesPermutation(transposeDims);
        paramsGrad = transpose2(paramsGrad, invertTransposeDims);
        return paramsGrad;
      };
    };
    if (batchDims === 1) {
      const batchSize = x.shape[0];
      const xBatch = x.split(batchSize, 0);
      const derXBatched = () => {
        const stacked = stack(xBatch.map((x2, i) => {
          return derXBatch(x2, indices.slice(i, 1), dy.slice(i, 1))();
        }));
        return stacked.reshape(x.shape);
      };
      return { x: derXBatched, indices: () => indices };
    } else {
      return { x: derXBatch(x, indices, dy), indices: () => indices };
    }
  }
};
function arrayRange(start, stop) {
  const result = [];
  for (let i = start; i < stop; ++i) {
    result.push(i);
  }
  return result;
}
function arrayConcat(arrays) {
  const result = [];
  for (let i = 0; i < arrays.length; ++i) {
    for (let j = 0; j < arrays[i].length; ++j) {
      result.push(arrays[i][j]);
    }
  }
  return result;
}

// node_modules/@tensorflow/tfjs-core/dist/gradients/GreaterEqual_grad.js
import { GreaterEqual } from "@tensorflow/tfjs-core";
import { zerosLike as zerosLike6 } from "@tensorflow/tfjs-core";
var greaterEqualGradConfig = {
  kernelName: GreaterEqual,
  inputsToSave: ["a", "b"],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    return { a: () => zerosLike6(a), b: () => zerosLike6(b) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Identity_grad.js
import { Identity } from "@tensorflow/tfjs-core";
import { cast as cast11 } from "@tensorflow/tfjs-core";
var identityGradConfig = {
  kernelName: Identity,
  gradFunc: (dy) => {
    return { x: () => cast11(dy, "float32") };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/IsFinite_grad.js
import { IsFinite } from "@tensorflow/tfjs-core";
import { zerosLike as zerosLike7 } from "@tensorflow/tfjs-core";
var isFiniteGradConfig = {
  kernelName: IsFinite,
  gradFunc: (dy) => {
    return { x: () => zerosLike7(dy) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/IsInf_grad.js
import { IsInf } from "@tensorflow/tfjs-core";
import { zerosLike as zerosLike8 } from "@tensorflow/tfjs-core";
var isInfGradConfig = {
  kernelName: IsInf,
  gradFunc: (dy) => {
    return { x: () => zerosLike8(dy) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/IsNan_grad.js
import { IsNan } from "@tensorflow/tfjs-core";
import { zerosLike as zerosLike9 } from "@tensorflow/tfjs-core";
var isNanGradConfig = {
  kernelName: IsNan,
  gradFunc: (dy) => {
    return { x: () => zerosLike9(dy) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/LeakyRelu_grad.js
import { LeakyRelu } from "@tensorflow/tfjs-core";
import { greater } from "@tensorflow/tfjs-core";
import { mul as mul10 } from "@tensorflow/tfjs-core";
import { where as where2 } from "@tensorflow/tfjs-core";
var leakyReluGradConfig = {
  kernelName: LeakyRelu,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { alpha } = attrs;
    const mask = greater(x, 0);
    return { x: () => where2(mask, dy, mul10(dy, alpha)) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Log1p_grad.js
import { Log1p } from "@tensorflow/tfjs-core";
import { add as add5 } from "@tensorflow/tfjs-core";
import { div as div9 } from "@tensorflow/tfjs-core";
var log1pGradConfig = {
  kernelName: Log1p,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => div9(dy, add5(x, 1)) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Log_grad.js
import { Log } from "@tensorflow/tfjs-core";
import { cast as cast12 } from "@tensorflow/tfjs-core";
import { div as div10 } from "@tensorflow/tfjs-core";
var logGradConfig = {
  kernelName: Log,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => div10(dy, cast12(x, "float32")) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/LogSoftmax_grad.js
import { LogSoftmax } from "@tensorflow/tfjs-core";
import { exp as exp3 } from "@tensorflow/tfjs-core";
import { mul as mul11 } from "@tensorflow/tfjs-core";
import { sub as sub6 } from "@tensorflow/tfjs-core";
import { sum as sum6 } from "@tensorflow/tfjs-core";
var logSoftmaxGradConfig = {
  kernelName: LogSoftmax,
  inputsToSave: [],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [value] = saved;
    const { axis } = attrs;
    return {
      logits: () => {
        const keepDims = true;
        const softmax = exp3(value);
        return sub6(dy, mul11(sum6(dy, axis, keepDims), softmax));
      }
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/LRN_grad.js
import { LRN } from "@tensorflow/tfjs-core";

// node_modules/@tensorflow/tfjs-core/dist/ops/local_response_normalization_backprop.js
import { engine as __tf011 } from "@tensorflow/tfjs-core";
import { LRNGrad } from "@tensorflow/tfjs-core";
import { op as op9 } from "@tensorflow/tfjs-core";
var ENGINE11 = __tf011();
function localResponseNormalizationBackprop_(x, y, dy, depthRadius = 5, bias = 1, alpha = 1, beta = 0.5) {
  const inputs = { x, y, dy };
  const attrs = { depthRadius, bias, alpha, beta };
  return ENGINE11.runKernel(LRNGrad, inputs, attrs);
}
var localResponseNormalizationBackprop = op9({ localResponseNormalizationBackprop_ });

// node_modules/@tensorflow/tfjs-core/dist/gradients/LRN_grad.js
var lrnGradConfig = {
  kernelName: LRN,
  inputsToSave: ["x"],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, y] = saved;
    const { depthRadius, bias, alpha, beta } = attrs;
    return {
      x: () => localResponseNormalizationBackprop(x, y, dy, depthRadius, bias, alpha, beta)
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Max_grad.js
import { Max } from "@tensorflow/tfjs-core";
import { util as util10 } from "@tensorflow/tfjs-core";

// node_modules/@tensorflow/tfjs-core/dist/gradients/min_max_grad_util.js
import { backend_util as axis_util } from "@tensorflow/tfjs-core";
import { cast as cast13 } from "@tensorflow/tfjs-core";
import { equal } from "@tensorflow/tfjs-core";
import { mul as mul12 } from "@tensorflow/tfjs-core";
import { reshape as reshape15 } from "@tensorflow/tfjs-core";
function gradForMinAndMax(dy, y, xOrig, origAxes) {
  if (y.rank < xOrig.rank) {
    y = reshape15(y, axis_util.expandShapeToKeepDim(y.shape, origAxes));
  }
  if (dy.rank < xOrig.rank) {
    dy = reshape15(dy, axis_util.expandShapeToKeepDim(dy.shape, origAxes));
  }
  return {
    x: () => {
      const dx = mul12(dy, cast13(equal(xOrig, y), dy.dtype));
      return dx;
    }
  };
}

// node_modules/@tensorflow/tfjs-core/dist/gradients/Max_grad.js
var maxGradConfig = {
  kernelName: Max,
  inputsToSave: ["x"],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const maxAttrs = attrs;
    const { reductionIndices } = maxAttrs;
    const x = saved[0];
    const y = saved[1];
    const origAxes = util10.parseAxisParam(reductionIndices, x.shape);
    const maxGrad = gradForMinAndMax(dy, y, x, origAxes);
    return {
      x: () => {
        return maxGrad["x"]();
      }
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Maximum_grad.js
import { Maximum } from "@tensorflow/tfjs-core";
import { cast as cast14 } from "@tensorflow/tfjs-core";
import { greaterEqual as greaterEqual2 } from "@tensorflow/tfjs-core";
import { less } from "@tensorflow/tfjs-core";
import { mul as mul13 } from "@tensorflow/tfjs-core";
var maximumGradConfig = {
  kernelName: Maximum,
  inputsToSave: ["a", "b"],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    const derA = () => mul13(dy, cast14(greaterEqual2(a, b), "float32"));
    const derB = () => mul13(dy, cast14(less(a, b), "float32"));
    return { a: derA, b: derB };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/MaxPool3D_grad.js
import { MaxPool3D } from "@tensorflow/tfjs-core";

// node_modules/@tensorflow/tfjs-core/dist/ops/max_pool_3d_grad.js
import { engine as __tf012 } from "@tensorflow/tfjs-core";
import { MaxPool3DGrad } from "@tensorflow/tfjs-core";
import { Tensor as __tf26 } from "@tensorflow/tfjs-core";
import { util as util11 } from "@tensorflow/tfjs-core";
import { backend_util as __tf42 } from "@tensorflow/tfjs-core";
import { op as op10 } from "@tensorflow/tfjs-core";
import { reshape as reshape16 } from "@tensorflow/tfjs-core";
var ENGINE12 = __tf012();
var convertToTensor3 = (x, argName, functionName) => {
  if (x instanceof __tf26) return x;
  throw new TypeError(functionName + ": " + argName + " must be a Tensor");
};
var { checkPadOnDimRoundingMode: checkPadOnDimRoundingMode2 } = __tf42;
function maxPool3dGrad_(dy, input, output, filterSize, strides, pad2, dimRoundingMode) {
  const $dy = convertToTensor3(dy, "dy", "maxPool3dGrad");
  const $input = convertToTensor3(input, "input", "maxPool3dGrad");
  const $output = convertToTensor3(output, "output", "maxPool3dGrad");
  let dy5D = $dy;
  let input5D = $input;
  let output5D = $output;
  let reshapedTo5D = false;
  if ($input.rank === 4) {
    reshapedTo5D = true;
    dy5D = reshape16($dy, [1, $dy.shape[0], $dy.shape[1], $dy.shape[2], $dy.shape[3]]);
    input5D = reshape16($input, [
      1,
      $input.shape[0],
      $input.shape[1],
      $input.shape[2],
      $input.shape[3]
    ]);
    output5D = reshape16($output, [
      1,
      $output.shape[0],
      $output.shape[1],
      $output.shape[2],
      $output.shape[3]
    ]);
  }
  util11.assert(dy5D.rank === 5, () => `Error in maxPool3dGrad: dy must be rank 5 but got rank ${dy5D.rank}.`);
  util11.assert(input5D.rank === 5, () => `Error in maxPool3dGrad: input must be rank 5 but got rank ${input5D.rank}.`);
  util11.assert(output5D.rank === 5, () => `Error in maxPool3dGrad: output must be rank 5 but got rank ${output5D.rank}.`);
  checkPadOnDimRoundingMode2("maxPool3dGrad", pad2, dimRoundingMode);
  const inputs = { dy: dy5D, input: input5D, output: output5D };
  const attrs = { filterSize, strides, pad: pad2, dimRoundingMode };
  const res = ENGINE12.runKernel(MaxPool3DGrad, inputs, attrs);
  if (reshapedTo5D) {
    return reshape16(res, [res.shape[1], res.shape[2], res.shape[3], res.shape[4]]);
  }
  return res;
}
var maxPool3dGrad = /* @__PURE__ */ op10({ maxPool3dGrad_ });

// node_modules/@tensorflow/tfjs-core/dist/gradients/MaxPool3D_grad.js
var maxPool3DGradConfig = {
  kernelName: MaxPool3D,
  inputsToSave: ["x"],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, y] = saved;
    const { filterSize, strides, pad: pad2, dimRoundingMode } = attrs;
    return {
      x: () => maxPool3dGrad(dy, x, y, filterSize, strides, pad2, dimRoundingMode)
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/MaxPool_grad.js
import { MaxPool } from "@tensorflow/tfjs-core";

// node_modules/@tensorflow/tfjs-core/dist/ops/max_pool_grad.js
import { engine as __tf013 } from "@tensorflow/tfjs-core";
import { MaxPoolGrad } from "@tensorflow/tfjs-core";
import { Tensor as __tf27 } from "@tensorflow/tfjs-core";
import { util as util12 } from "@tensorflow/tfjs-core";
import { backend_util as conv_util5 } from "@tensorflow/tfjs-core";
import { op as op11 } from "@tensorflow/tfjs-core";
var ENGINE13 = __tf013();
var convertToTensor4 = (x, argName, functionName) => {
  if (x instanceof __tf27) return x;
  throw new TypeError(functionName + ": " + argName + " must be a Tensor");
};
function maxPoolGrad_(dy, input, output, filterSize, strides, pad2, dimRoundingMode) {
  const $dy = convertToTensor4(dy, "dy", "maxPoolGrad");
  const $input = convertToTensor4(input, "input", "maxPoolGrad");
  const $output = convertToTensor4(output, "output", "maxPoolGrad");
  util12.assert($input.rank === $dy.rank, () => `Rank of input (${$input.rank}) does not match rank of dy (${$dy.rank})`);
  util12.assert($dy.rank === 4, () => `Error in maxPoolGrad: dy must be rank 4 but got rank ${$dy.rank}.`);
  util12.assert($input.rank === 4, () => `Error in maxPoolGrad: input must be rank 4 but got rank ${$input.rank}.`);
  conv_util5.checkPadOnDimRoundingMode("maxPoolGrad", pad2, dimRoundingMode);
  const inputs = { dy: $dy, input: $input, output: $output };
  const attrs = { filterSize, strides, pad: pad2, dimRoundingMode };
  return ENGINE13.runKernel(MaxPoolGrad, inputs, attrs);
}
var maxPoolGrad = /* @__PURE__ */ op11({ maxPoolGrad_ });

// node_modules/@tensorflow/tfjs-core/dist/gradients/MaxPool_grad.js
var maxPoolGradConfig = {
  kernelName: MaxPool,
  inputsToSave: ["x"],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, y] = saved;
    const { filterSize, strides, pad: pad2 } = attrs;
    return {
      x: () => maxPoolGrad(dy, x, y, filterSize, strides, pad2)
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Mean_grad.js
import { Mean } from "@tensorflow/tfjs-core";
import { backend_util as __tf14 } from "@tensorflow/tfjs-core";
import { div as div11 } from "@tensorflow/tfjs-core";
import { mul as mul14 } from "@tensorflow/tfjs-core";
import { ones } from "@tensorflow/tfjs-core";
import { reshape as reshape17 } from "@tensorflow/tfjs-core";
import { util as util13 } from "@tensorflow/tfjs-core";
var { computeOutAndReduceShapes } = __tf14;
var meanGradConfig = {
  kernelName: Mean,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { axis } = attrs;
    const axes = util13.parseAxisParam(axis, x.shape);
    const shapes = computeOutAndReduceShapes(x.shape, axes);
    const reduceShape = shapes[1];
    const reduceSize = util13.sizeFromShape(reduceShape);
    const derX = () => {
      const expandedDyShape = x.shape.slice();
      axes.forEach((axis2) => {
        expandedDyShape[axis2] = 1;
      });
      const expandedDy = reshape17(dy, expandedDyShape);
      const res = div11(mul14(expandedDy, ones(x.shape, "float32")), reduceSize);
      return res;
    };
    return { x: derX };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Min_grad.js
import { Min } from "@tensorflow/tfjs-core";
import { util as util14 } from "@tensorflow/tfjs-core";
var minGradConfig = {
  kernelName: Min,
  inputsToSave: ["x"],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const minAttrs = attrs;
    const { axis } = minAttrs;
    const [x, y] = saved;
    const origAxes = util14.parseAxisParam(axis, x.shape);
    const minGrad = gradForMinAndMax(dy, y, x, origAxes);
    return {
      x: () => {
        return minGrad["x"]();
      }
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Minimum_grad.js
import { Minimum } from "@tensorflow/tfjs-core";
import { cast as cast15 } from "@tensorflow/tfjs-core";
import { greater as greater2 } from "@tensorflow/tfjs-core";
import { lessEqual as lessEqual2 } from "@tensorflow/tfjs-core";
import { mul as mul15 } from "@tensorflow/tfjs-core";
var minimumGradConfig = {
  kernelName: Minimum,
  inputsToSave: ["a", "b"],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    const derA = () => mul15(dy, cast15(lessEqual2(a, b), "float32"));
    const derB = () => mul15(dy, cast15(greater2(a, b), "float32"));
    return { a: derA, b: derB };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/MirrorPad_grad.js
import { MirrorPad } from "@tensorflow/tfjs-core";
import { slice } from "@tensorflow/tfjs-core";
var mirrorPadGradConfig = {
  kernelName: MirrorPad,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const x = saved[0];
    const { paddings } = attrs;
    const begin = paddings.map((p) => p[0]);
    return { x: () => slice(dy, begin, x.shape) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Mod_grad.js
import { Mod } from "@tensorflow/tfjs-core";
import { backend_util as __tf15 } from "@tensorflow/tfjs-core";
import { div as div12 } from "@tensorflow/tfjs-core";
import { floor } from "@tensorflow/tfjs-core";
import { mul as mul16 } from "@tensorflow/tfjs-core";
import { neg as neg6 } from "@tensorflow/tfjs-core";
import { reshape as reshape18 } from "@tensorflow/tfjs-core";
import { sum as sum7 } from "@tensorflow/tfjs-core";
var { assertAndGetBroadcastShape: assertAndGetBroadcastShape3, getReductionAxes: getReductionAxes4 } = __tf15;
var modGradConfig = {
  kernelName: Mod,
  inputsToSave: ["a", "b"],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    const outShape = assertAndGetBroadcastShape3(a.shape, b.shape);
    const derA = () => {
      const reduceAxes = getReductionAxes4(a.shape, outShape);
      if (reduceAxes.length > 0) {
        return reshape18(sum7(dy, reduceAxes), a.shape);
      }
      return dy;
    };
    const derB = () => {
      const res = mul16(dy, neg6(floor(div12(a, b))));
      const reduceAxes = getReductionAxes4(b.shape, outShape);
      if (reduceAxes.length > 0) {
        return reshape18(sum7(res, reduceAxes), b.shape);
      }
      return res;
    };
    return { a: derA, b: derB };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Multiply_grad.js
import { Multiply } from "@tensorflow/tfjs-core";
import { backend_util as __tf16 } from "@tensorflow/tfjs-core";
import { cast as cast16 } from "@tensorflow/tfjs-core";
import { mul as mul17 } from "@tensorflow/tfjs-core";
import { reshape as reshape19 } from "@tensorflow/tfjs-core";
import { sum as sum8 } from "@tensorflow/tfjs-core";
var { assertAndGetBroadcastShape: assertAndGetBroadcastShape4, getReductionAxes: getReductionAxes5 } = __tf16;
var multiplyGradConfig = {
  kernelName: Multiply,
  inputsToSave: ["a", "b"],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    const outShape = assertAndGetBroadcastShape4(a.shape, b.shape);
    const derA = () => {
      const res = mul17(dy, cast16(b, "float32"));
      const reduceAxes = getReductionAxes5(a.shape, outShape);
      if (reduceAxes.length > 0) {
        return reshape19(sum8(res, reduceAxes), a.shape);
      }
      return res;
    };
    const derB = () => {
      const res = mul17(dy, cast16(a, "float32"));
      const reduceAxes = getReductionAxes5(b.shape, outShape);
      if (reduceAxes.length > 0) {
        return reshape19(sum8(res, reduceAxes), b.shape);
      }
      return res;
    };
    return { a: derA, b: derB };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Neg_grad.js
import { Neg } from "@tensorflow/tfjs-core";
import { neg as neg7 } from "@tensorflow/tfjs-core";
var negGradConfig = {
  kernelName: Neg,
  gradFunc: (dy) => {
    return { x: () => neg7(dy) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/OneHot_grad.js
import { OneHot } from "@tensorflow/tfjs-core";
import { zeros } from "@tensorflow/tfjs-core";
var oneHotGradConfig = {
  kernelName: OneHot,
  inputsToSave: ["indices"],
  gradFunc: (dy, saved) => {
    const indices = saved[0];
    return { indices: () => zeros(indices.shape, "float32") };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/OnesLike_grad.js
import { OnesLike } from "@tensorflow/tfjs-core";
import { zerosLike as zerosLike10 } from "@tensorflow/tfjs-core";
var onesLikeGradConfig = {
  kernelName: OnesLike,
  gradFunc: (dy) => {
    return { x: () => zerosLike10(dy) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Pack_grad.js
import { Pack } from "@tensorflow/tfjs-core";
import { unstack } from "@tensorflow/tfjs-core";
var packGradConfig = {
  kernelName: Pack,
  saveAllInputs: true,
  gradFunc: (dy, saved, attrs) => {
    const { axis } = attrs;
    const derTensors = unstack(dy, axis);
    return derTensors.map((t) => () => t);
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/PadV2_grad.js
import { PadV2 } from "@tensorflow/tfjs-core";
import { slice as slice2 } from "@tensorflow/tfjs-core";
var padV2GradConfig = {
  kernelName: PadV2,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const x = saved[0];
    const { paddings } = attrs;
    const begin = paddings.map((p) => p[0]);
    return { x: () => slice2(dy, begin, x.shape) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Pow_grad.js
import { Pow } from "@tensorflow/tfjs-core";
import { backend_util as broadcast_util2 } from "@tensorflow/tfjs-core";
import { cast as cast17 } from "@tensorflow/tfjs-core";
import { greater as greater3 } from "@tensorflow/tfjs-core";
import { log } from "@tensorflow/tfjs-core";
import { mul as mul18 } from "@tensorflow/tfjs-core";
import { pow } from "@tensorflow/tfjs-core";
import { reshape as reshape20 } from "@tensorflow/tfjs-core";
import { scalar as scalar6 } from "@tensorflow/tfjs-core";
import { sub as sub7 } from "@tensorflow/tfjs-core";
import { sum as sum9 } from "@tensorflow/tfjs-core";
import { where as where3 } from "@tensorflow/tfjs-core";
import { zerosLike as zerosLike11 } from "@tensorflow/tfjs-core";
var powGradConfig = {
  kernelName: Pow,
  inputsToSave: ["a", "b"],
  outputsToSave: [true],
  gradFunc: (dy, saved) => {
    const [a, b, y] = saved;
    const base = a;
    const exp5 = b;
    const outShape = broadcast_util2.assertAndGetBroadcastShape(base.shape, exp5.shape);
    const derBase = () => {
      const expFloat = cast17(exp5, "float32");
      let res = mul18(dy, mul18(expFloat, pow(base, sub7(expFloat, scalar6(1)))));
      const reduceAxes = broadcast_util2.getReductionAxes(base.shape, outShape);
      if (reduceAxes.length > 0) {
        res = sum9(res, reduceAxes);
      }
      return reshape20(res, base.shape);
    };
    const derExp = () => {
      const condition = greater3(base, 0);
      const logBase = where3(condition, log(base), zerosLike11(base));
      let res = mul18(dy, mul18(y, logBase));
      const reduceAxes = broadcast_util2.getReductionAxes(exp5.shape, outShape);
      if (reduceAxes.length > 0) {
        res = sum9(res, reduceAxes);
      }
      return reshape20(res, exp5.shape);
    };
    return { a: derBase, b: derExp };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Prelu_grad.js
import { Prelu } from "@tensorflow/tfjs-core";
import { backend_util as __tf17 } from "@tensorflow/tfjs-core";
import { greater as greater4 } from "@tensorflow/tfjs-core";
import { mul as mul19 } from "@tensorflow/tfjs-core";
import { reshape as reshape21 } from "@tensorflow/tfjs-core";
import { sum as sum10 } from "@tensorflow/tfjs-core";
import { where as where4 } from "@tensorflow/tfjs-core";
import { zerosLike as zerosLike12 } from "@tensorflow/tfjs-core";
var { getReductionAxes: getReductionAxes6 } = __tf17;
var preluGradConfig = {
  kernelName: Prelu,
  inputsToSave: ["x", "alpha"],
  gradFunc: (dy, saved) => {
    const [x, alpha] = saved;
    const mask = greater4(x, 0);
    return {
      x: () => where4(mask, dy, mul19(dy, alpha)),
      alpha: () => {
        let res = where4(mask, zerosLike12(dy), mul19(dy, x));
        const reduceAxes = getReductionAxes6(alpha.shape, dy.shape);
        if (reduceAxes.length > 0) {
          res = sum10(res, reduceAxes);
        }
        return reshape21(res, alpha.shape);
      }
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Prod_grad.js
import { backend_util } from "@tensorflow/tfjs-core";
import { Prod } from "@tensorflow/tfjs-core";
import { cumprod } from "@tensorflow/tfjs-core";
import { mul as mul20 } from "@tensorflow/tfjs-core";
import { reshape as reshape22 } from "@tensorflow/tfjs-core";
import { transpose as transpose3 } from "@tensorflow/tfjs-core";
function prodGradFn_(x, dy, axis) {
  const expandedYShape = x.shape.slice();
  expandedYShape[axis] = 1;
  const expandedDy = reshape22(dy, expandedYShape);
  const xCumProd = cumprod(x, axis, true, false);
  const xCumRevProd = cumprod(x, axis, true, true);
  const dx = mul20(xCumProd, xCumRevProd);
  return mul20(expandedDy, dx);
}
function prodsGradFn_(x, dy, axis) {
  const xRank = x.shape.length;
  const finalProdAxis = xRank - axis.length;
  const xPermutation = backend_util.getAxesPermutation(axis, xRank);
  let permutedX = x;
  if (xPermutation != null) {
    permutedX = transpose3(x, xPermutation);
  }
  const newShape = permutedX.shape.slice();
  const removedShape = newShape.splice(xRank - axis.length, axis.length);
  const endPartShape = removedShape.reduce((p, c) => p * c, 1);
  newShape.push(endPartShape);
  const reshapedPermutedX = permutedX.reshape(newShape);
  let prodGrad = prodGradFn_(reshapedPermutedX, dy, finalProdAxis);
  prodGrad = prodGrad.reshape(permutedX.shape);
  if (xPermutation != null) {
    const undoPermutation = backend_util.getUndoAxesPermutation(xPermutation);
    prodGrad = transpose3(prodGrad, undoPermutation);
  }
  return prodGrad;
}
var prodGradConfig = {
  kernelName: Prod,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { axis } = attrs;
    let axisArr = [];
    if (axis === void 0 || axis === null) {
      axisArr = x.shape.map((_, i) => i);
    } else if (typeof axis === "number") {
      axisArr = [axis];
    } else {
      axisArr = axis;
    }
    return { x: () => prodsGradFn_(x, dy, axisArr) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/RealDiv_grad.js
import { RealDiv } from "@tensorflow/tfjs-core";
import { backend_util as broadcast_util3 } from "@tensorflow/tfjs-core";
import { cast as cast18 } from "@tensorflow/tfjs-core";
import { div as div13 } from "@tensorflow/tfjs-core";
import { mul as mul21 } from "@tensorflow/tfjs-core";
import { neg as neg8 } from "@tensorflow/tfjs-core";
import { reshape as reshape23 } from "@tensorflow/tfjs-core";
import { square as square10 } from "@tensorflow/tfjs-core";
import { sum as sum11 } from "@tensorflow/tfjs-core";
var divGradConfig = {
  kernelName: RealDiv,
  inputsToSave: ["a", "b"],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    const outShape = broadcast_util3.assertAndGetBroadcastShape(a.shape, b.shape);
    const derA = () => {
      const res = div13(dy, cast18(b, "float32"));
      const reduceAxes = broadcast_util3.getReductionAxes(a.shape, outShape);
      if (reduceAxes.length > 0) {
        return reshape23(sum11(res, reduceAxes), a.shape);
      }
      return res;
    };
    const derB = () => {
      let res = mul21(dy, cast18(a, "float32"));
      const reduceAxes = broadcast_util3.getReductionAxes(b.shape, outShape);
      if (reduceAxes.length > 0) {
        res = reshape23(sum11(res, reduceAxes), b.shape);
      }
      const tmp = square10(b);
      return neg8(div13(res, cast18(tmp, "float32")));
    };
    return { a: derA, b: derB };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Reciprocal_grad.js
import { Reciprocal } from "@tensorflow/tfjs-core";
import { div as div14 } from "@tensorflow/tfjs-core";
import { neg as neg9 } from "@tensorflow/tfjs-core";
import { square as square11 } from "@tensorflow/tfjs-core";
var reciprocalGradConfig = {
  kernelName: Reciprocal,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => div14(dy, neg9(square11(x))) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Relu6_grad.js
import { Relu6 } from "@tensorflow/tfjs-core";
import { cast as cast19 } from "@tensorflow/tfjs-core";
import { lessEqual as lessEqual3 } from "@tensorflow/tfjs-core";
import { mul as mul22 } from "@tensorflow/tfjs-core";
import { step as step2 } from "@tensorflow/tfjs-core";
var relu6GradConfig = {
  kernelName: Relu6,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    const mask = mul22(lessEqual3(x, 6), step2(x));
    return { x: () => mul22(dy, cast19(mask, "float32")) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Relu_grad.js
import { Relu } from "@tensorflow/tfjs-core";
import { cast as cast20 } from "@tensorflow/tfjs-core";
import { mul as mul23 } from "@tensorflow/tfjs-core";
import { step as step3 } from "@tensorflow/tfjs-core";
var reluGradConfig = {
  kernelName: Relu,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => mul23(dy, cast20(step3(x), "float32")) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Reshape_grad.js
import { Reshape } from "@tensorflow/tfjs-core";
import { reshape as reshape24 } from "@tensorflow/tfjs-core";
var reshapeGradConfig = {
  kernelName: Reshape,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => reshape24(dy, x.shape) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/ResizeBilinear_grad.js
import { engine as __tf014 } from "@tensorflow/tfjs-core";
import { ResizeBilinear, ResizeBilinearGrad } from "@tensorflow/tfjs-core";
var ENGINE14 = __tf014();
var resizeBilinearGradConfig = {
  kernelName: ResizeBilinear,
  inputsToSave: ["images"],
  gradFunc: (dy, saved, attrs) => {
    const [images] = saved;
    const inputs = { dy, images };
    const imagesDer = () => (
      // tslint:disable-next-line: no-unnecessary-type-assertion
      ENGINE14.runKernel(ResizeBilinearGrad, inputs, attrs)
    );
    return { images: imagesDer };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/ResizeNearestNeighbor_grad.js
import { engine as __tf015 } from "@tensorflow/tfjs-core";
import { ResizeNearestNeighbor, ResizeNearestNeighborGrad } from "@tensorflow/tfjs-core";
var ENGINE15 = __tf015();
var resizeNearestNeighborGradConfig = {
  kernelName: ResizeNearestNeighbor,
  inputsToSave: ["images"],
  gradFunc: (dy, saved, attrs) => {
    const [images] = saved;
    const inputs = { dy, images };
    const imagesDer = () => (
      // tslint:disable-next-line: no-unnecessary-type-assertion
      ENGINE15.runKernel(ResizeNearestNeighborGrad, inputs, attrs)
    );
    return { images: imagesDer };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Reverse_grad.js
import { Reverse } from "@tensorflow/tfjs-core";
import { reverse } from "@tensorflow/tfjs-core";
import { util as __tf28 } from "@tensorflow/tfjs-core";
var { parseAxisParam: parseAxisParam3 } = __tf28;
var reverseGradConfig = {
  kernelName: Reverse,
  gradFunc: (dy, saved, attrs) => {
    const { dims } = attrs;
    const axes = parseAxisParam3(dims, dy.shape);
    return { x: () => reverse(dy, axes) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Round_grad.js
import { Round } from "@tensorflow/tfjs-core";
import { zerosLike as zerosLike13 } from "@tensorflow/tfjs-core";
var roundGradConfig = {
  kernelName: Round,
  gradFunc: (dy) => {
    return { x: () => zerosLike13(dy) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Rsqrt_grad.js
import { Rsqrt } from "@tensorflow/tfjs-core";
import { div as div15 } from "@tensorflow/tfjs-core";
import { mul as mul24 } from "@tensorflow/tfjs-core";
import { neg as neg10 } from "@tensorflow/tfjs-core";
import { pow as pow2 } from "@tensorflow/tfjs-core";
var rsqrtGradConfig = {
  kernelName: Rsqrt,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => neg10(div15(dy, mul24(pow2(x, 1.5), 2))) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Select_grad.js
import { Select } from "@tensorflow/tfjs-core";
import { cast as cast21 } from "@tensorflow/tfjs-core";
import { logicalNot } from "@tensorflow/tfjs-core";
import { mul as mul25 } from "@tensorflow/tfjs-core";
import { zerosLike as zerosLike14 } from "@tensorflow/tfjs-core";
var selectGradConfig = {
  kernelName: Select,
  inputsToSave: ["condition"],
  gradFunc: (dy, saved) => {
    const [condition] = saved;
    return {
      // TODO(julianoks): Return null for condition gradient
      // when backprop supports it.
      condition: () => cast21(zerosLike14(condition), "float32"),
      t: () => mul25(dy, cast21(condition, dy.dtype)),
      e: () => mul25(dy, cast21(logicalNot(condition), dy.dtype))
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Selu_grad.js
import { Selu } from "@tensorflow/tfjs-core";
import { cast as cast22 } from "@tensorflow/tfjs-core";
import { exp as exp4 } from "@tensorflow/tfjs-core";
import { greater as greater5 } from "@tensorflow/tfjs-core";
import { mul as mul26 } from "@tensorflow/tfjs-core";
import { scalar as scalar7 } from "@tensorflow/tfjs-core";
import { backend_util as __tf62 } from "@tensorflow/tfjs-core";
import { where as where5 } from "@tensorflow/tfjs-core";
var { SELU_SCALE, SELU_SCALEALPHA } = __tf62;
var seluGradConfig = {
  kernelName: Selu,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return {
      x: () => {
        const mask = greater5(x, scalar7(0));
        const scaleAlpha = scalar7(SELU_SCALEALPHA);
        const scale = scalar7(SELU_SCALE);
        const greaterThanZeroDer = mul26(dy, scale);
        const lessEqualZeroDer = mul26(mul26(dy, scaleAlpha), exp4(cast22(x, "float32")));
        return where5(mask, greaterThanZeroDer, lessEqualZeroDer);
      }
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Sigmoid_grad.js
import { Sigmoid } from "@tensorflow/tfjs-core";
import { mul as mul27 } from "@tensorflow/tfjs-core";
import { scalar as scalar8 } from "@tensorflow/tfjs-core";
import { sub as sub8 } from "@tensorflow/tfjs-core";
var sigmoidGradConfig = {
  kernelName: Sigmoid,
  outputsToSave: [true],
  gradFunc: (dy, saved) => {
    const [y] = saved;
    return { x: () => mul27(dy, mul27(y, sub8(scalar8(1), y))) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Sign_grad.js
import { Sign } from "@tensorflow/tfjs-core";
import { zerosLike as zerosLike15 } from "@tensorflow/tfjs-core";
var signGradConfig = {
  kernelName: Sign,
  gradFunc: (dy) => {
    return { x: () => zerosLike15(dy) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Sin_grad.js
import { Sin } from "@tensorflow/tfjs-core";
import { cast as cast23 } from "@tensorflow/tfjs-core";
import { cos } from "@tensorflow/tfjs-core";
import { mul as mul28 } from "@tensorflow/tfjs-core";
var sinGradConfig = {
  kernelName: Sin,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => mul28(cos(cast23(x, "float32")), dy) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Sinh_grad.js
import { Sinh } from "@tensorflow/tfjs-core";
import { cast as cast24 } from "@tensorflow/tfjs-core";
import { cosh } from "@tensorflow/tfjs-core";
import { mul as mul29 } from "@tensorflow/tfjs-core";
var sinhGradConfig = {
  kernelName: Sinh,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => mul29(cosh(cast24(x, "float32")), dy) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Slice_grad.js
import { Slice } from "@tensorflow/tfjs-core";
import { pad } from "@tensorflow/tfjs-core";
import { slice_util as __tf29 } from "@tensorflow/tfjs-core";
var { parseSliceParams } = __tf29;
var sliceGradConfig = {
  kernelName: Slice,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { begin, size } = attrs;
    const inputShape = x.shape;
    const [begin_, size_] = parseSliceParams(x, begin, size);
    const paddings = [];
    for (let i = 0; i < dy.rank; i++) {
      paddings.push([begin_[i], inputShape[i] - begin_[i] - size_[i]]);
    }
    return { x: () => pad(dy, paddings) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Softmax_grad.js
import { Softmax } from "@tensorflow/tfjs-core";
import { mul as mul30 } from "@tensorflow/tfjs-core";
import { sub as sub9 } from "@tensorflow/tfjs-core";
import { sum as sum12 } from "@tensorflow/tfjs-core";
var softmaxGradConfig = {
  kernelName: Softmax,
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [y] = saved;
    const { dim } = attrs;
    const keepDims = true;
    const dyTimesY = mul30(dy, y);
    return {
      logits: () => sub9(dyTimesY, mul30(sum12(dyTimesY, [dim], keepDims), y))
    };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Softplus_grad.js
import { Softplus } from "@tensorflow/tfjs-core";
import { mul as mul31 } from "@tensorflow/tfjs-core";
import { sigmoid } from "@tensorflow/tfjs-core";
var softplusGradConfig = {
  kernelName: Softplus,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => mul31(dy, sigmoid(x)) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/SpaceToBatchND_grad.js
import { SpaceToBatchND } from "@tensorflow/tfjs-core";
import { batchToSpaceND } from "@tensorflow/tfjs-core";
var spaceToBatchNDGradConfig = {
  kernelName: SpaceToBatchND,
  gradFunc: (dy, saved, attrs) => {
    const { blockShape, paddings } = attrs;
    return { x: () => batchToSpaceND(dy, blockShape, paddings) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/SplitV_grad.js
import { SplitV } from "@tensorflow/tfjs-core";
import { concat } from "@tensorflow/tfjs-core";
var splitVGradConfig = {
  kernelName: SplitV,
  gradFunc: (dy, saved, attrs) => {
    const { axis } = attrs;
    return { x: () => concat(dy, axis) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Sqrt_grad.js
import { Sqrt } from "@tensorflow/tfjs-core";
import { cast as cast25 } from "@tensorflow/tfjs-core";
import { div as div16 } from "@tensorflow/tfjs-core";
import { mul as mul32 } from "@tensorflow/tfjs-core";
import { sqrt as sqrt5 } from "@tensorflow/tfjs-core";
var sqrtGradConfig = {
  kernelName: Sqrt,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => div16(dy, mul32(sqrt5(cast25(x, "float32")), 2)) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Square_grad.js
import { Square } from "@tensorflow/tfjs-core";
import { cast as cast26 } from "@tensorflow/tfjs-core";
import { mul as mul33 } from "@tensorflow/tfjs-core";
var squareGradConfig = {
  kernelName: Square,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => mul33(dy, mul33(cast26(x, "float32"), 2)) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/SquaredDifference_grad.js
import { SquaredDifference } from "@tensorflow/tfjs-core";
import { mul as mul34 } from "@tensorflow/tfjs-core";
import { scalar as scalar9 } from "@tensorflow/tfjs-core";
import { sub as sub10 } from "@tensorflow/tfjs-core";
var squaredDifferenceGradConfig = {
  kernelName: SquaredDifference,
  inputsToSave: ["a", "b"],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    const two = scalar9(2);
    const derA = () => mul34(dy, mul34(two, sub10(a, b)));
    const derB = () => mul34(dy, mul34(two, sub10(b, a)));
    return { a: derA, b: derB };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Step_grad.js
import { Step } from "@tensorflow/tfjs-core";
import { zerosLike as zerosLike16 } from "@tensorflow/tfjs-core";
var stepGradConfig = {
  kernelName: Step,
  gradFunc: (dy) => {
    return { x: () => zerosLike16(dy) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Sub_grad.js
import { Sub } from "@tensorflow/tfjs-core";
import { backend_util as broadcast_util4 } from "@tensorflow/tfjs-core";
import { neg as neg11 } from "@tensorflow/tfjs-core";
import { reshape as reshape25 } from "@tensorflow/tfjs-core";
import { sum as sum13 } from "@tensorflow/tfjs-core";
var subGradConfig = {
  kernelName: Sub,
  inputsToSave: ["a", "b"],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    const outShape = broadcast_util4.assertAndGetBroadcastShape(a.shape, b.shape);
    const derA = () => {
      let res = dy;
      const reduceAxes = broadcast_util4.getReductionAxes(a.shape, outShape);
      if (reduceAxes.length > 0) {
        res = sum13(res, reduceAxes);
      }
      return reshape25(res, a.shape);
    };
    const derB = () => {
      let res = dy;
      const reduceAxes = broadcast_util4.getReductionAxes(b.shape, outShape);
      if (reduceAxes.length > 0) {
        res = sum13(res, reduceAxes);
      }
      return reshape25(neg11(res), b.shape);
    };
    return { a: derA, b: derB };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Sum_grad.js
import { Sum } from "@tensorflow/tfjs-core";
import { mul as mul35 } from "@tensorflow/tfjs-core";
import { ones as ones2 } from "@tensorflow/tfjs-core";
import { reshape as reshape26 } from "@tensorflow/tfjs-core";
import { util as __tf43 } from "@tensorflow/tfjs-core";
var { parseAxisParam: parseAxisParam4 } = __tf43;
var sumGradConfig = {
  kernelName: Sum,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const expandedDyShape = x.shape.slice();
    const { axis } = attrs;
    const axes = parseAxisParam4(axis, x.shape);
    axes.forEach((axis2) => {
      expandedDyShape[axis2] = 1;
    });
    const expandedDy = reshape26(dy, expandedDyShape);
    const derX = mul35(expandedDy, ones2(x.shape, "float32"));
    return { x: () => derX };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Tan_grad.js
import { Tan } from "@tensorflow/tfjs-core";
import { cos as cos2 } from "@tensorflow/tfjs-core";
import { div as div17 } from "@tensorflow/tfjs-core";
import { square as square12 } from "@tensorflow/tfjs-core";
var tanGradConfig = {
  kernelName: Tan,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => div17(dy, square12(cos2(x))) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Tanh_grad.js
import { Tanh } from "@tensorflow/tfjs-core";
import { mul as mul36 } from "@tensorflow/tfjs-core";
import { scalar as scalar10 } from "@tensorflow/tfjs-core";
import { square as square13 } from "@tensorflow/tfjs-core";
import { sub as sub11 } from "@tensorflow/tfjs-core";
var tanhGradConfig = {
  kernelName: Tanh,
  outputsToSave: [true],
  gradFunc: (dy, saved) => {
    const [y] = saved;
    return { x: () => mul36(sub11(scalar10(1), square13(y)), dy) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Tile_grad.js
import { Tile } from "@tensorflow/tfjs-core";
import { add as add6 } from "@tensorflow/tfjs-core";
import { slice as slice3 } from "@tensorflow/tfjs-core";
import { zerosLike as zerosLike17 } from "@tensorflow/tfjs-core";
var tileGradConfig = {
  kernelName: Tile,
  inputsToSave: ["x"],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { reps } = attrs;
    const derX = () => {
      let xGrad = zerosLike17(x);
      if (x.rank === 1) {
        for (let i = 0; i < reps[0]; ++i) {
          xGrad = add6(xGrad, slice3(dy, [i * x.shape[0]], [x.shape[0]]));
        }
      } else if (x.rank === 2) {
        for (let i = 0; i < reps[0]; ++i) {
          for (let j = 0; j < reps[1]; ++j) {
            xGrad = add6(xGrad, slice3(dy, [i * x.shape[0], j * x.shape[1]], [
              x.shape[0],
              x.shape[1]
            ]));
          }
        }
      } else if (x.rank === 3) {
        for (let i = 0; i < reps[0]; ++i) {
          for (let j = 0; j < reps[1]; ++j) {
            for (let k = 0; k < reps[2]; ++k) {
              xGrad = add6(xGrad, slice3(dy, [i * x.shape[0], j * x.shape[1], k * x.shape[2]], [x.shape[0], x.shape[1], x.shape[2]]));
            }
          }
        }
      } else if (x.rank === 4) {
        for (let i = 0; i < reps[0]; ++i) {
          for (let j = 0; j < reps[1]; ++j) {
            for (let k = 0; k < reps[2]; ++k) {
              for (let l = 0; l < reps[3]; ++l) {
                xGrad = add6(xGrad, slice3(dy, [
                  i * x.shape[0],
                  j * x.shape[1],
                  k * x.shape[2],
                  l * x.shape[3]
                ], [x.shape[0], x.shape[1], x.shape[2], x.shape[3]]));
              }
            }
          }
        }
      } else {
        throw new Error(`Gradient for tile operation is not implemented for rank-${x.rank} tensors yet.`);
      }
      return xGrad;
    };
    return { x: derX };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Transpose_grad.js
import { Transpose } from "@tensorflow/tfjs-core";
import { backend_util as axis_util2 } from "@tensorflow/tfjs-core";
import { transpose as transpose4 } from "@tensorflow/tfjs-core";
var transposeGradConfig = {
  kernelName: Transpose,
  gradFunc: (dy, saved, attrs) => {
    const transposeAttrs = attrs;
    const { perm } = transposeAttrs;
    const undoPerm = axis_util2.getUndoAxesPermutation(perm);
    return { x: () => transpose4(dy, undoPerm) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/Unpack_grad.js
import { Unpack } from "@tensorflow/tfjs-core";
import { stack as stack2 } from "@tensorflow/tfjs-core";
var unpackGradConfig = {
  kernelName: Unpack,
  gradFunc: (dy, saved, attrs) => {
    const unpackAttrs = attrs;
    const { axis } = unpackAttrs;
    return { value: () => stack2(dy, axis) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/gradients/UnsortedSegmentSum_grad.js
import { UnsortedSegmentSum } from "@tensorflow/tfjs-core";
import { expandDims } from "@tensorflow/tfjs-core";
import { gather } from "@tensorflow/tfjs-core";
import { greaterEqual as greaterEqual3 } from "@tensorflow/tfjs-core";
import { logicalAnd as logicalAnd2 } from "@tensorflow/tfjs-core";
import { maximum } from "@tensorflow/tfjs-core";
import { ones as ones3 } from "@tensorflow/tfjs-core";
import { scalar as scalar11 } from "@tensorflow/tfjs-core";
import { where as where6 } from "@tensorflow/tfjs-core";
import { zerosLike as zerosLike18 } from "@tensorflow/tfjs-core";
var unsortedSegmentSumGradConfig = {
  kernelName: UnsortedSegmentSum,
  inputsToSave: ["segmentIds"],
  gradFunc: (dy, saved) => {
    const [segmentIds] = saved;
    const derX = () => {
      return gatherDropNegatives(dy, segmentIds);
    };
    return { x: derX };
  }
};
function gatherDropNegatives(x, indices) {
  const zeroClippedIndices = maximum(indices, zerosLike18(indices));
  const gathered = gather(x, zeroClippedIndices);
  let isPositive = greaterEqual3(indices, scalar11(0, "int32"));
  const numIters = gathered.rank - isPositive.rank;
  for (let i = 0; i < numIters; ++i) {
    isPositive = expandDims(isPositive, i + 1);
  }
  isPositive = logicalAnd2(isPositive, ones3(gathered.shape, "bool"));
  const zeroSlice = zerosLike18(gathered);
  return where6(isPositive, gathered, zeroSlice);
}

// node_modules/@tensorflow/tfjs-core/dist/gradients/ZerosLike_grad.js
import { ZerosLike } from "@tensorflow/tfjs-core";
import { zerosLike as zerosLike19 } from "@tensorflow/tfjs-core";
var zerosLikeGradConfig = {
  kernelName: ZerosLike,
  gradFunc: (dy) => {
    return { x: () => zerosLike19(dy) };
  }
};

// node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js
import { registerGradient } from "@tensorflow/tfjs-core";
var gradConfigs = [
  absGradConfig,
  acosGradConfig,
  acoshGradConfig,
  addGradConfig,
  addNGradConfig,
  argMaxGradConfig,
  argMinGradConfig,
  asinGradConfig,
  asinhGradConfig,
  atan2GradConfig,
  atanGradConfig,
  atanhGradConfig,
  avgPool3DGradConfig,
  avgPoolGradConfig,
  batchMatMulGradConfig,
  batchToSpaceNDGradConfig,
  broadcastToGradConfig,
  castGradConfig,
  ceilGradConfig,
  clipByValueGradConfig,
  complexAbsGradConfig,
  concatGradConfig,
  conv2DBackpropInputGradConfig,
  conv2DGradConfig,
  conv3DGradConfig,
  cosGradConfig,
  coshGradConfig,
  cumsumGradConfig,
  depthwiseConv2dNativeGradConfig,
  dilation2dGradConfig,
  divGradConfig,
  eluGradConfig,
  erfGradConfig,
  expGradConfig,
  expandDimsGradConfig,
  expm1GradConfig,
  floorDivGradConfig,
  floorGradConfig,
  fusedBatchNormGradConfig,
  gatherGradConfig,
  greaterEqualGradConfig,
  identityGradConfig,
  isFiniteGradConfig,
  isInfGradConfig,
  isNanGradConfig,
  leakyReluGradConfig,
  log1pGradConfig,
  logGradConfig,
  logSoftmaxGradConfig,
  lrnGradConfig,
  maxGradConfig,
  maxGradConfig,
  maximumGradConfig,
  maxPool3DGradConfig,
  maxPoolGradConfig,
  meanGradConfig,
  minGradConfig,
  minimumGradConfig,
  mirrorPadGradConfig,
  modGradConfig,
  multiplyGradConfig,
  negGradConfig,
  oneHotGradConfig,
  onesLikeGradConfig,
  packGradConfig,
  padV2GradConfig,
  padV2GradConfig,
  powGradConfig,
  preluGradConfig,
  prodGradConfig,
  reciprocalGradConfig,
  relu6GradConfig,
  reluGradConfig,
  reshapeGradConfig,
  resizeBilinearGradConfig,
  resizeNearestNeighborGradConfig,
  reverseGradConfig,
  roundGradConfig,
  rsqrtGradConfig,
  selectGradConfig,
  seluGradConfig,
  sigmoidGradConfig,
  signGradConfig,
  sinGradConfig,
  sinhGradConfig,
  sliceGradConfig,
  softmaxGradConfig,
  softplusGradConfig,
  spaceToBatchNDGradConfig,
  spaceToBatchNDGradConfig,
  splitVGradConfig,
  splitVGradConfig,
  sqrtGradConfig,
  squaredDifferenceGradConfig,
  squareGradConfig,
  stepGradConfig,
  subGradConfig,
  sumGradConfig,
  tanGradConfig,
  tanhGradConfig,
  tileGradConfig,
  transposeGradConfig,
  unpackGradConfig,
  unsortedSegmentSumGradConfig,
  zerosLikeGradConfig
];
for (const gradientConfig of gradConfigs) {
  registerGradient(gradientConfig);
}
/*! Bundled license information:

@tensorflow/tfjs-core/dist/gradients/Abs_grad.js:
@tensorflow/tfjs-core/dist/gradients/Acos_grad.js:
@tensorflow/tfjs-core/dist/gradients/Acosh_grad.js:
@tensorflow/tfjs-core/dist/gradients/Add_grad.js:
@tensorflow/tfjs-core/dist/gradients/AddN_grad.js:
@tensorflow/tfjs-core/dist/gradients/Asin_grad.js:
@tensorflow/tfjs-core/dist/gradients/Asinh_grad.js:
@tensorflow/tfjs-core/dist/gradients/Atan2_grad.js:
@tensorflow/tfjs-core/dist/gradients/Atan_grad.js:
@tensorflow/tfjs-core/dist/gradients/Atanh_grad.js:
@tensorflow/tfjs-core/dist/ops/avg_pool_3d_grad.js:
@tensorflow/tfjs-core/dist/gradients/AvgPool3D_grad.js:
@tensorflow/tfjs-core/dist/ops/avg_pool_grad.js:
@tensorflow/tfjs-core/dist/gradients/AvgPool_grad.js:
@tensorflow/tfjs-core/dist/gradients/BatchMatMul_grad.js:
@tensorflow/tfjs-core/dist/gradients/BatchToSpaceND_grad.js:
@tensorflow/tfjs-core/dist/gradients/BroadcastTo_grad.js:
@tensorflow/tfjs-core/dist/gradients/Cast_grad.js:
@tensorflow/tfjs-core/dist/gradients/Ceil_grad.js:
@tensorflow/tfjs-core/dist/gradients/ClipByValue_grad.js:
@tensorflow/tfjs-core/dist/gradients/ComplexAbs_grad.js:
@tensorflow/tfjs-core/dist/gradients/Concat_grad.js:
@tensorflow/tfjs-core/dist/ops/conv2d_backprop_filter.js:
@tensorflow/tfjs-core/dist/ops/conv2d_backprop_input.js:
@tensorflow/tfjs-core/dist/gradients/Conv2D_grad.js:
@tensorflow/tfjs-core/dist/gradients/Conv2DBackpropInput_grad.js:
@tensorflow/tfjs-core/dist/ops/conv3d_backprop_filter.js:
@tensorflow/tfjs-core/dist/ops/conv3d_backprop_input.js:
@tensorflow/tfjs-core/dist/gradients/Conv3D_grad.js:
@tensorflow/tfjs-core/dist/gradients/Cos_grad.js:
@tensorflow/tfjs-core/dist/gradients/Cosh_grad.js:
@tensorflow/tfjs-core/dist/gradients/Cumsum_grad.js:
@tensorflow/tfjs-core/dist/ops/depthwise_conv2d_native_backprop_filter.js:
@tensorflow/tfjs-core/dist/ops/depthwise_conv2d_native_backprop_input.js:
@tensorflow/tfjs-core/dist/gradients/DepthwiseConv2dNative_grad.js:
@tensorflow/tfjs-core/dist/gradients/Dilation2D_grad.js:
@tensorflow/tfjs-core/dist/gradients/Elu_grad.js:
@tensorflow/tfjs-core/dist/gradients/Erf_grad.js:
@tensorflow/tfjs-core/dist/gradients/Exp_grad.js:
@tensorflow/tfjs-core/dist/gradients/ExpandDims_grad.js:
@tensorflow/tfjs-core/dist/gradients/Expm1_grad.js:
@tensorflow/tfjs-core/dist/gradients/Floor_grad.js:
@tensorflow/tfjs-core/dist/gradients/FloorDiv_grad.js:
@tensorflow/tfjs-core/dist/gradients/FusedBatchNorm_grad.js:
@tensorflow/tfjs-core/dist/gradients/GatherV2_grad.js:
@tensorflow/tfjs-core/dist/gradients/GreaterEqual_grad.js:
@tensorflow/tfjs-core/dist/gradients/Identity_grad.js:
@tensorflow/tfjs-core/dist/gradients/IsFinite_grad.js:
@tensorflow/tfjs-core/dist/gradients/IsInf_grad.js:
@tensorflow/tfjs-core/dist/gradients/IsNan_grad.js:
@tensorflow/tfjs-core/dist/gradients/LeakyRelu_grad.js:
@tensorflow/tfjs-core/dist/gradients/Log1p_grad.js:
@tensorflow/tfjs-core/dist/gradients/Log_grad.js:
@tensorflow/tfjs-core/dist/gradients/LogSoftmax_grad.js:
@tensorflow/tfjs-core/dist/ops/local_response_normalization_backprop.js:
@tensorflow/tfjs-core/dist/gradients/LRN_grad.js:
@tensorflow/tfjs-core/dist/gradients/min_max_grad_util.js:
@tensorflow/tfjs-core/dist/gradients/Max_grad.js:
@tensorflow/tfjs-core/dist/gradients/Maximum_grad.js:
@tensorflow/tfjs-core/dist/ops/max_pool_3d_grad.js:
@tensorflow/tfjs-core/dist/gradients/MaxPool3D_grad.js:
@tensorflow/tfjs-core/dist/ops/max_pool_grad.js:
@tensorflow/tfjs-core/dist/gradients/MaxPool_grad.js:
@tensorflow/tfjs-core/dist/gradients/Mean_grad.js:
@tensorflow/tfjs-core/dist/gradients/Min_grad.js:
@tensorflow/tfjs-core/dist/gradients/Minimum_grad.js:
@tensorflow/tfjs-core/dist/gradients/MirrorPad_grad.js:
@tensorflow/tfjs-core/dist/gradients/Mod_grad.js:
@tensorflow/tfjs-core/dist/gradients/Multiply_grad.js:
@tensorflow/tfjs-core/dist/gradients/Neg_grad.js:
@tensorflow/tfjs-core/dist/gradients/OneHot_grad.js:
@tensorflow/tfjs-core/dist/gradients/OnesLike_grad.js:
@tensorflow/tfjs-core/dist/gradients/Pack_grad.js:
@tensorflow/tfjs-core/dist/gradients/PadV2_grad.js:
@tensorflow/tfjs-core/dist/gradients/Pow_grad.js:
@tensorflow/tfjs-core/dist/gradients/Prelu_grad.js:
@tensorflow/tfjs-core/dist/gradients/RealDiv_grad.js:
@tensorflow/tfjs-core/dist/gradients/Reciprocal_grad.js:
@tensorflow/tfjs-core/dist/gradients/Relu6_grad.js:
@tensorflow/tfjs-core/dist/gradients/Relu_grad.js:
@tensorflow/tfjs-core/dist/gradients/ResizeBilinear_grad.js:
@tensorflow/tfjs-core/dist/gradients/ResizeNearestNeighbor_grad.js:
@tensorflow/tfjs-core/dist/gradients/Reverse_grad.js:
@tensorflow/tfjs-core/dist/gradients/Round_grad.js:
@tensorflow/tfjs-core/dist/gradients/Rsqrt_grad.js:
@tensorflow/tfjs-core/dist/gradients/Select_grad.js:
@tensorflow/tfjs-core/dist/gradients/Selu_grad.js:
@tensorflow/tfjs-core/dist/gradients/Sigmoid_grad.js:
@tensorflow/tfjs-core/dist/gradients/Sign_grad.js:
@tensorflow/tfjs-core/dist/gradients/Sin_grad.js:
@tensorflow/tfjs-core/dist/gradients/Sinh_grad.js:
@tensorflow/tfjs-core/dist/gradients/Slice_grad.js:
@tensorflow/tfjs-core/dist/gradients/Softmax_grad.js:
@tensorflow/tfjs-core/dist/gradients/Softplus_grad.js:
@tensorflow/tfjs-core/dist/gradients/SpaceToBatchND_grad.js:
@tensorflow/tfjs-core/dist/gradients/SplitV_grad.js:
@tensorflow/tfjs-core/dist/gradients/Sqrt_grad.js:
@tensorflow/tfjs-core/dist/gradients/SquaredDifference_grad.js:
@tensorflow/tfjs-core/dist/gradients/Step_grad.js:
@tensorflow/tfjs-core/dist/gradients/Sub_grad.js:
@tensorflow/tfjs-core/dist/gradients/Tan_grad.js:
@tensorflow/tfjs-core/dist/gradients/Tanh_grad.js:
@tensorflow/tfjs-core/dist/gradients/Tile_grad.js:
@tensorflow/tfjs-core/dist/gradients/Transpose_grad.js:
@tensorflow/tfjs-core/dist/gradients/UnsortedSegmentSum_grad.js:
@tensorflow/tfjs-core/dist/gradients/ZerosLike_grad.js:
@tensorflow/tfjs-core/dist/register_all_gradients.js:
  (**
   * @license
   * Copyright 2020 Google LLC. All Rights Reserved.
   * Licensed under the Apache License, Version 2.0 (the "License");
   * you may not use this file except in compliance with the License.
   * You may obtain a copy of the License at
   *
   * http://www.apache.org/licenses/LICENSE-2.0
   *
   * Unless required by applicable law or agreed to in writing, software
   * distributed under the License is distributed on an "AS IS" BASIS,
   * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
   * See the License for the specific language governing permissions and
   * limitations under the License.
   * =============================================================================
   *)

@tensorflow/tfjs-core/dist/gradients/ArgMax_grad.js:
@tensorflow/tfjs-core/dist/gradients/ArgMin_grad.js:
@tensorflow/tfjs-core/dist/gradients/Reshape_grad.js:
@tensorflow/tfjs-core/dist/gradients/Sum_grad.js:
@tensorflow/tfjs-core/dist/gradients/Unpack_grad.js:
  (**
   * @license
   * Copyright 2020 Google Inc. All Rights Reserved.
   * Licensed under the Apache License, Version 2.0 (the "License");
   * you may not use this file except in compliance with the License.
   * You may obtain a copy of the License at
   *
   * http://www.apache.org/licenses/LICENSE-2.0
   *
   * Unless required by applicable law or agreed to in writing, software
   * distributed under the License is distributed on an "AS IS" BASIS,
   * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
   * See the License for the specific language governing permissions and
   * limitations under the License.
   * =============================================================================
   *)

@tensorflow/tfjs-core/dist/gradients/Prod_grad.js:
  (**
   * @license
   * Copyright 2022 Google Inc. All Rights Reserved.
   * Licensed under the Apache License, Version 2.0 (the "License");
   * you may not use this file except in compliance with the License.
   * You may obtain a copy of the License at
   *
   * http://www.apache.org/licenses/LICENSE-2.0
   *
   * Unless required by applicable law or agreed to in writing, software
   * distributed under the License is distributed on an "AS IS" BASIS,
   * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
   * See the License for the specific language governing permissions and
   * limitations under the License.
   * =============================================================================
   *)

@tensorflow/tfjs-core/dist/gradients/Square_grad.js:
  (**
   * @license
   * Copyright 2019 Google LLC. All Rights Reserved.
   * Licensed under the Apache License, Version 2.0 (the "License");
   * you may not use this file except in compliance with the License.
   * You may obtain a copy of the License at
   *
   * http://www.apache.org/licenses/LICENSE-2.0
   *
   * Unless required by applicable law or agreed to in writing, software
   * distributed under the License is distributed on an "AS IS" BASIS,
   * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
   * See the License for the specific language governing permissions and
   * limitations under the License.
   * =============================================================================
   *)
*/
