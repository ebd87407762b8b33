import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose, loadFixture } from '../helpers.js';

const { nn } = s;

interface Enc { shape: number[]; data: number[] }
interface LayerCase {
  name: string;
  config: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  params: Record<string, Enc>;
  input: Enc;
  inputDtype: 'float32' | 'int32';
  output: Enc;
  gradOutput: Enc;
  gradInput: Enc | null;
  paramGrads: Record<string, Enc>;
}

const fromEnc = (e: Enc, dtype: s.DType = 'float32'): s.Tensor => s.tensor(e.data, { dtype }).reshape(e.shape);

function build(c: LayerCase): s.nn.Module {
  switch (c.name) {
    case 'linear': return new nn.Linear(c.config.in, c.config.out, { bias: c.config.bias });
    case 'embedding': return new nn.Embedding(c.config.num, c.config.dim, { paddingIdx: c.config.paddingIdx });
    case 'mlp': return new nn.Sequential(new nn.Linear(6, 8), new nn.Tanh(), new nn.Linear(8, 8), new nn.ReLU(), new nn.Linear(8, 2));
    default: throw new Error(c.name);
  }
}

const { layers } = loadFixture<{ layers: LayerCase[] }>('nn/layers.json');
layers.forEach((c, i) => {
  test(`${c.name} #${i}: state dict keys, forward, input and parameter gradients match PyTorch`, () => {
    const layer = build(c);
    assert.deepEqual(Object.keys(layer.stateDict()), Object.keys(c.params));
    layer.loadStateDict(Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, fromEnc(v)])));
    const x = fromEnc(c.input, c.inputDtype);
    if (c.inputDtype === 'float32') x.requiresGrad_();
    const y = layer.forward(x) as s.Tensor;
    assertClose(y, fromEnc(c.output), { rtol: 1e-5, atol: 1e-6 });
    y.backward(fromEnc(c.gradOutput));
    if (c.gradInput) assertClose(x.grad!, fromEnc(c.gradInput), { rtol: 1e-5, atol: 1e-6 });
    for (const [name, p] of layer.namedParameters()) assertClose(p.grad!, fromEnc(c.paramGrads[name]!), { rtol: 1e-5, atol: 1e-6 }, name);
  });
});

test('default initialisation follows PyTorch: Linear U(±1/√in), Embedding N(0,1) with a zero padding row', () => {
  s.manualSeed(0);
  const fc = new nn.Linear(400, 300);
  const bound = 1 / Math.sqrt(400);
  assert.ok((fc.weight.abs().amax().item() as number) <= bound);
  const variance = fc.weight.var().item() as number;
  assert.ok(Math.abs(variance - bound ** 2 / 3) < 3 * (bound ** 2 / 3) * Math.sqrt(2 / fc.weight.numel) * 2, `variance ${variance}`);
  const emb = new nn.Embedding(200, 100, { paddingIdx: 3 });
  assert.deepEqual(emb.weight.select(0, 3).abs().sum().item(), 0);
  assert.ok(Math.abs((emb.weight.std().item() as number) - 1) < 0.03);
});

test('Module: parameter discovery, names, train/eval, zeroGrad, apply and toString', () => {
  class Net extends nn.Module {
    encoder = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU());
    head = new nn.Linear(3, 2);
    drop = new nn.Dropout(0.1);
    forward(x: s.Tensor): s.Tensor {
      return this.head.forward(this.drop.forward(this.encoder.forward(x)));
    }
  }
  const net = new Net();
  assert.deepEqual([...net.namedParameters()].map(([k]) => k), ['encoder.0.weight', 'encoder.0.bias', 'head.weight', 'head.bias']);
  assert.equal([...net.modules()].length, 6);
  net.eval();
  assert.equal(net.drop.training, false);
  net.train();
  assert.equal(net.encoder.at(0).training, true);
  net.forward(s.randn([2, 4])).sum().backward();
  assert.ok(net.head.weight.grad);
  net.zeroGrad();
  assert.equal(net.head.weight.grad, null);
  let count = 0;
  net.apply(() => count++);
  assert.equal(count, 6);
  assert.equal(net.toString(), [
    'Net(',
    '  (encoder): Sequential(',
    '    (0): Linear(inFeatures=4, outFeatures=3, bias=true)',
    '    (1): ReLU()',
    '  )',
    '  (head): Linear(inFeatures=3, outFeatures=2, bias=true)',
    '  (drop): Dropout(p=0.1)',
    ')',
  ].join('\n'));
});

