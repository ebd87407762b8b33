import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { models } = s;

test('PatchDiscriminator gives a logit per patch: 30×30 for the 70×70 PatchGAN on 256², 14×14 with one layer on 32²', () => {
  s.manualSeed(0);
  assert.deepEqual(new models.PatchDiscriminator({ ndf: 4 }).forward(s.rand([1, 3, 256, 256])).shape, [1, 1, 30, 30]);
  assert.deepEqual(new models.PatchDiscriminator({ inChannels: 6, ndf: 8, nLayers: 1, norm: 'instance' }).forward(s.rand([2, 6, 32, 32])).shape, [2, 1, 14, 14]);
  assert.deepEqual([1, 2, 3].map(models.patchReceptiveField), [16, 34, 70]);
});

test('each PatchGAN logit sees exactly a patchReceptiveField-sized square of the input', () => {
  s.manualSeed(1);
  for (const nLayers of [1, 2]) {
    // BatchNorm in eval mode is a per-channel affine map, so nothing but the convolutions mixes pixels.
    const D = new models.PatchDiscriminator({ ndf: 4, nLayers }).eval();
    const x = s.rand([1, 3, 80, 80]).requiresGrad_();
    const y = D.forward(x);
    const [h, w] = [y.shape[2]!, y.shape[3]!];
    y.select(2, Math.floor(h / 2)).select(2, Math.floor(w / 2)).sum().backward();
    const g = x.grad!.abs().sum([0, 1]);
    const rows = [...g.sum(1).dataSync()].filter((v) => v > 0).length;
    const cols = [...g.sum(0).dataSync()].filter((v) => v > 0).length;
    assert.deepEqual([rows, cols], [models.patchReceptiveField(nLayers), models.patchReceptiveField(nLayers)], `nLayers ${nLayers}`);
  }
});

test('UnetGenerator keeps the image size, odd sizes included, and each level hands the one above its input and output concatenated', () => {
  s.manualSeed(2);
  const G = new models.UnetGenerator({ ngf: 4 });
  for (const [h, w] of [[32, 32], [33, 37], [35, 35]]) {
    const y = G.forward(s.rand([2, 3, h, w]).mul(2).sub(1));
    assert.deepEqual(y.shape, [2, 3, h, w]);
    assert.ok(y.abs().amax().item() <= 1, 'tanh output');
  }
  assert.deepEqual(new models.UnetGenerator({ ngf: 2, numDowns: 6, inChannels: 1, outChannels: 2, norm: 'instance' }).forward(s.rand([1, 1, 64, 64])).shape, [1, 2, 64, 64]);
  // Every level's skip doubles the channels its parent's up path reads: ngf → 2·ngf inputs to the last ConvTranspose.
  assert.equal([...G.model.up.modules()].find((m) => m instanceof s.nn.ConvTranspose2d)!.weight.shape[0], 8);
  assert.throws(() => new models.UnetGenerator({ numDowns: 4 }), { name: 'ValueError', message: /numDowns must be an integer ≥ 5/ });
  assert.throws(() => new models.UnetGenerator({ norm: 'group' as never }), { name: 'ValueError', message: /norm must be 'batch' or 'instance'/ });
  assert.throws(() => G.forward(s.rand([3, 32, 32])), { name: 'ShapeError' });
});

test('ResnetGenerator maps images to images of the same size, and translationInit draws N(0, 0.02) weights with zero biases', () => {
  s.manualSeed(3);
  const G = models.translationInit(new models.ResnetGenerator({ ngf: 8, blocks: 2 }));
  const y = G.forward(s.rand([2, 3, 32, 32]));
  assert.deepEqual(y.shape, [2, 3, 32, 32]);
  const convs = [...G.modules()].filter((m): m is s.nn.Conv2d => m instanceof s.nn.Conv2d);
  const weights = s.cat(convs.map((c) => c.weight.reshape([-1])));
  assert.ok(Math.abs(weights.std().item() - 0.02) < 0.002, `std ${weights.std().item()}`);
  assert.ok(convs.every((c) => c.bias === null || c.bias.abs().amax().item() === 0));
  assert.throws(() => new models.ResnetGenerator({ blocks: -1 }), { name: 'ValueError', message: /blocks must be a non-negative integer/ });
});
