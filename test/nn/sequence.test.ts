import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose, loadFixture } from '../helpers.js';

const { nn, F } = s;

/** A tensor; null entries of a mask stand for −∞. */
interface Enc { shape: number[]; data: (number | null)[]; bool?: boolean }
interface SequenceCase {
  name: string;
  config: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  initial: Record<string, Enc>;
  extras: Record<string, Enc>;
  inputs: Enc[];
  outputs: Enc[];
  gradOutputs: Enc[];
  gradInputs: Enc[];
  paramGrads: Record<string, Enc>;
}

const fromEnc = (e: Enc): s.Tensor => {
  const t = s.tensor(e.data.map((v) => v ?? -Infinity)).reshape(e.shape);
  return e.bool ? t.gt(0.5) : t;
};

/** The module of a case and how it is called on the case's inputs, giving its outputs in PyTorch's flattened order. */
function build({ name, config: c, extras }: SequenceCase): { module: s.nn.Module; call: (xs: s.Tensor[]) => s.Tensor[] } {
  const extra = (key: string): s.Tensor | null => (extras[key] ? fromEnc(extras[key]) : null);
  const decoderMasks = (): s.nn.TransformerCallOptions => ({
    tgtMask: extra('tgt_mask'), memoryMask: extra('memory_mask'), tgtKeyPaddingMask: extra('tgt_key_padding_mask'), memoryKeyPaddingMask: extra('memory_key_padding_mask'),
  });
  switch (name) {
    case 'mha': {
      const module = new nn.MultiheadAttention(c.embed, c.heads, c.o ?? {});
      const options = { ...c.call, keyPaddingMask: extra('key_padding_mask'), attnMask: extra('attn_mask') };
      return {
        module,
        call: ([q, k, v]) => {
          const [out, weights] = module.forward(q!, k ?? q!, v ?? q!, options);
          return weights ? [out, weights] : [out];
        },
      };
    }
    case 'encoderLayer': {
      const module = new nn.TransformerEncoderLayer(c.dModel, c.nhead, { ...c.o, dropout: 0 });
      return { module, call: ([x]) => [module.forward(x!, { srcMask: extra('src_mask'), srcKeyPaddingMask: extra('src_key_padding_mask') })] };
    }
    case 'decoderLayer': {
      const module = new nn.TransformerDecoderLayer(c.dModel, c.nhead, { ...c.o, dropout: 0 });
      return { module, call: ([t, m]) => [module.forward(t!, m!, decoderMasks())] };
    }
    case 'encoder': {
      const module = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(c.dModel, c.nhead, { ...c.o, dropout: 0 }), c.layers, c.norm ? new nn.LayerNorm(c.dModel) : null);
      return { module, call: ([x]) => [module.forward(x!, { mask: extra('mask'), srcKeyPaddingMask: extra('src_key_padding_mask') })] };
    }
    case 'decoder': {
      const module = new nn.TransformerDecoder(new nn.TransformerDecoderLayer(c.dModel, c.nhead, { ...c.o, dropout: 0 }), c.layers, c.norm ? new nn.LayerNorm(c.dModel) : null);
      return { module, call: ([t, m]) => [module.forward(t!, m!, decoderMasks())] };
    }
    case 'transformer': {
      const module = new nn.Transformer({ ...c.o, dModel: c.dModel, nhead: c.nhead, numEncoderLayers: c.layers[0], numDecoderLayers: c.layers[1], dropout: 0 });
      return { module, call: ([src, tgt]) => [module.forward(src!, tgt!, { ...decoderMasks(), srcMask: extra('src_mask'), srcKeyPaddingMask: extra('src_key_padding_mask') })] };
    }
    case 'lstm': {
      const module = new nn.LSTM(c.input, c.hidden, c.o ?? {});
      return {
        module,
        call: ([x, h, c0]) => {
          const [out, [hn, cn]] = module.forward(x!, h ? [h, c0!] : null);
          return [out, hn, cn];
        },
      };
    }
    case 'gru':
    case 'rnn': {
      const module = name === 'gru' ? new nn.GRU(c.input, c.hidden, c.o ?? {}) : new nn.RNN(c.input, c.hidden, c.o ?? {});
      return { module, call: ([x, h]) => module.forward(x!, h ?? null) };
    }
    case 'rnnCell':
    case 'gruCell': {
      const module = name === 'gruCell' ? new nn.GRUCell(c.input, c.hidden, c.o ?? {}) : new nn.RNNCell(c.input, c.hidden, c.o ?? {});
      return { module, call: ([x, h]) => [module.forward(x!, h ?? null)] };
    }
    case 'lstmCell': {
      const module = new nn.LSTMCell(c.input, c.hidden, c.o ?? {});
      return { module, call: ([x, h, c0]) => module.forward(x!, h ? [h, c0!] : null) };
    }
    default: throw new Error(name);
  }
}

