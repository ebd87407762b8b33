/**
 * @file Dynamic axes by comparing traces: the forward is traced again with each dynamic size one
 * larger, and every constant that changed with it (a Reshape's target, an Expand's shape, a
 * Slice's end) is rebuilt at run time from the input's actual size, as k·size. A graph whose
 * structure changes with the size (a loop over it) cannot have that axis dynamic.
 */
import { ELEMENT_TYPE } from './proto.js';
import { OnnxExportError, type InitializerRecord, type NodeRecord, type OnnxGraph } from './graph.js';
import { Tensor } from '../tensor/tensor.js';
import { cat } from '../ops/shape.js';

/** Per input or output name, the axes whose size may vary, named (PyTorch's `dynamic_axes`). */
export type DynamicAxes = Readonly<Record<string, Readonly<Record<number, string>>>>;

/** One trace: its graph and its output tensors. */
export interface Trace {
  readonly graph: OnnxGraph;
  readonly outputs: readonly Tensor[];
}

/** Where a symbol's size is read at run time: an input and its axis. */
interface Source {
  readonly input: string;
  readonly axis: number;
}

/** The example inputs with every axis named `symbol` one longer (its first slice repeated, so indices stay valid). */
export function grownInputs(inputs: readonly Tensor[], inputNames: readonly string[], axes: DynamicAxes, symbol: string): Tensor[] {
  return inputs.map((t, i) => Object.entries(axes[inputNames[i]!] ?? {})
    .filter(([, name]) => name === symbol)
    .reduce((grown, [axis]) => cat([grown, grown.narrow(Number(axis), 0, 1)], Number(axis)), t));
}

/** Checks the names and axes of `axes` against the graph's inputs and outputs; returns each symbol's source. */
export function symbolSources(axes: DynamicAxes, inputs: readonly Tensor[], inputNames: readonly string[], outputNames: readonly string[]): Map<string, Source> {
  const sources = new Map<string, Source>();
  for (const [name, dims] of Object.entries(axes)) {
    const index = inputNames.indexOf(name);
    if (index < 0 && !outputNames.includes(name)) throw new OnnxExportError(`onnx export: dynamicAxes names '${name}', which is neither an input nor an output`);
    for (const [axis, symbol] of Object.entries(dims)) {
      const a = Number(axis);
      if (index >= 0) {
        if (!Number.isInteger(a) || a < 0 || a >= inputs[index]!.ndim) throw new OnnxExportError(`onnx export: input '${name}' has no axis ${axis}`);
        if (!sources.has(symbol)) sources.set(symbol, { input: name, axis: a });
      }
    }
  }
  for (const dims of outputNames.map((n) => axes[n] ?? {})) {
    for (const symbol of Object.values(dims)) {
      if (!sources.has(symbol)) throw new OnnxExportError(`onnx export: output axis '${symbol}' is not the name of any input axis`);
    }
  }
  return sources;
}

