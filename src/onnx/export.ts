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
import { elementType, OnnxExportError, OnnxGraph } from './graph.js';
import { encodeModel } from './proto.js';

/** The opsets an export can target. */
export const SUPPORTED_OPSETS = [17, 18, 19, 20] as const;

export interface OnnxExportOptions {
  /** ONNX opset version (default 17; 17–20). */
  opset?: number;
  /** Names of the graph inputs (default input_0, input_1, …). */
  inputNames?: readonly string[];
  /** Names of the graph outputs (default output_0, output_1, …). */
  outputNames?: readonly string[];
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

function valueInfo(name: string, t: Tensor): Record<string, unknown> {
  return { name, type: { tensorType: { elemType: elementType(t.dtype), shape: { dim: t.shape.map((d) => ({ dimValue: d })) } } } };
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

/**
 * Traces `module.forward(...inputs)` into an ONNX model and returns its bytes. The forward runs
 * once in eval mode (restored afterwards) without gradients; values computed outside shinsou's
 * ops (from `.item()` or `.toArray()`, Python-style control flow on data) are frozen at their
 * traced values, as with `torch.jit.trace`. Shapes are fixed to the example inputs'.
 * @example
 * const bytes = onnx.toOnnx(model, [tensor([[0.5, 1.5]])], { inputNames: ['x'], outputNames: ['y'] });
 * PyTorch: `torch.onnx.export(model, args, f, opset_version=17, input_names, output_names)`.
 */
export function toOnnx(module: Module, inputs: Tensor | readonly Tensor[], options?: OnnxExportOptions): Uint8Array {
  const o = checkOptions('toOnnx', options, { opset: true, inputNames: true, outputNames: true, docString: true });
  const opset = o.opset ?? 17;
  if (!(SUPPORTED_OPSETS as readonly number[]).includes(opset)) throw new OnnxExportError(`onnx export: opset must be one of ${SUPPORTED_OPSETS.join(', ')}, got ${opset}`);
  const args = inputs instanceof Tensor ? [inputs] : [...inputs];
  if (args.some((t) => !(t instanceof Tensor))) throw new OnnxExportError('onnx export: the example inputs must be tensors');
  const graph = new OnnxGraph(opset);
  const inputNames = names(o.inputNames, 'input', args.length, 'inputNames');
  args.forEach((t, i) => graph.bind(t, inputNames[i]!));
  for (const [name, t] of [...module.namedParameters(), ...module.namedBuffers()]) graph.nameLater(t, name);
  const wasTraining = module.training;
  module.eval();
  let result: unknown;
  try {
    result = traceCalls({ record: converterFor(graph) }, () => noGrad(() => module.forward(...args)));
  } finally {
    module.train(wasTraining);
  }
  const outputs = outputTensors(result);
  const outputNames = names(o.outputNames, 'output', outputs.length, 'outputNames');
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
      input: args.map((t, i) => valueInfo(inputNames[i]!, t)),
      output: outputs.map((t, i) => valueInfo(outputNames[i]!, t)),
    },
  });
}