const { cases } = loadFixture<{ cases: SequenceCase[] }>('nn/sequence.json');
cases.forEach((c, i) => {
  test(`${c.name} #${i} ${JSON.stringify(c.config)}: state dict keys, outputs and gradients match PyTorch`, () => {
    const { module, call } = build(c);
    assert.deepEqual(Object.keys(module.stateDict()), Object.keys(c.initial));
    module.loadStateDict(Object.fromEntries(Object.entries(c.initial).map(([k, v]) => [k, fromEnc(v)])));
    const inputs = c.inputs.map((e) => fromEnc(e).requiresGrad_());
    const outputs = call(inputs);
    const tol = { rtol: 1e-4, atol: 1e-5 };
    outputs.forEach((o, k) => assertClose(o, fromEnc(c.outputs[k]!), tol, `output ${k}`));
    outputs.map((o, k) => o.mul(fromEnc(c.gradOutputs[k]!)).sum()).reduce((a, b) => a.add(b)).backward();
    inputs.forEach((x, k) => assertClose(x.grad!, fromEnc(c.gradInputs[k]!), tol, `input ${k} gradient`));
    for (const [name, p] of module.namedParameters()) assertClose(p.grad!, fromEnc(c.paramGrads[name]!), tol, name);
  });
});

/** Random float64 weights of a recurrent layer with `gates` gates for `layers` × `dirs`, requiring grad. */
function recurrentWeights(input: number, hidden: number, layers: number, dirs: number, gen: s.Generator, gates = 4): s.F.RecurrentWeights[] {
  const r = (shape: number[]): s.Tensor => s.randn(shape, { dtype: 'float64', generator: gen }).mul(0.5).requiresGrad_();
  const g = gates * hidden;
  return Array.from({ length: layers * dirs }, (_, k) => ({
    weightIh: r([g, k < dirs ? input : dirs * hidden]), weightHh: r([g, hidden]), biasIh: r([g]), biasHh: r([g]),
  }));
}

const lstmWeights = (input: number, hidden: number, layers: number, dirs: number, gen: s.Generator): s.F.RecurrentWeights[] => recurrentWeights(input, hidden, layers, dirs, gen);

test('lstm: gradients of the input, states and every weight pass gradcheck in float64 (2 layers, bidirectional)', () => {
  const gen = new s.Generator(3);
  const weights = lstmWeights(3, 2, 2, 2, gen);
  const x = s.randn([4, 2, 3], { dtype: 'float64', generator: gen }).requiresGrad_();
  const h0 = s.randn([4, 2, 2], { dtype: 'float64', generator: gen }).requiresGrad_();
  const c0 = s.randn([4, 2, 2], { dtype: 'float64', generator: gen }).requiresGrad_();
  const params = weights.flatMap((w) => [w.weightIh, w.weightHh, w.biasIh!, w.biasHh!]);
  const unpack = (ps: s.Tensor[]): s.F.LstmWeights[] => weights.map((_, k) => ({ weightIh: ps[4 * k]!, weightHh: ps[4 * k + 1]!, biasIh: ps[4 * k + 2]!, biasHh: ps[4 * k + 3]! }));
  const fn = (xi: s.Tensor, h: s.Tensor, c: s.Tensor, ...ps: s.Tensor[]): s.Tensor => {
    const r = F.lstm(xi, [h, c], unpack(ps), { bidirectional: true });
    return s.cat([r.output.reshape([-1]), r.h.reshape([-1]), r.c.reshape([-1]).mul(2)]);
  };
  assert.equal(s.gradcheck(fn, [x, h0, c0, ...params]), true);
});

