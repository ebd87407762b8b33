/**
 * @file ONNX export by tracing: the module's forward runs once on example inputs (in eval mode,
 * without gradients) while every op call is converted to ONNX nodes; parameters and buffers
 * become initializers named by their state-dict keys.
 */
import { noGrad } from '../autograd/grad_mode.js';
import { traceCalls, type TracedCall } from '../autograd/trace.js';
import type { Module } from '../nn/module.js';
import { checkOptions } from '../options.js';
import { Tensor } from '../tensor/tensor.js';
import { ALIASES, converters, type ConvertContext } from './converters.js';
import { dimsOf, grownInputs, makeDynamic, outputAxes, symbolSources, type DynamicAxes, type Trace } from './dynamic.js';
import { elementType, OnnxExportError, OnnxGraph } from './graph.js';
import { encodeModel } from './proto.js';

/** The opsets an export can target. */
export const SUPPORTED_OPSETS = [17, 18, 19, 20] as const;

/** Options of `toOnnx` and `exportModel` (`torch.onnx.export`'s keyword arguments, camelCased). */
export interface OnnxExportOptions {
  /** ONNX opset version (default 17; 17–20). */
  opset?: number;
  /** Names of the graph inputs (default input_0, input_1, …). */
  inputNames?: readonly string[];
  /** Names of the graph outputs (default output_0, output_1, …). */
  outputNames?: readonly string[];
  /**
   * Axes whose size may differ at run time, per input or output name: `{ x: { 0: 'batch' } }`.
   * Output axes that follow an input's are found by themselves; naming them only renames them.
   */
  dynamicAxes?: DynamicAxes;
  /** A description stored in the model. */
  docString?: string;
}

/** The tensors of a forward's result in order: a tensor, an array of them, or an object's tensor fields. */
function outputTensors(result: unknown): Tensor[] {
  if (result instanceof Tensor) return [result];
  const values = Array.isArray(result) ? result : result !== null && typeof result === 'object' ? Object.values(result) : [];
  const tensors = values.filter((v): v is Tensor => v instanceof Tensor);
  if (tensors.length === 0) throw new OnnxExportError('onnx export: the forward returned no tensor');
  return tensors;
}

function valueInfo(name: string, t: Tensor, axes: Readonly<Record<number, string>> | undefined): Record<string, unknown> {
  return { name, type: { tensorType: { elemType: elementType(t.dtype), shape: { dim: dimsOf(t.shape, axes) } } } };
}

function names(given: readonly string[] | undefined, prefix: string, count: number, what: string): string[] {
  if (given && given.length !== count) throw new OnnxExportError(`onnx export: ${what} has ${given.length} names for ${count} tensors`);
  return given ? [...given] : Array.from({ length: count }, (_, i) => `${prefix}_${i}`);
}

/** Converts traced calls into `graph`, naming parameters and buffers after their state-dict keys. */
function converterFor(graph: OnnxGraph): (call: TracedCall) => void {
  const context: ConvertContext = {
    graph,
    decompose: (result, fn) => graph.bind(result, graph.nameOf(fn())),
  };
  return ({ op, args, result }) => {
    if (ALIASES.has(op)) {
      const target = result as Tensor;
      if (target.base !== null) graph.poison(target.base, 'in-place writes into a view are not exported');
      graph.bind(target, graph.nameOf(args[0] as Tensor));
      return;
    }
    const convert = converters[op];
    if (!convert) throw new OnnxExportError(`onnx export: op '${op}' has no ONNX conversion`);
    convert(context, args, result);
  };
}

/** Runs the forward once under a tracer that converts every op call into `graph`. */
function trace(module: Module, args: readonly Tensor[], inputNames: readonly string[], opset: number, share: boolean): Trace {
  const graph = new OnnxGraph(opset, share);
  args.forEach((t, i) => graph.bind(t, inputNames[i]!));
  for (const [name, t] of [...module.namedParameters(), ...module.namedBuffers()]) graph.nameLater(t, name);
  const wasTraining = module.training;
  module.eval();
  try {
    return { graph, outputs: outputTensors(traceCalls({ record: converterFor(graph) }, () => noGrad(() => module.forward(...args)))) };
  } finally {
    module.train(wasTraining);
  }
}

/**
 * Traces `module.forward(...inputs)` into an ONNX model and returns its bytes. The forward runs
 * once in eval mode (restored afterwards) without gradients; values computed outside shinsou's
 * ops (from `.item()` or `.toArray()`, JavaScript branches on data) are frozen at their traced
 * values, as with `torch.jit.trace`. Shapes are the example inputs' except along `dynamicAxes`:
 * those are found by tracing again with each such size one larger (the axis' first slice
 * repeated) and comparing.
 * PyTorch: `torch.onnx.export(model, args, f, opset_version=17, input_names, output_names, dynamic_axes)`.
 * @example
 * const bytes = onnx.toOnnx(model, [x], { inputNames: ['x'], outputNames: ['y'], dynamicAxes: { x: { 0: 'batch' } } });
 */
export function toOnnx(module: Module, inputs: Tensor | readonly Tensor[], options?: OnnxExportOptions): Uint8Array {
  const o = checkOptions('toOnnx', options, { opset: true, inputNames: true, outputNames: true, dynamicAxes: true, docString: true });
  const opset = o.opset ?? 17;
  if (!(SUPPORTED_OPSETS as readonly number[]).includes(opset)) throw new OnnxExportError(`onnx export: opset must be one of ${SUPPORTED_OPSETS.join(', ')}, got ${opset}`);
  const args = inputs instanceof Tensor ? [inputs] : [...inputs];
  if (args.some((t) => !(t instanceof Tensor))) throw new OnnxExportError('onnx export: the example inputs must be tensors');
  const inputNames = names(o.inputNames, 'input', args.length, 'inputNames');
  const axes = o.dynamicAxes ?? {};
  const dynamic = Object.keys(axes).length > 0;
  const base = trace(module, args, inputNames, opset, !dynamic);
  const outputNames = names(o.outputNames, 'output', base.outputs.length, 'outputNames');
  let outAxes: Record<string, Record<number, string>> = {};
  if (dynamic) {
    const sources = symbolSources(axes, args, inputNames, outputNames);
    const symbols = [...sources.keys()];
    const variants = symbols.map((symbol) => trace(module, grownInputs(args, inputNames, axes, symbol), inputNames, opset, false));
    makeDynamic(base, variants, symbols, sources, args, inputNames);
    outAxes = outputAxes(base, variants, symbols, axes, outputNames);
  }
  const { graph, outputs } = base;
  outputs.forEach((t, i) => graph.node('Identity', [graph.nameOf(t)], {}, [outputNames[i]!]));
  return encodeModel({
    irVersion: 8,
    producerName: 'shinsou',
    ...(o.docString ? { docString: o.docString } : {}),
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: module.constructor.name,
      node: graph.nodes,
      initializer: graph.initializers,
      input: args.map((t, i) => valueInfo(inputNames[i]!, t, axes[inputNames[i]!])),
      output: outputs.map((t, i) => valueInfo(outputNames[i]!, t, outAxes[outputNames[i]!])),
    },
  });
}
