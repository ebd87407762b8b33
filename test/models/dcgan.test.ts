import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { models, gan, nn } = s;

test('DCGAN generator and discriminator shapes, unconditional and conditional', () => {
  const G = models.dcganInit(new models.DcganGenerator({ channels: 8 }));
  const x = G.forward(s.randn([3, 100]));
  assert.deepEqual(x.shape, [3, 1, 28, 28]);
  assert.ok(Number(x.abs().amax().item()) <= 1);
  assert.deepEqual(new models.DcganDiscriminator({ channels: 8 }).forward(x).shape, [3]);
  const y = s.tensor([0, 5, 9], { dtype: 'int32' });
  const cG = new models.DcganGenerator({ channels: 8, numClasses: 10, latentDim: 16 });
  const cx = cG.forward(s.randn([3, 16]), y);
  for (const conditioning of ['concat', 'projection'] as const) {
    const D = new models.DcganDiscriminator({ channels: 8, numClasses: 10, conditioning });
    assert.deepEqual(D.forward(cx, y).shape, [3]);
    assert.throws(() => D.forward(cx), { name: 'ValueError', message: /expects class labels/ });
  }
  assert.throws(() => G.forward(s.randn([3, 100]), y), { name: 'ValueError', message: /unconditional/ });
  assert.throws(() => new models.DcganDiscriminator({ conditioning: 'film' as never }), { name: 'ValueError' });
});

test('the projection head adds ⟨E(y), φ(x)⟩: changing y changes the score by the embedding difference', () => {
  const D = new models.DcganDiscriminator({ channels: 4, numClasses: 3, conditioning: 'projection', batchNorm: false });
  const x = s.randn([1, 1, 28, 28]);
  const phi = (D.body.forward(x) as s.Tensor).sum([2, 3]);
  const [a, b] = [D.forward(x, s.tensor([0], { dtype: 'int32' })), D.forward(x, s.tensor([2], { dtype: 'int32' }))];
  const e = D.embed!.weight;
  const expected = e.select(0, 0).sub(e.select(0, 2)).mul(phi.select(0, 0)).sum();
  assert.ok(Math.abs(Number(a.sub(b).item()) - Number(expected.item())) < 1e-4);
});

test('a spectrally normalised critic has weight_orig/weight_u/weight_v keys and no BatchNorm', () => {
  const D = new models.DcganDiscriminator({ channels: 4, batchNorm: false, spectralNorm: true });
  const keys = Object.keys(D.stateDict());
  assert.ok(keys.includes('body.0.weight_orig') && keys.includes('body.0.weight_u') && keys.includes('head.weight_v'));
  assert.ok(![...D.modules()].some((m) => m instanceof nn.BatchNorm2d));
});

test('a 1-D GAN learns N(4, 1.25²): the generated mean and std approach the data (SPEC §9.1)', () => {
  s.manualSeed(0);
  const G = new nn.Sequential(new nn.Linear(1, 16), new nn.ReLU(), new nn.Linear(16, 16), new nn.ReLU(), new nn.Linear(16, 1));
  const D = new nn.Sequential(new nn.Linear(1, 32), new nn.LeakyReLU(0.2), new nn.Linear(32, 32), new nn.LeakyReLU(0.2), new nn.Linear(32, 1));
  const optG = new s.optim.Adam(G.parameters(), { lr: 1e-3, betas: [0.5, 0.999] });
  const optD = new s.optim.Adam(D.parameters(), { lr: 1e-3, betas: [0.5, 0.999] });
  for (let step = 0; step < 5000; step++) {
    const real = s.randn([256, 1]).mul(1.25).add(4);
    const fake = G.forward(s.randn([256, 1])) as s.Tensor;
    optD.zeroGrad();
    gan.discriminatorLoss('nonSaturating', D.forward(real) as s.Tensor, D.forward(fake.detach()) as s.Tensor).backward();
    optD.step();
    optG.zeroGrad();
    gan.generatorLoss('nonSaturating', D.forward(fake) as s.Tensor).backward();
    optG.step();
  }
  const samples = s.noGrad(() => G.forward(s.randn([10000, 1])) as s.Tensor);
  const mean = Number(samples.mean().item());
  const std = Number(samples.std().item());
  assert.ok(Math.abs(mean - 4) < 0.2, `mean ${mean}`);
  assert.ok(Math.abs(std - 1.25) < 0.25, `std ${std}`);
});