test('lstm: second derivatives (the backward in ops) pass gradgradcheck', () => {
  const gen = new s.Generator(4);
  const [w] = lstmWeights(2, 2, 1, 1, gen);
  const x = s.randn([3, 2, 2], { dtype: 'float64', generator: gen }).requiresGrad_();
  const h0 = s.randn([1, 2, 2], { dtype: 'float64', generator: gen }).requiresGrad_();
  const c0 = s.randn([1, 2, 2], { dtype: 'float64', generator: gen }).requiresGrad_();
  const fn = (xi: s.Tensor, h: s.Tensor, c: s.Tensor, wIh: s.Tensor, wHh: s.Tensor): s.Tensor => {
    const r = F.lstm(xi, [h, c], [{ weightIh: wIh, weightHh: wHh, biasIh: w!.biasIh, biasHh: null }]);
    return s.cat([r.output.reshape([-1]), r.c.reshape([-1])]);
  };
  assert.equal(s.gradgradcheck(fn, [x, h0, c0, w!.weightIh, w!.weightHh]), true);
});

for (const [name, gates] of [['gru', 3], ['rnn', 1]] as const) {
  const run = (x: s.Tensor, h: s.Tensor, ws: s.F.RecurrentWeights[], options: s.F.RnnOptions): s.F.GruResult =>
    (name === 'gru' ? F.gru(x, h, ws, options) : F.rnn(x, h, ws, options));

  test(`${name}: gradients of the input, state and every weight pass gradcheck in float64 (2 layers, bidirectional)`, () => {
    const gen = new s.Generator(5);
    const weights = recurrentWeights(3, 2, 2, 2, gen, gates);
    const x = s.randn([4, 2, 3], { dtype: 'float64', generator: gen }).requiresGrad_();
    const h0 = s.randn([4, 2, 2], { dtype: 'float64', generator: gen }).requiresGrad_();
    const params = weights.flatMap((w) => [w.weightIh, w.weightHh, w.biasIh!, w.biasHh!]);
    const unpack = (ps: s.Tensor[]): s.F.RecurrentWeights[] => weights.map((_, k) => ({ weightIh: ps[4 * k]!, weightHh: ps[4 * k + 1]!, biasIh: ps[4 * k + 2]!, biasHh: ps[4 * k + 3]! }));
    const fn = (xi: s.Tensor, h: s.Tensor, ...ps: s.Tensor[]): s.Tensor => {
      const r = run(xi, h, unpack(ps), { bidirectional: true });
      return s.cat([r.output.reshape([-1]), r.h.reshape([-1]).mul(2)]);
    };
    assert.equal(s.gradcheck(fn, [x, h0, ...params]), true);
  });

  test(`${name}: second derivatives (the backward in ops) pass gradgradcheck, relu included`, () => {
    const gen = new s.Generator(6);
    const [w] = recurrentWeights(2, 2, 1, 1, gen, gates);
    const x = s.randn([3, 2, 2], { dtype: 'float64', generator: gen }).requiresGrad_();
    const h0 = s.randn([1, 2, 2], { dtype: 'float64', generator: gen }).requiresGrad_();
    for (const nonlinearity of name === 'rnn' ? ['tanh', 'relu'] as const : ['tanh'] as const) {
      const fn = (xi: s.Tensor, h: s.Tensor, wIh: s.Tensor, wHh: s.Tensor, bHh: s.Tensor): s.Tensor =>
        run(xi, h, [{ weightIh: wIh, weightHh: wHh, biasIh: w!.biasIh, biasHh: bHh }], name === 'rnn' ? { nonlinearity } : {}).output.reshape([-1]);
      assert.equal(s.gradgradcheck(fn, [x, h0, w!.weightIh, w!.weightHh, w!.biasHh!]), true, nonlinearity);
    }
  });
}

