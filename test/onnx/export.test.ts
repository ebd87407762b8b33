import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose } from '../helpers.js';
import { checkExport, Fn, randn, runOrt } from './ort.js';

const { nn, onnx } = s;

test('an MLP exports with its parameters named by their state-dict keys and matches ONNX Runtime', async () => {
  s.manualSeed(0);
  const mlp = new nn.Sequential(new nn.Linear(6, 8), new nn.ReLU(), new nn.Linear(8, 8), new nn.Tanh(), new nn.Linear(8, 3), new nn.Softmax(-1));
  const bytes = await checkExport(mlp, randn(5, 6));
  const model = onnx.decodeModel(bytes) as { graph: { initializer: { name: string }[] }; opsetImport: { version: number }[] };
  assert.deepEqual(model.graph.initializer.map((t) => t.name).filter((n) => !n.includes('_')).sort(), Object.keys(mlp.stateDict()).sort());
  assert.equal(model.opsetImport[0]!.version, 17);
});

test('a CNN (conv, batch norm in eval, max and average pooling, dropout, flatten, log-softmax) matches ONNX Runtime', async () => {
  s.manualSeed(1);
  const cnn = new nn.Sequential(
    new nn.Conv2d(3, 8, 3, { padding: 1 }), new nn.BatchNorm2d(8), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(8, 8, 3, { stride: 2, dilation: 1 }), new nn.LeakyReLU(0.1), new nn.AvgPool2d(2, { ceilMode: true }),
    new nn.Dropout(0.5), new nn.Flatten(), new nn.Linear(8 * 2 * 2, 5), new nn.LogSoftmax(-1));
  // Running statistics that are not the initial 0/1, so eval mode's normalisation shows.
  cnn.train();
  s.noGrad(() => cnn.forward(s.randn([6, 3, 17, 17])));
  await checkExport(cnn, randn(2, 3, 17, 17));
});

test('convolutions of every kind match ONNX Runtime: 1-D same padding, reflect padding, grouped, depthwise, 3-D, transposed', async () => {
  s.manualSeed(2);
  await checkExport(new nn.Conv1d(4, 6, 4, { padding: 'same', dilation: 2 }), randn(2, 4, 15));
  await checkExport(new nn.Conv2d(3, 4, 3, { padding: 2, paddingMode: 'reflect' }), randn(1, 3, 9, 8));
  await checkExport(new nn.Conv2d(4, 6, 3, { groups: 2, padding: 1 }), randn(2, 4, 7, 7));
  await checkExport(new nn.Conv2d(4, 4, 3, { groups: 4, stride: 2 }), randn(2, 4, 9, 9));
  await checkExport(new nn.Conv3d(2, 3, 3, { padding: 1, stride: [1, 2, 2] }), randn(1, 2, 5, 8, 8));
  await checkExport(new nn.ConvTranspose2d(4, 3, 4, { stride: 2, padding: 1 }), randn(2, 4, 5, 6));
  await checkExport(new nn.ConvTranspose1d(3, 2, 3, { stride: 2, outputPadding: 1 }), randn(2, 3, 7));
  await checkExport(new nn.ConvTranspose3d(2, 2, 3, { stride: 2, padding: 1, groups: 2 }), randn(1, 2, 3, 4, 4));
});

test('normalization layers match ONNX Runtime: layer, group, instance (input statistics in eval, as PyTorch), batch 1-D', async () => {
  s.manualSeed(3);
  await checkExport(new nn.LayerNorm([6]), randn(2, 5, 6));
  await checkExport(new nn.GroupNorm(2, 6), randn(3, 6, 4, 4));
  await checkExport(new nn.InstanceNorm2d(3, { affine: true }), randn(2, 3, 5, 5));
  const bn = new nn.BatchNorm1d(4);
  s.noGrad(() => bn.forward(s.randn([8, 4])));
  await checkExport(bn, randn(3, 4));
});

