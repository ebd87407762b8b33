import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { audio, models } = s;

test('phase shift equals reflect-pad-and-crop by hand for k in −2…2, and passes its gradient through', () => {
  const x = s.arange(1, 7, 1).reshape([1, 1, 6]);
  const expected: Record<number, number[]> = { [-2]: [3, 4, 5, 6, 5, 4], [-1]: [2, 3, 4, 5, 6, 5], 0: [1, 2, 3, 4, 5, 6], 1: [2, 1, 2, 3, 4, 5], 2: [3, 2, 1, 2, 3, 4] };
  for (const [k, values] of Object.entries(expected)) assert.deepEqual([...audio.phaseShift(x, Number(k)).dataSync()], values, `k = ${k}`);
  const y = s.randn([2, 3, 9], { dtype: 'float64', generator: new s.Generator(1) }).requiresGrad_();
  assert.ok(s.gradcheck((t) => audio.phaseShift(t, -2), [y]));
  assert.throws(() => audio.phaseShift(x, 6), { name: 'ValueError' });
  assert.throws(() => audio.phaseShift(x.reshape([6]), 1), { name: 'ShapeError' });
});

test('PhaseShuffle draws shifts within ±n in training and is the identity in eval mode', () => {
  const shuffle = new audio.PhaseShuffle(2, new s.Generator(3));
  const x = s.randn([2, 4, 32], { generator: new s.Generator(2) });
  const seen = new Set<number>();
  for (let i = 0; i < 60; i++) {
    const y = shuffle.forward(x);
    const k = [-2, -1, 0, 1, 2].find((shift) => audio.phaseShift(x, shift).sub(y).abs().amax().item() === 0);
    assert.notEqual(k, undefined, 'every output is one of the five shifts');
    seen.add(k!);
  }
  assert.deepEqual([...seen].sort((a, b) => a - b), [-2, -1, 0, 1, 2]);
  shuffle.eval();
  assert.equal(shuffle.forward(x), x);
});

test('WaveGAN: G maps z to [N, 1, 16384] in (−1, 1); the critic maps clips to [N, 1]; layer widths as the paper', () => {
  const G = new models.WaveganGenerator({ modelSize: 4 });
  const z = s.rand([3, 100], { generator: new s.Generator(4) }).mul(2).sub(1);
  const clips = G.forward(z);
  assert.deepEqual(clips.shape, [3, 1, models.WAVEGAN_SAMPLES]);
  assert.ok(clips.abs().amax().item() < 1);
  const D = new models.WaveganDiscriminator({ modelSize: 4 });
  assert.deepEqual(D.forward(clips).shape, [3, 1]);
  const shapes = Object.fromEntries(Object.entries(G.stateDict()).map(([k, v]) => [k, v.shape]));
  assert.deepEqual(shapes['fc.weight'], [256 * 4, 100]);
  assert.deepEqual(shapes['main.1.weight'], [64, 32, 25]);
  assert.deepEqual(shapes['main.9.weight'], [4, 1, 25]);
  const critic = Object.fromEntries(Object.entries(D.stateDict()).map(([k, v]) => [k, v.shape]));
  assert.deepEqual(critic['main.0.weight'], [4, 1, 25]);
  assert.deepEqual(critic['main.15.weight'], [1, 256 * 4]);
  assert.equal(Object.keys(critic).filter((k) => k.includes('running')).length, 0, 'no BatchNorm in the WGAN-GP critic');
});

test('inception score: 10 for confident, evenly spread predictions, 1 for identical or uniform ones', () => {
  const confident = s.eye(10).repeat([3, 1]);
  const a = audio.inceptionScore(confident);
  assert.ok(Math.abs(a.score - 10) < 1e-9 && Math.abs(a.classEntropy - Math.log(10)) < 1e-12 && Math.abs(a.conditionalEntropy) < 1e-12);
  assert.ok(Math.abs(audio.inceptionScore(s.full([7, 10], 0.1)).score - 1) < 1e-12, 'unsure of everything');
  const oneClass = audio.inceptionScore(s.eye(10).narrow(0, 3, 1).repeat([5, 1]));
  assert.ok(Math.abs(oneClass.score - 1) < 1e-12 && Math.abs(oneClass.classEntropy) < 1e-12, 'every sample the same digit');
  const half = audio.inceptionScore(s.tensor([[0.5, 0.5, 0], [0, 0.5, 0.5]]));
  const expected = Math.exp(-(0.25 * Math.log(0.25) * 2 + 0.5 * Math.log(0.5)) - Math.log(2));
  assert.ok(Math.abs(half.score - expected) < 1e-12);
  assert.throws(() => audio.inceptionScore(s.zeros([10])), { name: 'ShapeError' });
});
