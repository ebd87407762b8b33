/**
 * @file How each traced op becomes ONNX nodes: a converter per op name, given the call's
 * arguments (as the op received them) and its result. Ops ONNX has no node for are rebuilt from
 * shinsou ops that it has ({@link Converter}'s `decompose`), e.g. an LSTM layer unrolled over its
 * steps.
 */
import type { ConvGeometry, ConvProduct } from '../backend/backend.js';
import { lstmLayerOps } from '../nn/functional/recurrent.js';
import { gruLayerOps } from '../nn/functional/gru.js';
import { rnnLayerOps } from '../nn/functional/elman.js';
import { framesDftByConvolution, type FramesDft } from '../audio/stft.js';
import type { Pooling } from '../ops/pooling.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { elementType, OnnxExportError, type OnnxGraph } from './graph.js';

/** What a converter can do besides adding nodes: rebuild a result from other traced shinsou ops. */
export interface ConvertContext {
  readonly graph: OnnxGraph;
  /** Traces `fn` (shinsou ops on tensors the graph knows) into the graph; its result becomes `result`'s value. */
  decompose(result: Tensor, fn: () => Tensor): void;
}

/** Adds the nodes of one traced call. */
export type Converter = (ctx: ConvertContext, args: readonly unknown[], result: unknown) => unknown;

type Inputs = readonly Tensor[];

/** A converter for a defineOp, whose traced arguments are `[inputs, attrs]` and result one tensor. */
function op<A>(convert: (graph: OnnxGraph, inputs: Inputs, attrs: A, y: Tensor, ctx: ConvertContext) => unknown): Converter {
  return (ctx, [inputs, attrs], y) => convert(ctx.graph, inputs as Inputs, attrs as A, y as Tensor, ctx);
}

/** The op takes `[inputs, attrs]` (a defineOp) and maps its first input through one ONNX node. */
function unary(opType: string): Converter {
  return op((graph, [x], _, y) => graph.emit(y, opType, [graph.nameOf(x!)]));
}

function binary(opType: string): Converter {
  return op((graph, [a, b], _, y) => graph.emit(y, opType, [graph.nameOf(a!), graph.nameOf(b!)]));
}

/** A comparison or predicate, traced with its operands as arguments; `negate` adds a Not. */
function comparison(opType: string, negate = false): Converter {
  return ({ graph }, operands, y) => {
    const names = (operands as Inputs).map((t) => graph.nameOf(t));
    if (!negate) graph.emit(y as Tensor, opType, names);
    else graph.emit(y as Tensor, 'Not', graph.node(opType, names));
  };
}

/** Through a chain of single-input ONNX ops. */
function chain(...steps: [string, (graph: OnnxGraph, x: Tensor) => string[]][]): Converter {
  return op((graph, [x], _, y) => {
    let name = graph.nameOf(x!);
    steps.forEach(([opType, extra], i) => {
      const inputs = [name, ...extra(graph, x!)];
      name = i === steps.length - 1 ? graph.emit(y, opType, inputs) : graph.node(opType, inputs)[0]!;
    });
  });
}

const none = (): string[] => [];
const one = (graph: OnnxGraph, x: Tensor): string[] => [graph.scalar(1, x.dtype)];

/** A Reduce* node over `axes` (given as an input from opset 18, ReduceSum's from 13). */
function reduceNode(graph: OnnxGraph, opType: string, x: string, axes: readonly number[], keepdims: boolean): string {
  const asInput = opType === 'ReduceSum' || graph.opset >= 18;
  const attributes = { keepdims: keepdims ? 1 : 0, ...(asInput ? {} : { axes }) };
  return graph.node(opType, asInput ? [x, graph.ints(axes)] : [x], attributes)[0]!;
}

function reduction(opType: string): Converter {
  return op((graph, [x], { dims, keepdim }: { dims: readonly number[]; keepdim: boolean }, y) => {
    const reduced = dims.length === 0 ? graph.node('Identity', [graph.nameOf(x!)])[0]! : reduceNode(graph, opType, graph.nameOf(x!), dims, keepdim);
    graph.bind(y, x!.dtype !== y.dtype ? graph.node('Cast', [reduced], { to: elementType(y.dtype) })[0]! : reduced);
  });
}

