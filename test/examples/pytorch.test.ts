// The three pytorch/examples ports (examples/pytorch/) trained for a few steps beside PyTorch
// (tools/fixtures/examples.py): same sizes, same starting weights and data from `det`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import * as dcgan from '../../examples/pytorch/dcgan.js';
import * as mnist from '../../examples/pytorch/mnist.js';
import * as wlm from '../../examples/pytorch/word_language_model.js';

const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/examples/pytorch_examples.json', import.meta.url), 'utf8'));

/** n values in [-1, 1) from a hash of `name`, as `det` in tools/fixtures/examples.py. */
function det(name: string, n: number): Float64Array {
  let k = 0;
  for (let j = 0; j < name.length; j++) k += (j + 1) * name.charCodeAt(j);
  k %= 997;
  return Float64Array.from({ length: n }, (_, i) => {
    const v = Math.sin((i + 1) * 12.9898 + k * 78.233) * 43758.5453;
    return (v - Math.floor(v)) * 2 - 1;
  });
}

function detTensor(name: string, shape: number[]): s.Tensor {
  return s.tensor(det(name, shape.reduce((a, b) => a * b, 1)), { dtype: 'float32' }).reshape(shape);
}

/** The fixture's starting weights: 1/√fan-in scaled for matrices, 1 ± 0.1 for 1-d weights, ±0.1 for biases. */
function detInit(model: s.nn.Module): void {
  s.noGrad(() => {
    for (const [name, p] of model.namedParameters()) {
      const u = detTensor(name, [...p.shape]);
      p.copy_(p.ndim >= 2 ? u.div(Math.sqrt(p.numel / p.shape[0]!)) : name.endsWith('weight') ? u.mul(0.1).add(1) : u.mul(0.1));
    }
  });
}

function assertClose(actual: readonly number[], expected: readonly number[], tol: number, what: string): void {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]!) <= tol * Math.max(1, Math.abs(expected[i]!)), `${what}[${i}]: ${a} vs PyTorch ${expected[i]}`));
}

test('mnist/main.py port: Adadelta + StepLR losses and the test pass match PyTorch', () => {
  const model = new mnist.Net([0, 0]);
  detInit(model);
  const optimizer = new s.optim.Adadelta(model.parameters(), { lr: 1 });
  const scheduler = new s.optim.StepLR(optimizer, 1, 0.7);
  const batches = (epoch: number): mnist.Batch[] => [0, 1].map((b) => [
    detTensor(`mnist${epoch}.${b}`, [4, 1, 28, 28]),
    s.tensor([0, 1, 2, 3].map((i) => (epoch * 7 + b * 3 + i) % 10), { dtype: 'int32' }),
  ]);
  const losses: number[] = [];
  for (let epoch = 1; epoch <= 2; epoch++) {
    losses.push(...mnist.train(model, batches(epoch), optimizer));
    scheduler.step();
  }
  assertClose(losses, fixture.mnist.losses, 1e-5, 'loss');
  const { loss, correct } = mnist.test(model, batches(9));
  assertClose([loss], [fixture.mnist.testLoss], 1e-5, 'test loss');
  assert.equal(correct, fixture.mnist.correct);
});

test('word_language_model port: tied-weight LSTM with clipping and manual SGD matches PyTorch', () => {
  const model = new wlm.RNNModel('LSTM', 20, 8, 8, 2, 0, true);
  assert.equal(model.decoder.weight, model.encoder.weight, 'weights are tied');
  detInit(model);
  const tokens = Array.from(det('corpus', 34), (u) => Math.min(19, Math.floor(((u + 1) / 2) * 20)));
  const trainData = wlm.batchify(s.tensor(tokens, { dtype: 'int32' }), 3);
  const settings = { bptt: 5, lr: 20, clip: 0.25, batchSize: 3 };
  const losses = [...wlm.train(model, trainData, settings), ...wlm.train(model, trainData, settings)];
  assertClose(losses, fixture.wordLanguageModel.losses, 1e-5, 'loss');
});

