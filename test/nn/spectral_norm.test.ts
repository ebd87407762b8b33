import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { ganCases, stateOf } from '../gan/fixtures.js';
import { assertClose, decode } from '../helpers.js';

const { nn, linalg } = s;
const top = (w: s.Tensor): number => Number(linalg.svdvals(w).dataSync()[0]);

for (const [key, make] of [
  ['spectralNormLinear', () => new nn.Linear(5, 4)],
  ['spectralNormConvTranspose2d', () => new nn.ConvTranspose2d(3, 2, 3, { stride: 2 })],
] as const) {
  test(`${key}: state-dict keys, u, v, output and gradient after three training forwards match PyTorch`, () => {
    const c = ganCases[key];
    const layer = nn.spectralNorm(make());
    assert.deepEqual(Object.keys(layer.stateDict()), c.keys);
    layer.loadStateDict(stateOf(c.start));
    let y = layer.forward(decode(c.input)) as s.Tensor;
    for (let i = 0; i < 2; i++) y = layer.forward(decode(c.input)) as s.Tensor;
    assertClose(y, c.output, { rtol: 1e-4, atol: 1e-5 });
    const after = layer.stateDict();
    for (const k of ['weight_u', 'weight_v']) assertClose(after[k]!, c.after[k], { rtol: 1e-4, atol: 1e-5 }, k);
    const [gw, gb] = s.grad([y], [layer.weightOrig, layer.bias!], { gradOutputs: [decode(c.gradOutput)] });
    assertClose(gw!, c.grads.weight_orig, { rtol: 1e-4, atol: 1e-5 }, 'weight_orig grad');
    assertClose(gb!, c.grads.bias, { rtol: 1e-4, atol: 1e-5 }, 'bias grad');
  });
}

test('σ converges to the top singular value of a 64×32 weight, and the normalised weight has norm 1', () => {
  const layer = nn.spectralNorm(new nn.Linear(32, 64));
  const x = s.zeros([1, 32]);
  for (let i = 0; i < 200; i++) layer.forward(x);
  const w = layer.weightOrig.detach();
  const u = layer.weightU;
  const v = layer.weightV;
  const sigma = Number(u.dot(w.matmul(v)).item());
  assert.ok(Math.abs(sigma - top(w)) < 1e-3 * top(w), `σ ${sigma} vs ${top(w)}`);
  assert.ok(Math.abs(top(layer.weight.detach()) - 1) < 1e-3);
});

test('eval mode leaves u and v alone; training mode updates them', () => {
  const layer = nn.spectralNorm(new nn.Conv2d(3, 4, 3));
  const x = s.randn([1, 3, 5, 5]);
  const u0 = (layer.weightU).clone();
  layer.eval();
  layer.forward(x);
  assertClose(layer.weightU, u0, { atol: 0, rtol: 0 });
  layer.train();
  layer.forward(x);
  assert.ok(Number((layer.weightU).sub(u0).abs().amax().item()) > 0);
});

test('W ↦ W/σ(W) with u and v frozen passes gradcheck (eval mode, float64)', () => {
  const layer = nn.spectralNorm(new nn.Linear(4, 3));
  layer.eval();
  layer.weightU = layer.weightU.to('float64');
  layer.weightV = layer.weightV.to('float64');
  layer.bias = new nn.Parameter(layer.bias!.detach().to('float64'));
  const x = s.randn([2, 4], { dtype: 'float64' });
  assert.equal(s.gradcheck((p) => {
    layer.weightOrig = p as s.nn.Parameter;
    return layer.forward(x) as s.Tensor;
  }, [new nn.Parameter(layer.weightOrig.detach().to('float64'))]), true);
});

test('the parameter keeps its identity, a state dict round-trips, and removeSpectralNorm restores a plain weight', () => {
  const plain = new nn.Conv2d(2, 3, 3);
  const weight = plain.weight;
  const layer = nn.spectralNorm(plain);
  assert.equal(layer.weightOrig, weight);
  assert.deepEqual([...layer.namedParameters()].map(([k]) => k), ['bias', 'weight_orig']);
  layer.forward(s.randn([1, 2, 4, 4]));
  const copy = nn.spectralNorm(new nn.Conv2d(2, 3, 3));
  copy.loadStateDict(layer.stateDict());
  copy.eval();
  layer.eval();
  const x = s.randn([1, 2, 4, 4]);
  assertClose(copy.forward(x), layer.forward(x), { atol: 1e-6 });
  const expected = layer.weight.detach().clone();
  nn.removeSpectralNorm(layer);
  assert.deepEqual(Object.keys(layer.stateDict()), ['bias', 'weight']);
  assert.ok(layer.weight instanceof nn.Parameter);
  assertClose(layer.weight, expected, { atol: 1e-6 });
  assert.throws(() => nn.removeSpectralNorm(layer), { name: 'ValueError', message: /not spectrally normalised/ });
});

test('spectralNorm names its bad arguments', () => {
  assert.throws(() => nn.spectralNorm(new nn.Linear(2, 2), { name: 'gain' }), { name: 'ValueError', message: /no parameter 'gain'/ });
  assert.throws(() => nn.spectralNorm(nn.spectralNorm(new nn.Linear(2, 2))), { name: 'ValueError', message: /already/ });
  assert.throws(() => nn.spectralNorm(new nn.Linear(2, 2), { nPowerIterations: 0 }), { name: 'ValueError' });
  assert.throws(() => nn.spectralNorm(new nn.Linear(2, 2), { dim: 2 }), { name: 'ValueError' });
  assert.throws(() => nn.spectralNorm(new nn.Linear(2, 2), { n_power_iterations: 1 } as never), { name: 'ValueError' });
});