test('activations match ONNX Runtime', async () => {
  s.manualSeed(4);
  for (const layer of [new nn.GELU(), new nn.GELU('tanh'), new nn.SiLU(), new nn.ELU(), new nn.SELU(), new nn.Softplus(),
    new nn.Softsign(), new nn.Mish(), new nn.Hardtanh(), new nn.ReLU6(), new nn.Sigmoid(), new nn.GLU(1), new nn.Softmax(1), new nn.FReLU(4)]) {
    await checkExport(layer, randn(2, 4, 3, 3));
  }
});

test('embedding, LSTM (2 layers, bidirectional, batch first), GRU and RNN match ONNX Runtime, final states included', async () => {
  s.manualSeed(5);
  const tokens = (): s.Tensor[] => [s.randint(0, 11, [3, 7])];
  const embed = new nn.Embedding(11, 5);
  await checkExport(embed, tokens);
  const lstm = new nn.LSTM(5, 4, { numLayers: 2, bidirectional: true, batchFirst: true });
  await checkExport(new Fn((x) => { const r = lstm.forward(x) as unknown as [s.Tensor, [s.Tensor, s.Tensor]]; return s.cat([r[0].reshape([-1]), r[1][0].reshape([-1]), r[1][1].reshape([-1])]); }, lstm), randn(3, 6, 5));
  const gru = new nn.GRU(5, 4, { numLayers: 2 });
  await checkExport(new Fn((x) => (gru.forward(x) as unknown as [s.Tensor])[0], gru), randn(6, 2, 5));
  const rnn = new nn.RNN(5, 3, { nonlinearity: 'relu' });
  await checkExport(new Fn((x) => (rnn.forward(x) as unknown as [s.Tensor])[0], rnn), randn(4, 2, 5));
});

test('attention and Transformer layers match ONNX Runtime with causal and key-padding masks', async () => {
  s.manualSeed(6);
  const mha = new nn.MultiheadAttention(8, 2, { batchFirst: true });
  await checkExport(new Fn((q, kv) => mha.forward(q!, kv!, kv!)[0], mha), () => [s.randn([2, 3, 8]), s.randn([2, 5, 8])]);
  const encoder = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true, normFirst: true });
  const causal = nn.Transformer.generateSquareSubsequentMask(5);
  await checkExport(new Fn((x) => encoder.forward(x!, { srcMask: causal }), encoder), randn(2, 5, 8));
  const model = new nn.Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16, batchFirst: true });
  const padding = s.tensor([[false, false, false, true], [false, false, false, false]]);
  await checkExport(new Fn((src, tgt) => model.forward(src!, tgt!, { tgtMask: nn.Transformer.generateSquareSubsequentMask(3), srcKeyPaddingMask: padding }), model),
    () => [s.randn([2, 4, 8]), s.randn([2, 3, 8])]);
});

test('upsampling, pixel shuffle and adaptive pooling match ONNX Runtime', async () => {
  s.manualSeed(7);
  await checkExport(new nn.Upsample({ scaleFactor: 2, mode: 'nearest' }), randn(1, 2, 3, 4));
  await checkExport(new nn.Upsample({ scaleFactor: 2, mode: 'bilinear', alignCorners: false }), randn(1, 2, 3, 4));
  await checkExport(new nn.PixelShuffle(2), randn(1, 8, 3, 3));
  await checkExport(new nn.AdaptiveAvgPool2d([1, 1]), randn(2, 3, 5, 7));
  await checkExport(new nn.AdaptiveMaxPool2d([2, 3]), randn(2, 3, 5, 7));
});