test('loadStateDict: strict key checks, shape checks, and non-strict reporting', () => {
  const fc = new nn.Linear(3, 2);
  assert.throws(() => fc.loadStateDict({ weight: s.zeros([2, 3]) }), { name: 'ValueError', message: /missing keys \[bias\]/ });
  assert.throws(() => fc.loadStateDict({ weight: s.zeros([3, 2]), bias: s.zeros([2]) }), { name: 'ShapeError', message: /'weight' has shape \[3, 2\] in the state dict but \[2, 3\]/ });
  const r = fc.loadStateDict({ weight: s.ones([2, 3]), extra: s.zeros([1]) }, { strict: false });
  assert.deepEqual(r, { missingKeys: ['bias'], unexpectedKeys: ['extra'] });
  assert.deepEqual(fc.weight.toArray(), [[1, 1, 1], [1, 1, 1]]);
});

test('buffers appear in the state dict under snake_case names, and ModuleList/ModuleDict register children', () => {
  class WithBuffer extends nn.Module {
    scale = new nn.Parameter(s.ones([1]));
    constructor() {
      super();
      this.registerBuffer('runningMean', s.zeros([3]));
    }
    forward(x: s.Tensor): s.Tensor {
      return x;
    }
  }
  const m = new WithBuffer();
  assert.deepEqual(Object.keys(m.stateDict()), ['scale', 'running_mean']);
  assert.deepEqual([...m.namedBuffers()].map(([k]) => k), ['running_mean']);
  const list = new nn.ModuleList([new nn.Linear(1, 1), new nn.Linear(1, 1)]);
  assert.deepEqual(Object.keys(list.stateDict()), ['0.weight', '0.bias', '1.weight', '1.bias']);
  const dict = new nn.ModuleDict({ enc: new nn.Linear(1, 2) });
  assert.deepEqual(Object.keys(dict.stateDict()), ['enc.weight', 'enc.bias']);
  assert.throws(() => list.at(2), { name: 'IndexError' });
});

test('init: gains, fans and orthogonality', () => {
  assert.equal(nn.init.calculateGain('relu'), Math.SQRT2);
  assert.equal(nn.init.calculateGain('tanh'), 5 / 3);
  assert.ok(Math.abs(nn.init.calculateGain('leakyRelu', 0.2) - Math.sqrt(2 / 1.04)) < 1e-15);
  assert.deepEqual(nn.init.computeFans(s.zeros([8, 4, 3, 3])), { fanIn: 36, fanOut: 72 });
  for (const shape of [[6, 4], [4, 6]]) {
    const w = nn.init.orthogonal_(s.zeros(shape, { dtype: 'float64' }));
    const gram = shape[0]! > shape[1]! ? w.mT.matmul(w) : w.matmul(w.mT);
    assertClose(gram, s.eye(Math.min(...shape), Math.min(...shape), { dtype: 'float64' }), { rtol: 0, atol: 1e-12 });
  }
  const x = nn.init.xavierUniform_(s.zeros([100, 50]));
  assert.ok((x.abs().amax().item() as number) <= Math.sqrt(6 / 150));
  assert.throws(() => nn.init.kaimingUniform_(s.zeros([3])), { name: 'ValueError', message: /fewer than 2 dims/ });
});

test('clipGradNorm_ and clipGradValue_ (SPEC: [6, 8] with max 5 gives [3, 4])', () => {
  const p = s.zeros([2], { requiresGrad: true });
  p.grad = s.tensor([6, 8]);
  const norm = nn.clipGradNorm_([p], 5);
  assert.equal(norm, 10);
  assertClose(p.grad, [3, 4], { rtol: 1e-6 });
  p.grad = s.tensor([-3, 0.5]);
  nn.clipGradValue_([p], 1);
  assert.deepEqual(p.grad.toArray(), [-1, 0.5]);
  const q = s.zeros([2, 2], { requiresGrad: true });
  const v = nn.parametersToVector([p, q]);
  assert.deepEqual(v.shape, [6]);
  nn.vectorToParameters(s.arange(6).float(), [p, q]);
  assert.deepEqual(q.toArray(), [[2, 3], [4, 5]]);
});