test('GRU and RNN learn to recall the first element of a sequence', () => {
  for (const make of [() => new nn.GRU(1, 16, { batchFirst: true }), () => new nn.RNN(1, 16, { batchFirst: true })]) {
    s.manualSeed(0);
    const layer = make();
    const head = new nn.Linear(16, 1);
    const opt = new s.optim.Adam([...layer.parameters(), ...head.parameters()], { lr: 1e-2 });
    const loss = (): s.Tensor => {
      const x = s.randn([32, 4, 1]);
      const [out] = layer.forward(x);
      return F.mseLoss(head.forward(out.select(1, 3)), x.select(1, 0));
    };
    const initial = s.noGrad(() => loss().item() as number);
    for (let i = 0; i < 200; i++) {
      opt.zeroGrad();
      loss().backward();
      opt.step();
    }
    const final = s.noGrad(() => loss().item() as number);
    assert.ok(final < 0.1 * initial, `${layer.constructor.name}: loss ${initial} → ${final}`);
  }
});

test('GRU, RNN and the cells reject bad arguments with named errors', () => {
  assert.throws(() => new nn.GRU(3, 0), /GRU: hiddenSize must be a positive integer/);
  assert.throws(() => new nn.RNN(3, 4, { nonlinearity: 'sigmoid' as 'relu' }), /RNN: nonlinearity must be 'tanh' or 'relu'/);
  assert.throws(() => new nn.GRU(3, 4, { nonlinearity: 'relu' } as object), /unknown option 'nonlinearity'/);
  const gru = new nn.GRU(3, 4);
  assert.throws(() => gru.forward(s.zeros([5, 2, 2])), /gru: input \[5, 2, 2\] has 2 features but layer 0 expects 3/);
  assert.throws(() => gru.forward(s.zeros([5, 2, 3]), s.zeros([1, 3, 4])), /gru: h0 must be \[1, 2, 4\]/);
  assert.throws(() => new nn.RNN(3, 4).forward(s.zeros([5, 2, 3, 1])), s.ShapeError);
  assert.throws(() => new nn.GRUCell(3, 4).forward(s.zeros([2, 5])), /GRUCell: input \[2, 5\] must have 3 features/);
  assert.throws(() => new nn.LSTMCell(3, 4).forward(s.zeros([2, 3]), [s.zeros([2, 4]), s.zeros([3, 4])]), /LSTMCell: states must be \[2, 4\]/);
  assert.throws(() => new nn.RNNCell(3, 4, { nonlinearity: 'gelu' as 'relu' }), s.ValueError);
  assert.throws(() => F.rnn(s.zeros([2, 1, 3]), null, [], { nonlinearity: 'relu' }), /rnn: expected layers × 1 weight sets, got 0/);
});

test('LSTM learns to recall the first element of a sequence', () => {
  s.manualSeed(0);
  const lstm = new nn.LSTM(1, 16, { batchFirst: true });
  const head = new nn.Linear(16, 1);
  const opt = new s.optim.Adam([...lstm.parameters(), ...head.parameters()], { lr: 1e-2 });
  const loss = (): s.Tensor => {
    const x = s.randn([32, 6, 1]);
    const [out] = lstm.forward(x);
    return F.mseLoss(head.forward(out.select(1, 5)), x.select(1, 0));
  };
  const initial = s.noGrad(() => loss().item() as number);
  for (let i = 0; i < 150; i++) {
    opt.zeroGrad();
    loss().backward();
    opt.step();
  }
  const final = s.noGrad(() => loss().item() as number);
  assert.ok(final < 0.1 * initial, `loss ${initial} → ${final}`);
});

test('LSTM rejects bad arguments with named errors', () => {
  assert.throws(() => new nn.LSTM(0, 4), s.ValueError);
  assert.throws(() => new nn.LSTM(3, 4, { dropout: 2 }), s.ValueError);
  const lstm = new nn.LSTM(3, 4);
  assert.throws(() => lstm.forward(s.zeros([5, 2, 2])), /has 2 features but layer 0 expects 3/);
  assert.throws(() => lstm.forward(s.zeros([5, 2, 3]), [s.zeros([1, 3, 4]), s.zeros([1, 2, 4])]), /h0 must be \[1, 2, 4\]/);
  assert.throws(() => lstm.forward(s.zeros([5, 2, 3], { dtype: 'int32' })), s.DTypeError);
  assert.throws(() => lstm.forward(s.zeros([0, 2, 3])), s.ShapeError);
});