test('word_language_model port with GRU, RNN_TANH and RNN_RELU (tied weights) matches PyTorch', () => {
  for (const type of ['GRU', 'RNN_TANH', 'RNN_RELU'] as const) {
    const model = new wlm.RNNModel(type, 20, 8, 8, 2, 0, true);
    detInit(model);
    const tokens = Array.from(det('corpus', 34), (u) => Math.min(19, Math.floor(((u + 1) / 2) * 20)));
    const trainData = wlm.batchify(s.tensor(tokens, { dtype: 'int32' }), 3);
    const settings = { bptt: 5, lr: 20, clip: 0.25, batchSize: 3 };
    const losses = [...wlm.train(model, trainData, settings), ...wlm.train(model, trainData, settings)];
    assertClose(losses, fixture.wordLanguageModel.lossesByType[type], 1e-4, `${type} loss`);
  }
});

test('word_language_model TransformerModel port (PositionalEncoding + nn.TransformerEncoder + square subsequent mask) trains as in PyTorch', () => {
  const model = new wlm.TransformerModel(20, 8, 2, 16, 2, 0);
  detInit(model);
  const mask = model.generateSquareSubsequentMask(3);
  assert.deepEqual([...mask.dataSync()], [0, -Infinity, -Infinity, 0, 0, -Infinity, 0, 0, 0]);
  const tokens = Array.from(det('corpus', 34), (u) => Math.min(19, Math.floor(((u + 1) / 2) * 20)));
  const trainData = wlm.batchify(s.tensor(tokens, { dtype: 'int32' }), 3);
  const settings = { bptt: 5, lr: 20, clip: 0.25, batchSize: 3 };
  const losses = [...wlm.train(model, trainData, settings), ...wlm.train(model, trainData, settings)];
  assertClose(losses, fixture.wordLanguageModel.transformerLosses, 1e-4, 'Transformer loss');
});

test('word_language_model PositionalEncoding (pe[:, 0::2] = sin, pe[:, 1::2] = cos) matches PyTorch', () => {
  const { input, output } = fixture.wordLanguageModel.positional;
  const encoding = new wlm.PositionalEncoding(6, 0, 9);
  const y = encoding.forward(s.tensor(input, { dtype: 'float32' }).reshape(7, 2, 6));
  assertClose([...y.dataSync()], output, 1e-6, 'encoded');
  assert.deepEqual(Object.keys(encoding.stateDict()), ['pe']);
});

test('dcgan/main.py port: three D/G iterations match PyTorch', () => {
  const sizes = { nz: 8, ngf: 4, ndf: 4, nc: 1 };
  const netG = new dcgan.Generator(sizes);
  const netD = new dcgan.Discriminator(sizes);
  detInit(netG);
  detInit(netD);
  const adam = (m: s.nn.Module): s.optim.Adam => new s.optim.Adam(m.parameters(), { lr: 0.0002, betas: [0.5, 0.999] });
  const [optimizerG, optimizerD] = [adam(netG), adam(netD)];
  fixture.dcgan.steps.forEach((expected: dcgan.DcganStep, i: number) => {
    const step = dcgan.trainStep(netG, netD, optimizerG, optimizerD, detTensor(`real${i}`, [2, 1, 64, 64]), detTensor(`noise${i}`, [2, 8, 1, 1]));
    for (const key of ['errD', 'errG', 'dX', 'dGz1', 'dGz2'] as const) assertClose([step[key]], [expected[key]], 1e-5, `step ${i} ${key}`);
  });
});

test('dcgan weightsInit draws conv weights N(0, 0.02) and BatchNorm scales N(1, 0.02)', () => {
  const netG = new dcgan.Generator({ nz: 16, ngf: 8, ndf: 8, nc: 1 });
  dcgan.weightsInit(netG);
  const conv = netG.main.at(0) as s.nn.ConvTranspose2d;
  const bn = netG.main.at(1) as s.nn.BatchNorm2d;
  assert.ok(Math.abs(conv.weight.std().item() - 0.02) < 0.002, `conv std ${conv.weight.std().item()}`);
  assert.ok(Math.abs(bn.weight!.mean().item() - 1) < 0.02);
  assert.equal(bn.bias!.abs().sum().item(), 0);
});