test('export errors name what is wrong: an op without a conversion, an opset, names for the wrong count, max-pool indices', () => {
  const x = s.randn([2, 3]);
  assert.throws(() => onnx.toOnnx(new Fn((t) => s.sort(t!, 1).values), [x]), (e: Error) => e.name === 'OnnxExportError' && /op 'sort' has no ONNX conversion/.test(e.message));
  assert.throws(() => onnx.toOnnx(new nn.ReLU(), [x], { opset: 11 }), /opset must be one of 17, 18, 19, 20, got 11/);
  assert.throws(() => onnx.toOnnx(new nn.ReLU(), [x], { inputNames: ['a', 'b'] }), /inputNames has 2 names for 1 tensors/);
  const pool = new Fn((t) => s.nn.functional.maxPool1dWithIndices(t!, 2).indices.to('float32'));
  assert.throws(() => onnx.toOnnx(pool, [s.randn([1, 2, 4])]), /max pooling's indices are not exported/);
});

test('exportModel writes the file; opset 18 (reduction axes as inputs) also matches ONNX Runtime', async () => {
  const { mkdtempSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const path = join(mkdtempSync(join(tmpdir(), 'onnx-')), 'norm.onnx');
  const layer = new nn.LayerNorm([4]);
  onnx.exportModel(layer, [s.randn([2, 4])], path, { opset: 18, inputNames: ['x'], outputNames: ['y'] });
  const bytes = readFileSync(path);
  const x = s.randn([2, 4]);
  const [y] = await runOrt(bytes, [x], ['x']);
  assertClose(y!, s.noGrad(() => layer.forward(x)), { atol: 1e-5 });
});

test('dynamic axes: the exported model runs on other batch sizes (and sequence lengths where the graph allows)', async () => {
  s.manualSeed(8);
  const run = async (model: s.nn.Module, example: s.Tensor[], axes: Record<string, Record<number, string>>, others: s.Tensor[][]) => {
    model.eval();
    const names = example.map((_, i) => `input_${i}`);
    const bytes = onnx.toOnnx(model, example, { dynamicAxes: axes });
    for (const inputs of others) {
      const [got] = await runOrt(bytes, inputs, names);
      assertClose(got!, s.noGrad(() => model.forward(...inputs)) as s.Tensor, { atol: 1e-4, rtol: 1e-3 });
    }
    return onnx.decodeModel(bytes) as { graph: { input: { type: { tensorType: { shape: { dim: { dimParam?: string }[] } } } }[]; output: { type: { tensorType: { shape: { dim: { dimParam?: string }[] } } } }[] } };
  };
  const cnn = new nn.Sequential(new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(4 * 4 * 4, 3));
  const model = await run(cnn, [s.randn([2, 1, 8, 8])], { input_0: { 0: 'batch' } }, [[s.randn([5, 1, 8, 8])], [s.randn([1, 1, 8, 8])]]);
  assert.equal(model.graph.input[0]!.type.tensorType.shape.dim[0]!.dimParam, 'batch');
  assert.equal(model.graph.output[0]!.type.tensorType.shape.dim[0]!.dimParam, 'batch');
  const lm = new s.models.RecurrentLanguageModel({ vocabSize: 9, kind: 'lstm', embedDim: 4, hiddenSize: 5 });
  // The language model reads [T, B] tokens.
  await run(new Fn((x) => lm.forward(x!)[0], lm), [s.randint(0, 9, [6, 2])], { input_0: { 1: 'batch' } }, [[s.randint(0, 9, [6, 4])]]);
  const encoder = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true });
  await run(new Fn((x) => encoder.forward(x!), encoder), [s.randn([2, 5, 8])], { input_0: { 0: 'batch', 1: 'time' } }, [[s.randn([3, 7, 8])], [s.randn([1, 2, 8])]]);
  assert.throws(() => onnx.toOnnx(new Fn((x) => lm.forward(x!)[0], lm).eval(), [s.randint(0, 9, [6, 2])], { dynamicAxes: { input_0: { 0: 'time' } } }),
    /the graph changes with the size of dynamic axis 'time'/);
  assert.throws(() => onnx.toOnnx(cnn, [s.randn([2, 1, 8, 8])], { dynamicAxes: { images: { 0: 'batch' } } }), /dynamicAxes names 'images', which is neither an input nor an output/);
});