test('a state dict written by PyTorch (safetensors) loads into the same shinsou model and gives the same outputs', () => {
  const { tensors, metadata } = s.io.loadSafetensors(new URL('../../../test/fixtures/nn/mlp.safetensors', import.meta.url).pathname);
  assert.deepEqual(metadata, { format: 'pt' });
  const mlp = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 3));
  mlp.loadStateDict(tensors);
  const io = loadFixture<{ input: Enc; output: Enc }>('nn/mlp.json');
  assertClose(mlp.forward(fromEnc(io.input)), fromEnc(io.output), { rtol: 1e-5, atol: 1e-6 });
});

test('weight tying: a parameter assigned to two modules trains once and round-trips through the state dict', () => {
  class Tied extends nn.Module {
    embed = new nn.Embedding(5, 3);
    out = new nn.Linear(3, 5, { bias: false });
    constructor() {
      super();
      this.out.weight = this.embed.weight;
    }
    forward(ids: s.Tensor): s.Tensor { return this.out.forward(this.embed.forward(ids)); }
  }
  const m = new Tied();
  assert.equal([...m.parameters()].length, 1);
  const sd = m.stateDict();
  assert.deepEqual(Object.keys(sd), ['embed.weight', 'out.weight'], 'both names, as PyTorch lists them');
  const other = new Tied();
  other.loadStateDict(sd);
  assert.deepEqual(other.out.weight.toArray(), m.embed.weight.toArray());
  assert.equal(other.out.weight, other.embed.weight, 'still tied after loading');
  const ids = s.tensor([0, 3], { dtype: 'int32' });
  m.forward(ids).sum().backward();
  assert.ok(m.embed.weight.grad, 'one gradient, from both uses');
});

test('summary lists every layer called with its output shape and parameter count, then the totals', () => {
  const model = new nn.Sequential(new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.ReLU(), new nn.Flatten(), new nn.Linear(4 * 5 * 5, 3));
  const text = nn.summary(model, [2, 1, 5, 5]);
  const rows = text.split('\n');
  const row = (label: string): string => rows.find((r) => r.trimStart().startsWith(label))!;
  assert.match(row('Conv2d (0)'), /\[2, 4, 5, 5\]\s+40$/);
  assert.match(row('ReLU (1)'), /\[2, 4, 5, 5\]\s+0$/);
  assert.match(row('Linear (3)'), /\[2, 3\]\s+303$/);
  assert.match(row('Sequential'), /\[2, 3\]\s+0$/);
  assert.match(text, /Total params: 343\nTrainable params: 343\n/);
  assert.equal(model.forward, nn.Sequential.prototype.forward, 'the wrapped forwards are removed again');
  assert.equal(nn.summary(new nn.Embedding(10, 4), [3], { dtype: 'int32' }).includes('[3, 4]'), true);
});

test('Embedding.fromPretrained copies the vectors, freezes them by default and rejects non-matrices', () => {
  const vectors = s.tensor([[1, 2], [3, 4], [5, 6]]);
  const frozen = nn.Embedding.fromPretrained(vectors);
  assert.deepEqual([...frozen.forward(s.tensor([2, 0], { dtype: 'int32' })).dataSync()], [5, 6, 1, 2]);
  assert.equal(frozen.weight.requiresGrad, false);
  vectors.fill_(0);
  assert.equal(frozen.weight.dataSync()[0], 1, 'a copy, not a view');
  const tuned = nn.Embedding.fromPretrained(s.tensor([[1, 2], [3, 4]]), { freeze: false, paddingIdx: 0 });
  tuned.forward(s.tensor([0, 1, 1], { dtype: 'int32' })).sum().backward();
  assert.deepEqual([...tuned.weight.grad!.dataSync()], [0, 0, 2, 2]);
  assert.equal(tuned.weight.dataSync()[0], 1, 'the padding row keeps its given values');
  assert.throws(() => nn.Embedding.fromPretrained(s.tensor([1, 2])), s.ShapeError);
  assert.throws(() => nn.Embedding.fromPretrained(s.tensor([[1]], { dtype: 'int32' })), s.DTypeError);
  assert.throws(() => nn.Embedding.fromPretrained(s.tensor([[1]]), { frozen: true } as never), /frozen/);
});