test('multiHeadAttention: gradients of query, key, value and every weight pass gradcheck in float64, with both masks', () => {
  const gen = new s.Generator(8);
  const r = (shape: number[]): s.Tensor => s.randn(shape, { dtype: 'float64', generator: gen }).mul(0.5).requiresGrad_();
  const [e, heads] = [4, 2];
  const keyPaddingMask = s.tensor([[0, 0, 0, 1], [0, 0, 0, 0]]).gt(0);
  const attnMask = s.tensor([[0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]]).gt(0);
  const fn = (q: s.Tensor, k: s.Tensor, v: s.Tensor, inW: s.Tensor, inB: s.Tensor, outW: s.Tensor, outB: s.Tensor): s.Tensor => {
    const { output, weights } = F.multiHeadAttention(q, k, v, heads, { inProjWeight: inW, inProjBias: inB, outProjWeight: outW, outProjBias: outB },
      { keyPaddingMask, attnMask, batchFirst: true });
    return s.cat([output.reshape([-1]), weights!.reshape([-1])]);
  };
  assert.equal(s.gradcheck(fn, [r([2, 3, e]), r([2, 4, e]), r([2, 4, e]), r([3 * e, e]), r([3 * e]), r([e, e]), r([e])]), true);
});

test('SPEC §12.6: attention to one key returns its value; causal and padding masks hide what they should', () => {
  const v = s.tensor([[[1, 2, 3]]]);
  assertClose(F.scaledDotProductAttention(s.randn([1, 4, 3]), s.randn([1, 1, 3]), v), s.tensor([[[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]]]));
  s.manualSeed(2);
  const layer = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, dropout: 0, batchFirst: true });
  const x = s.randn([1, 5, 8]);
  const changedTail = s.cat([x.narrow(1, 0, 3), s.randn([1, 2, 8])], 1);
  const [a, b] = [layer.forward(x, { isCausal: true }), layer.forward(changedTail, { isCausal: true })];
  assertClose(b.narrow(1, 0, 3), a.narrow(1, 0, 3), { atol: 1e-6 }, 'causal: positions before the change');
  const pad = s.tensor([[0, 0, 0, 1, 1]]).gt(0);
  const [p, q] = [layer.forward(x, { srcKeyPaddingMask: pad }), layer.forward(changedTail, { srcKeyPaddingMask: pad })];
  assertClose(q.narrow(1, 0, 3), p.narrow(1, 0, 3), { atol: 1e-6 }, 'padding: real positions');
  // PyTorch's positional mask, forward(src, src_mask), is the same call as { srcMask }.
  const causal = s.ones([5, 5]).triu(1).gt(0);
  assertClose(layer.forward(x, causal), a, { atol: 1e-6 }, 'positional srcMask');
  assertClose(layer.forward(x, causal, { srcKeyPaddingMask: pad }), layer.forward(x, { srcMask: causal, srcKeyPaddingMask: pad }), { atol: 0 });
  assert.throws(() => (layer.forward as (...a: unknown[]) => unknown)(x, { isCausal: true }, causal), { name: 'ValueError', message: /takes at most 2 positional arguments/ });
});

test('attention layers reject bad arguments with named errors', () => {
  assert.throws(() => new nn.MultiheadAttention(6, 4), s.ValueError);
  const mha = new nn.MultiheadAttention(4, 2, { batchFirst: true });
  assert.throws(() => mha.forward(s.zeros([2, 3, 5]), s.zeros([2, 3, 5]), s.zeros([2, 3, 5])), /query must be \[N, L, E\] with E = 4/);
  assert.throws(() => mha.forward(s.zeros([2, 3, 4]), s.zeros([2, 3, 4]), s.zeros([2, 2, 4])), s.ShapeError);
  assert.throws(() => mha.forward(s.zeros([2, 3, 4]), s.zeros([2, 3, 4]), s.zeros([2, 3, 4]), { keyPaddingMask: s.zeros([2, 4]).gt(0) }), /keyPaddingMask must be \[2, 3\]/);
  assert.throws(() => new nn.TransformerEncoderLayer(8, 2, { activation: 'tanh' as 'relu' }), s.ValueError);
});