function int64s(record: InitializerRecord): number[] {
  return Array.from(new BigInt64Array(record.rawData.slice().buffer), Number);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** An entry of a constant: fixed, or k times a product of symbols' sizes. */
type Entry = { value: number } | { symbols: string[]; factor: number };

/**
 * How each entry of `base` (traced at the example sizes) follows the symbols: the entries that
 * changed in the traces with some symbols one larger must be k·Π size over those symbols.
 */
function entries(base: readonly number[], variants: readonly (readonly number[])[], symbols: readonly string[], sizes: readonly number[], what: string): Entry[] {
  return base.map((v, e) => {
    const moved = variants.map((values, j) => (values[e] !== v ? j : -1)).filter((j) => j >= 0);
    if (moved.length === 0) return { value: v };
    const product = (grown: number): number => moved.reduce((p, j) => p * (sizes[j]! + (j === grown ? 1 : 0)), 1);
    const factor = v / product(-1);
    if (!Number.isInteger(factor) || moved.some((j) => variants[j]![e] !== factor * product(j))) {
      throw new OnnxExportError(`onnx export: ${what} [${base.join(', ')}] depends on the dynamic sizes in a way other than k·Π size (entry ${e}); export with fixed sizes`);
    }
    return { symbols: moved.map((j) => symbols[j]!), factor };
  });
}

/** Builds nodes that compute a 1-D int64 vector from fixed and size-dependent entries into `output`. */
function vectorNodes(graph: OnnxGraph, list: readonly Entry[], sizeOf: (symbol: string) => string, output: string): NodeRecord[] {
  const start = graph.nodes.length;
  const pieces = list.map((entry) => {
    if ('value' in entry) return graph.ints([entry.value]);
    const product = entry.symbols.map(sizeOf).reduce((a, b) => graph.node('Mul', [a, b])[0]!);
    return entry.factor === 1 ? product : graph.node('Mul', [product, graph.ints([entry.factor])])[0]!;
  });
  graph.node('Concat', pieces, { axis: 0 }, [output]);
  return graph.nodes.splice(start);
}

/**
 * Rewrites `base` so that the constants that follow the dynamic sizes are computed at run time;
 * `variants[j]` is the trace with symbol j one larger.
 */
export function makeDynamic(base: Trace, variants: readonly Trace[], symbols: readonly string[], sources: Map<string, Source>,
  inputs: readonly Tensor[], inputNames: readonly string[]): void {
  const graph = base.graph;
  for (const [j, variant] of variants.entries()) {
    const v = variant.graph;
    const same = v.nodes.length === graph.nodes.length && v.nodes.every((n, i) => n.opType === graph.nodes[i]!.opType) && v.initializers.length === graph.initializers.length;
    if (!same) throw new OnnxExportError(`onnx export: the graph changes with the size of dynamic axis '${symbols[j]}' (a loop over it?); export it with a fixed size`);
  }
  const sizes = symbols.map((symbol) => {
    const { input, axis } = sources.get(symbol)!;
    return inputs[inputNames.indexOf(input)]!.shape[axis]!;
  });
  const sizeNames = new Map<string, string>();
  const prelude: NodeRecord[] = [];
  const sizeOf = (symbol: string): string => {
    let name = sizeNames.get(symbol);
    if (name === undefined) {
      const { input, axis } = sources.get(symbol)!;
      const start = graph.nodes.length;
      const shape = graph.node('Shape', [input])[0]!;
      name = graph.node('Gather', [shape, graph.ints([axis])], { axis: 0 })[0]!;
      prelude.push(...graph.nodes.splice(start));
      sizeNames.set(symbol, name);
    }
    return name;
  };
  // Constants made below (sizes, pieces of vectors) join the kept ones.
  for (const [i, record] of graph.initializers.splice(0).entries()) {
    const others = variants.map((t) => t.graph.initializers[i]!);
    if (others.every((o) => sameBytes(o.rawData, record.rawData) && o.dims.join() === record.dims.join())) {
      graph.initializers.push(record);
      continue;
    }
    if (record.dataType === ELEMENT_TYPE.int64 && record.dims.length === 1 && others.every((o) => o.dims[0] === record.dims[0])) {
      prelude.push(...vectorNodes(graph, entries(int64s(record), others.map(int64s), symbols, sizes, 'a shape or index'), sizeOf, record.name));
      continue;
    }
    const filled = uniformValue(record);
    if (filled === null || others.some((o) => o.dims.length !== record.dims.length || uniformValue(o) === null || !sameBytes(uniformValue(o)!, filled))) {
      throw new OnnxExportError(`onnx export: a constant of shape [${record.dims.join(', ')}] depends on a dynamic size and is not filled with one value; export with fixed sizes`);
    }
    // A constant filled with one value (zero initial states, say) becomes that value expanded to the run-time shape.
    const value = graph.fresh('fill');
    graph.initializers.push({ ...record, name: value, dims: [], rawData: filled });
    const dims = entries(record.dims, others.map((o) => o.dims), symbols, sizes, 'a constant of shape');
    prelude.push(...vectorNodes(graph, dims, sizeOf, `${record.name}_shape`));
    const start = graph.nodes.length;
    graph.node('Expand', [value, `${record.name}_shape`], {}, [record.name]);
    prelude.push(...graph.nodes.splice(start));
  }
  graph.nodes.unshift(...prelude);
}

/** The bytes of one element when every element of `record` holds the same bytes, else null. */
function uniformValue(record: InitializerRecord): Uint8Array | null {
  const count = record.dims.reduce((a, b) => a * b, 1);
  if (count === 0) return null;
  const width = record.rawData.length / count;
  const first = record.rawData.subarray(0, width);
  for (let i = width; i < record.rawData.length; i += width) {
    if (!sameBytes(record.rawData.subarray(i, i + width), first)) return null;
  }
  return first.slice();
}

/** The dims of a graph input or output: numbers, or the symbol's name where the axis is dynamic. */
export function dimsOf(shape: readonly number[], named: Readonly<Record<number, string>> | undefined): ({ dimValue: number } | { dimParam: string })[] {
  return shape.map((d, axis) => (named?.[axis] !== undefined ? { dimParam: named[axis]! } : { dimValue: d }));
}

/** The dynamic axes of each output, found by comparing its shape across the traces (k·symbol named "k*symbol"). */
export function outputAxes(base: Trace, variants: readonly Trace[], symbols: readonly string[], given: DynamicAxes, outputNames: readonly string[]): Record<string, Record<number, string>> {
  return Object.fromEntries(base.outputs.map((t, o) => {
    const found: Record<number, string> = {};
    t.shape.forEach((d, axis) => {
      const j = variants.findIndex((v) => v.outputs[o]!.shape[axis] !== d);
      if (j >= 0) {
        const factor = variants[j]!.outputs[o]!.shape[axis]! - d;
        found[axis] = factor === 1 ? symbols[j]! : `${factor}*${symbols[j]!}`;
      }
    });
    for (const [axis, symbol] of Object.entries(given[outputNames[o]!] ?? {})) {
      if (found[Number(axis)] === undefined) throw new OnnxExportError(`onnx export: output '${outputNames[o]}' axis ${axis} ('${symbol}') does not change with the dynamic inputs`);
      found[Number(axis)] = symbol;
    }
    return [outputNames[o]!, found];
  }));
}
