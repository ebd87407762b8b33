/**
 * @file The ONNX graph an export builds: value names for tensors, nodes, and initializers for
 * parameters, buffers and constants met along the way.
 */
import { ValueError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { ATTRIBUTE_TYPE, ELEMENT_TYPE } from './proto.js';

/** A node attribute's value: an int, a list of ints, or a string (the converters need no float attributes). */
export type AttributeValue = number | readonly number[] | string;

/**
 * The error an export throws for a model it cannot express.
 * PyTorch: `torch.onnx.errors.UnsupportedOperatorError` (and the exporter's other errors).
 * @example try { onnx.toOnnx(model, [x]); } catch (e) { if (e instanceof onnx.OnnxExportError) console.error(e.message); }
 */
export class OnnxExportError extends ValueError {
  override name = 'OnnxExportError';
}

/** A node as the protobuf encoder takes it. */
export interface NodeRecord {
  input: string[];
  output: string[];
  name: string;
  opType: string;
  attribute: Record<string, unknown>[];
}

/** An initializer (TensorProto) as the protobuf encoder takes it. */
export interface InitializerRecord {
  name: string;
  dims: number[];
  dataType: number;
  rawData: Uint8Array;
}

function attribute(name: string, value: AttributeValue): Record<string, unknown> {
  if (typeof value === 'number') return { name, type: ATTRIBUTE_TYPE.int, i: value };
  if (typeof value === 'string') return { name, type: ATTRIBUTE_TYPE.string, s: new TextEncoder().encode(value) };
  return { name, type: ATTRIBUTE_TYPE.ints, ints: [...value] };
}

/** ONNX's element type code for a shinsou dtype. */
export function elementType(dtype: DType): number {
  return ELEMENT_TYPE[dtype];
}

function rawBytes(t: Tensor): Uint8Array {
  const data = t.contiguousData();
  if (t.dtype === 'bool') return Uint8Array.from(data as Uint8Array, (v) => (v ? 1 : 0));
  const typed = t.dtype === 'float32' ? Float32Array.from(data as Float32Array) : t.dtype === 'int32' ? Int32Array.from(data as Int32Array) : Float64Array.from(data as Float64Array);
  return new Uint8Array(typed.buffer);
}

/** Builds one graph: every tensor the traced forward touches gets a value name. */
export class OnnxGraph {
  readonly nodes: NodeRecord[] = [];
  readonly initializers: InitializerRecord[] = [];
  private readonly names = new Map<Tensor, string>();
  private readonly poisoned = new Map<Tensor, string>();
  private readonly constants = new Map<string, string>();
  private readonly stateNames = new Map<Tensor, string>();
  private count = 0;

  /**
   * @param share give equal constants (shapes, axes, scalars) one initializer; exports traced
   *   twice to find dynamic axes turn it off, so both traces create the same constants in order.
   */
  constructor(readonly opset: number, private readonly share = true) {}

  /** Gives `t` the value name `name` (a graph input, a parameter, a node's output). */
  bind(t: Tensor, name: string): void {
    this.names.set(t, name);
    this.poisoned.delete(t);
  }

  /** Names `t` (a parameter or buffer) `name` should it become an initializer. */
  nameLater(t: Tensor, name: string): void {
    this.stateNames.set(t, name);
  }

  /** Makes any later use of `t` fail with `reason` (an output ONNX's op cannot produce). */
  poison(t: Tensor, reason: string): void {
    this.poisoned.set(t, reason);
  }

  /** The value name of `t`; a tensor never seen before is a constant of the model (an initializer). */
  nameOf(t: Tensor): string {
    const reason = this.poisoned.get(t);
    if (reason !== undefined) throw new OnnxExportError(`onnx export: ${reason}`);
    const known = this.names.get(t);
    if (known !== undefined) return known;
    const name = this.initializer(t, this.stateNames.get(t) ?? this.fresh('const'));
    this.names.set(t, name);
    return name;
  }

  /** Adds `t`'s values as an initializer called `name`. */
  initializer(t: Tensor, name: string): string {
    this.initializers.push({ name, dims: [...t.shape], dataType: elementType(t.dtype), rawData: rawBytes(t) });
    return name;
  }

  /** An int64 constant (shapes, axes, pads), shared by every node that needs the same values. */
  ints(values: readonly number[], scalar = false): string {
    const key = `ints:${scalar}:${values.join(',')}`;
    let name = this.share ? this.constants.get(key) : undefined;
    if (name === undefined) {
      const data = new BigInt64Array(values.map((v) => BigInt(v)));
      name = this.fresh('ints');
      this.initializers.push({ name, dims: scalar ? [] : [values.length], dataType: ELEMENT_TYPE.int64, rawData: new Uint8Array(data.buffer) });
      this.constants.set(key, name);
    }
    return name;
  }

  /** A scalar constant of `dtype`. */
  scalar(value: number, dtype: DType): string {
    const key = `scalar:${dtype}:${value}`;
    let name = this.share ? this.constants.get(key) : undefined;
    if (name === undefined) {
      name = this.initializer(Tensor.scalar(value, dtype), this.fresh('scalar'));
      this.constants.set(key, name);
    }
    return name;
  }

  /** Adds a node; returns its output names (fresh unless given). */
  node(opType: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}, outputs: number | readonly string[] = 1): string[] {
    const names = typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.fresh(opType)) : [...outputs];
    const attrs = Object.entries(attributes).map(([k, v]) => attribute(k, v));
    this.nodes.push({ input: [...inputs], output: names, name: this.fresh(`${opType}_node`), opType, attribute: attrs });
    return names;
  }

  /** Adds a one-output node whose output is `t`'s value. */
  emit(t: Tensor, opType: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}): string {
    const [name] = this.node(opType, inputs, attributes);
    this.bind(t, name!);
    return name!;
  }

  /** A new unique value name. */
  fresh(prefix: string): string {
    return `${prefix}_${this.count++}`;
  }
}
