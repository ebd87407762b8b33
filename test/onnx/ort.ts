import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import * as s from '../../src/index.js';
import { assertClose } from '../helpers.js';

const { nn, onnx } = s;

/** ONNX Runtime's outputs for `inputs` on the exported bytes. */
export async function runOrt(bytes: Uint8Array, inputs: readonly s.Tensor[], names: readonly string[]): Promise<s.Tensor[]> {
  const session = await ort.InferenceSession.create(bytes);
  const feeds = Object.fromEntries(inputs.map((t, i) => [names[i]!, new ort.Tensor(t.dtype === 'int32' ? 'int32' : t.dtype === 'bool' ? 'bool' : 'float32', t.contiguousData() as Float32Array, [...t.shape])]));
  const results = await session.run(feeds);
  return session.outputNames.map((n) => {
    const r = results[n]!;
    return s.tensor(Array.from(r.data as Float32Array, Number)).reshape([...r.dims]);
  });
}

/** Every checked export's largest |ONNX Runtime − shinsou| over max(1, largest |shinsou output|), by model class, for the README. */
export const maxErrors: [string, number][] = [];

/**
 * Exports `model` traced on `example()`, then checks ONNX Runtime against shinsou's eval-mode
 * forward on fresh inputs (so nothing computed from the traced values is frozen into the file).
 */
export async function checkExport(model: s.nn.Module, example: () => s.Tensor[], tol = { atol: 1e-5, rtol: 1e-4 }): Promise<Uint8Array> {
  model.eval();
  const bytes = onnx.toOnnx(model, example());
  const fresh = example();
  const expected = s.noGrad(() => model.forward(...fresh)) as s.Tensor | s.Tensor[] | Record<string, s.Tensor>;
  const outs = expected instanceof s.Tensor ? [expected] : Object.values(expected).filter((v) => v instanceof s.Tensor);
  const got = await runOrt(bytes, fresh, fresh.map((_, i) => `input_${i}`));
  assert.equal(got.length, outs.length);
  got.forEach((g, i) => assertClose(g, outs[i]!.to('float32'), tol, `output ${i}`));
  const inner = model instanceof Fn ? [...model.layers.children()][0]! : model;
  const scaled = got.map((g, i) => g.sub(outs[i]!.to('float32')).abs().amax().item() / Math.max(1, outs[i]!.abs().amax().item()));
  maxErrors.push([inner.constructor.name, Math.max(...scaled)]);
  return bytes;
}

/** Example inputs: one standard-normal tensor of `shape`. */
export const randn = (...shape: number[]) => (): s.Tensor[] => [s.randn(shape)];

/** A module around a function of its inputs that uses the given layers (registered, so eval() reaches them). */
export class Fn extends nn.Module {
  readonly layers: s.nn.ModuleList;
  constructor(private readonly fn: (...x: s.Tensor[]) => s.Tensor, ...layers: s.nn.Module[]) {
    super();
    this.layers = new nn.ModuleList(layers);
  }
  forward(...x: s.Tensor[]): s.Tensor { return this.fn(...x); }
}