/** Kernel, stride, padding and dilation of a geometry's last `nd` dims as ONNX attributes. */
function windowAttributes(g: ConvGeometry, nd: number): Record<string, readonly number[]> {
  const last = (v: readonly number[]): number[] => v.slice(3 - nd);
  return { kernel_shape: last(g.kernel), strides: last(g.stride), pads: [...last(g.padding), ...last(g.padding)], dilations: last(g.dilation) };
}

/** Reshapes an ONNX result [N, C, *spatial] to the flat [N, C, L] that shinsou's conv ops return. */
function flatten3(graph: OnnxGraph, y: Tensor, name: string): void {
  graph.emit(y, 'Reshape', [name, graph.ints(y.shape)]);
}

function poolAttributes(p: Pooling): Record<string, number | readonly number[]> {
  return { kernel_shape: p.kernel, strides: p.stride, pads: [...p.padding, ...p.padding], ceil_mode: p.ceilMode ? 1 : 0 };
}

/** The ONNX op per traced op name. */
export const converters: Readonly<Record<string, Converter>> = {
  neg: unary('Neg'), abs: unary('Abs'), sign: unary('Sign'), exp: unary('Exp'), log: unary('Log'), sqrt: unary('Sqrt'),
  sin: unary('Sin'), cos: unary('Cos'), tanh: unary('Tanh'), sigmoid: unary('Sigmoid'), relu: unary('Relu'), erf: unary('Erf'),
  floor: unary('Floor'), ceil: unary('Ceil'), round: unary('Round'), reciprocal: unary('Reciprocal'), clone: unary('Identity'),
  log1p: chain(['Add', one], ['Log', none]),
  expm1: chain(['Exp', none], ['Sub', one]),
  rsqrt: chain(['Sqrt', none], ['Reciprocal', none]),
  isnan: comparison('IsNaN'),
  isfinite: ({ graph }, [x], y) => {
    const name = graph.nameOf(x as Tensor);
    graph.emit(y as Tensor, 'Not', graph.node('Or', [graph.node('IsNaN', [name])[0]!, graph.node('IsInf', [name])[0]!]));
  },
  logicalNot: comparison('Not'),
  add: binary('Add'), sub: binary('Sub'), mul: binary('Mul'), div: binary('Div'), pow: binary('Pow'),
  maximum: binary('Max'), minimum: binary('Min'), matmul: binary('MatMul'),
  eq: comparison('Equal'), ne: comparison('Equal', true), lt: comparison('Less'), le: comparison('LessOrEqual'),
  gt: comparison('Greater'), ge: comparison('GreaterOrEqual'),
  logicalAnd: comparison('And'), logicalOr: comparison('Or'), logicalXor: comparison('Xor'),
  where: op((graph, [a, b], cond: Tensor, y) => graph.emit(y, 'Where', [graph.nameOf(cond), graph.nameOf(a!), graph.nameOf(b!)])),
  clamp: op((graph, [x], { min, max }: { min: number; max: number }, y) => {
    const bound = (v: number): string => (Number.isFinite(v) ? graph.scalar(v, x!.dtype) : '');
    return graph.emit(y, 'Clip', [graph.nameOf(x!), bound(min), bound(max)]);
  }),
  to: op((graph, [x], dtype: DType, y) => graph.emit(y, 'Cast', [graph.nameOf(x!)], { to: elementType(dtype) })),
  reshape: op((graph, [x], shape: readonly number[], y) => graph.emit(y, 'Reshape', [graph.nameOf(x!), graph.ints(shape)])),
  permute: op((graph, [x], dims: readonly number[], y) => graph.emit(y, 'Transpose', [graph.nameOf(x!)], { perm: dims })),
  expand: op((graph, [x], shape: readonly number[], y) => graph.emit(y, 'Expand', [graph.nameOf(x!), graph.ints(shape)])),
  slice: op((graph, [x], { dim, start, step, length }: { dim: number; start: number; step: number; length: number }, y) => {
    const end = length === 0 ? start : start + step * (length - 1) + 1;
    return graph.emit(y, 'Slice', [graph.nameOf(x!), graph.ints([start]), graph.ints([end]), graph.ints([dim]), graph.ints([step])]);
  }),
  flip: op((graph, [x], axes: readonly number[], y) => {
    const ends = axes.map((d) => -x!.shape[d]! - 1);
    return graph.emit(y, 'Slice', [graph.nameOf(x!), graph.ints(axes.map(() => -1)), graph.ints(ends), graph.ints(axes), graph.ints(axes.map(() => -1))]);
  }),
  cat: op((graph, inputs, axis: number, y) => graph.emit(y, 'Concat', inputs.map((t) => graph.nameOf(t)), { axis })),
  pad: op((graph, [x], { before, after, value }: { before: readonly number[]; after: readonly number[]; value: number | boolean }, y) =>
    graph.emit(y, 'Pad', [graph.nameOf(x!), graph.ints([...before, ...after]), graph.scalar(Number(value), x!.dtype)], { mode: 'constant' })),
  sum: reduction('ReduceSum'), prod: reduction('ReduceProd'), amax: reduction('ReduceMax'), amin: reduction('ReduceMin'),
  norm: reduction('ReduceL2'),
  reduce: ({ graph }, [op, x, dims, keepdim], y) => {
    const axes = dims as number[];
    if ((op !== 'argmax' && op !== 'argmin') || axes.length !== 1) throw new OnnxExportError(`onnx export: the reduction '${String(op)}' over [${axes.join(', ')}] is not supported`);
    const index = graph.node(op === 'argmax' ? 'ArgMax' : 'ArgMin', [graph.nameOf(x as Tensor)], { axis: axes[0]!, keepdims: keepdim ? 1 : 0 })[0]!;
    graph.emit(y as Tensor, 'Cast', [index], { to: elementType('int32') });
  },
  cumsum: op((graph, [x], dim: number, y) => graph.emit(y, 'CumSum', [graph.nameOf(x!), graph.ints([dim], true)])),
  softmax: op((graph, [x], axis: number, y) => graph.emit(y, 'Softmax', [graph.nameOf(x!)], { axis })),
  logSoftmax: op((graph, [x], axis: number, y) => graph.emit(y, 'LogSoftmax', [graph.nameOf(x!)], { axis })),
  softplus: op((_, [x], __, y, ctx) => ctx.decompose(y, () => x!.abs().neg().exp().log1p())),
  stft: op((_, [x], attrs: FramesDft, y, ctx) => ctx.decompose(y, () => framesDftByConvolution(x!, attrs))),
  powerStft: op((_, [x], attrs: FramesDft, y, ctx) => ctx.decompose(y, () => framesDftByConvolution(x!, attrs).square().sum(-1))),
  gather: op((graph, [x], { dim, index }: { dim: number; index: Tensor }, y) => graph.emit(y, 'GatherElements', [graph.nameOf(x!), graph.nameOf(index)], { axis: dim })),
  scatter: op((graph, [x, src], { dim, index, accumulate }: { dim: number; index: Tensor; accumulate: boolean }, y) => {
    // ONNX takes exactly one update per index; a larger src contributes its leading corner.
    const fits = src!.shape.every((v, i) => v === index.shape[i]);
    const axes = index.shape.map((_, i) => i);
    const updates = fits ? graph.nameOf(src!) : graph.node('Slice', [graph.nameOf(src!), graph.ints(axes.map(() => 0)), graph.ints(index.shape), graph.ints(axes)])[0]!;
    return graph.emit(y, 'ScatterElements', [graph.nameOf(x!), graph.nameOf(index), updates], { axis: dim, reduction: accumulate ? 'add' : 'none' });
  }),
  indexSelect: ({ graph }, [x, dim, index], y) => graph.emit(y as Tensor, 'Gather', [graph.nameOf(x as Tensor), graph.nameOf(index as Tensor)], { axis: dim as number }),
  take: ({ graph }, [x, index, dim], y) => graph.emit(y as Tensor, 'Gather', [graph.nameOf(x as Tensor), graph.nameOf(index as Tensor)], { axis: dim as number }),
  conv: op((graph, inputs, c: ConvProduct, y) => {
    const x = inputs[0]!;
    const conv = graph.node('Conv', inputs.map((t) => graph.nameOf(t)), { ...windowAttributes(c.geometry, x.ndim - 2), group: c.groups });
    flatten3(graph, y, conv[0]!);
  }),
  depthwiseConv: op((graph, [x, weight], g: ConvGeometry, y) => {
    flatten3(graph, y, graph.node('Conv', [graph.nameOf(x!), graph.nameOf(weight!)], { ...windowAttributes(g, x!.ndim - 2), group: g.channels })[0]!);
  }),
  convTranspose: op((graph, [x, weight], c: ConvProduct, y) => {
    const nd = weight!.ndim - 2;
    const g = c.geometry;
    const spatialIn = g.out.slice(3 - nd);
    const volume = graph.node('Reshape', [graph.nameOf(x!), graph.ints([c.batch, x!.shape[1]!, ...spatialIn])])[0]!;
    const w = windowAttributes(g, nd);
    // ONNX's output size s(in−1) + d(k−1) + 1 − 2p + outputPadding must equal the traced size.
    const outputPadding = g.size.slice(3 - nd).map((size, i) => size - (w.strides[i]! * (spatialIn[i]! - 1) + w.dilations[i]! * (w.kernel_shape[i]! - 1) + 1 - 2 * w.pads[i]!));
    flatten3(graph, y, graph.node('ConvTranspose', [volume, graph.nameOf(weight!)], { ...w, group: c.groups, output_padding: outputPadding })[0]!);
  }),
  dropout: ({ graph }, [x, p], y) => {
    // Dropout left on at inference (Tacotron's pre-net) stays random in ONNX Runtime too.
    const input = x as Tensor;
    return graph.emit(y as Tensor, 'Dropout', [graph.nameOf(input), graph.scalar(p as number, input.dtype), graph.scalar(1, 'bool')]);
  },
  maxPool: ({ graph }, [x, p], result) => {
    const { values, indices } = result as { values: Tensor; indices: Tensor };
    const windows = p as Pooling;
    graph.emit(values, 'MaxPool', [graph.nameOf(x as Tensor)], { ...poolAttributes(windows), dilations: windows.dilation });
    graph.poison(indices, "max pooling's indices are not exported (ONNX counts them differently)");
  },
  avgPool: ({ graph }, [x, p, o], y) => {
    const options = o as { countIncludePad?: boolean; divisorOverride?: number };
    if (options.divisorOverride !== undefined) throw new OnnxExportError('onnx export: avgPool with divisorOverride has no ONNX equivalent');
    graph.emit(y as Tensor, 'AveragePool', [graph.nameOf(x as Tensor)], { ...poolAttributes(p as Pooling), count_include_pad: options.countIncludePad ?? true ? 1 : 0 });
  },
  standardize: (ctx, [input, outer, channels, inner, eps, affine], result) => {
    const { y, mean, variance } = result as { y: Tensor; mean: Tensor; variance: Tensor };
    const x = input as Tensor;
    ctx.decompose(y, () => {
      const v = x.reshape([outer as number, channels as number, inner as number]);
      const centered = v.sub(v.mean([0, 2], true));
      const normalized = centered.div(centered.square().mean([0, 2], true).add(eps as number).sqrt()).reshape(x.shape);
      if (!affine) return normalized;
      // Batch and instance norm's weight and bias [C], on dim 1 of [N, C, *spatial].
      const { weight, bias } = affine as { weight: Tensor; bias: Tensor };
      const perChannel = [weight.numel, ...new Array<number>(x.ndim - 2).fill(1)];
      return normalized.mul(weight.reshape(perChannel)).add(bias.reshape(perChannel));
    });
    for (const t of [mean, variance]) ctx.graph.poison(t, 'batch statistics are not exported (export in eval mode)');
  },
  lstm: op((_, inputs, __, y, ctx) => ctx.decompose(y, () => lstmLayerOps(inputs))),
  gru: op((_, inputs, __, y, ctx) => ctx.decompose(y, () => gruLayerOps(inputs))),
  rnn: op((_, inputs, attrs: { relu: boolean }, y, ctx) => ctx.decompose(y, () => rnnLayerOps(inputs, attrs))),
};

/** Ops whose traced call only says that a tensor now holds another's value. */
export const ALIASES: ReadonlySet<string> = new Set(['detach', 'assign']);
