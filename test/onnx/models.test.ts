import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { mlp as mnistMlp } from '../../src/cli/recipes/mnist_mlp.js';
import { checkExport, Fn, maxErrors, runOrt } from './ort.js';

const { models, nn } = s;

// Every recipe's model, built as its recipe builds it (smaller where a size option allows),
// exported and run by ONNX Runtime on fresh inputs. Deep stacks get a looser tolerance:
// float32 sums in another order drift by ~1e-5 per layer.
const deep = { atol: 1e-4, rtol: 1e-3 };
const images = (n: number, c: number, h: number, w = h) => (): s.Tensor[] => [s.randn([n, c, h, w])];
const tokens = (vocab: number, shape: number[]) => (): s.Tensor[] => [s.randint(1, vocab, shape)];

test('image recipes: mnist-mlp, mnist-cnn (LeNet), mnist-resnet (with FReLU), autoencoders', async () => {
  s.manualSeed(0);
  await checkExport(mnistMlp([128, 64], 0.2, 0.1), images(3, 1, 28));
  await checkExport(models.lenet(0.25), images(3, 1, 28));
  await checkExport(new models.ResNet({ layers: [1, 1, 1], widths: [8, 16, 32], inChannels: 1, numClasses: 10,
    activation: [(c: number) => new nn.FReLU(c), (c: number) => new nn.FReLU(c), () => new nn.ReLU()] }), images(2, 1, 28), deep);
  await checkExport(new models.HourglassAutoencoder([784, 128, 32]), () => [s.rand([3, 784])]);
  await checkExport(new models.StackedAutoencoder([784, 128, 32]), () => [s.rand([3, 784])]);
});

test('GAN recipes: DCGAN, the WGAN critic with spectral norm, the conditional DCGAN (generator and discriminator), WaveGAN, pix2pix, CycleGAN', async () => {
  s.manualSeed(1);
  await checkExport(models.dcganInit(new models.DcganGenerator()), () => [s.randn([2, 100])], deep);
  await checkExport(models.dcganInit(new models.DcganDiscriminator()), images(2, 1, 28), deep);
  await checkExport(models.dcganInit(new models.DcganDiscriminator({ batchNorm: false, spectralNorm: true })), images(2, 1, 28), deep);
  const cG = new models.DcganGenerator({ numClasses: 10 });
  await checkExport(new Fn((z, y) => cG.forward(z!, y!), cG), () => [s.randn([2, 100]), s.randint(0, 10, [2])], deep);
  const cD = new models.DcganDiscriminator({ numClasses: 10 });
  await checkExport(new Fn((x, y) => cD.forward(x!, y!), cD), () => [s.randn([2, 1, 28, 28]), s.randint(0, 10, [2])], deep);
  await checkExport(new models.WaveganGenerator({ modelSize: 4 }), () => [s.randn([1, 100])], deep);
  await checkExport(new models.WaveganDiscriminator({ modelSize: 4 }), () => [s.randn([1, 1, 16384])], deep);
  await checkExport(models.translationInit(new models.UnetGenerator({ ngf: 8 })), images(1, 3, 32), deep);
  await checkExport(models.translationInit(new models.PatchDiscriminator({ ndf: 8, nLayers: 1, inChannels: 6 })), images(1, 6, 32), deep);
  await checkExport(models.translationInit(new models.ResnetGenerator({ ngf: 8, blocks: 2 })), images(1, 3, 32), deep);
});

test('sequence recipes: char-rnn (LSTM, GRU, RNN), rnn-classify, transformer-classify, transformer-lm, translate', async () => {
  s.manualSeed(2);
  for (const kind of models.RECURRENT_KINDS) {
    const lm = new models.RecurrentLanguageModel({ vocabSize: 20, kind, embedDim: 8, hiddenSize: 16 });
    await checkExport(new Fn((x) => lm.forward(x!)[0], lm), tokens(20, [2, 9]), deep);
  }
  const rnnClassifier = new models.RecurrentClassifier({ vocabSize: 30, embedDim: 8, hiddenSize: 8, bidirectional: true });
  await checkExport(new Fn((x) => rnnClassifier.forward(x!, [7, 4]), rnnClassifier), tokens(30, [2, 7]), deep);
  const classifier = new models.TransformerClassifier({ vocabSize: 30, dModel: 16, nhead: 2, numLayers: 2, dimFeedforward: 32 });
  await checkExport(new Fn((x) => classifier.forward(x!, [7, 5]), classifier), tokens(30, [2, 7]), deep);
  await checkExport(new models.TransformerLanguageModel({ vocabSize: 20, dModel: 16, nhead: 2, numLayers: 2, dimFeedforward: 32 }), tokens(20, [2, 10]), deep);
  const seq2seq = new models.TransformerSeq2Seq({ srcVocabSize: 25, tgtVocabSize: 22, dModel: 16, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 32 });
  await checkExport(new Fn((src, tgt) => seq2seq.forward(src!, tgt!), seq2seq), () => [s.randint(1, 25, [2, 6]), s.randint(1, 22, [2, 5])], deep);
});

test('audio and video recipes: spoken-digits (waveform and log-mel CNNs), the log-mel and complex spectrogram front ends, C3D, ECO-Lite, ECO-Full, the video predictor', async () => {
  s.manualSeed(3);
  await checkExport(models.waveformCnn(10, 8), () => [s.randn([2, 1, 8000])], deep);
  await checkExport(models.logMelCnn(10), images(2, 1, 40, 32), deep);
  // The audio front ends: the FFT ops export as their convolution with the DFT basis.
  const mel = new s.audio.MelSpectrogram({ sampleRate: 8000, nFft: 256, hopLength: 64, nMels: 32 });
  const logMel = new Fn((x) => s.audio.amplitudeToDb(mel.forward(x!)), mel);
  await checkExport(logMel, () => [s.randn([2, 4000]).mul(0.1)], deep);
  await checkExport(new s.audio.Spectrogram({ nFft: 100, hopLength: 25, power: null }), () => [s.randn([2, 1000])], deep);
  await checkExport(new models.C3d(), () => [s.randn([2, 1, 16, 64, 64])], deep);
  await checkExport(new models.EcoLite(), () => [s.randn([2, 8, 1, 64, 64])], deep);
  await checkExport(new models.EcoFull(), () => [s.randn([2, 8, 1, 64, 64])], deep);
  await checkExport(new models.VideoPredictor(), () => [s.randn([1, 1, 8, 64, 64])], deep);
});

test('reinforcement-learning recipes: the DQN and actor-critic networks', async () => {
  s.manualSeed(4);
  await checkExport(s.rl.mlp(4, [64, 64], 2), () => [s.randn([5, 4])]);
  await checkExport(s.rl.mlp(4, [64], 2, { activation: 'tanh' }), () => [s.randn([5, 4])]);
});

test("Tacotron (teacher-forced) exports with its pre-net's inference dropout as ONNX Dropout in training mode", async () => {
  s.manualSeed(5);
  const tacotron = new models.Tacotron({ vocabSize: 30, embedDim: 16, attentionDim: 16, nMels: 8, linearBins: 12, reduction: 2 });
  const model = new Fn((text, mel) => tacotron.forward(text!, [6, 4], mel!).mel, tacotron).eval();
  const inputs = [s.randint(1, 30, [2, 6]), s.rand([2, 6, 8])];
  const bytes = s.onnx.toOnnx(model, inputs);
  const graph = (s.onnx.decodeModel(bytes) as { graph: { node: { opType: string }[] } }).graph;
  assert.ok(graph.node.filter((n) => n.opType === 'Dropout').length >= 3);
  const [mel] = await runOrt(bytes, inputs, ['input_0', 'input_1']);
  assert.deepEqual(mel!.shape, [2, 6, 8]);
  assert.ok(mel!.isfinite().all().item());
});

test('the largest difference from ONNX Runtime of each recipe model (printed for the README)', (t) => {
  assert.ok(maxErrors.length >= 30);
  for (const [name, error] of maxErrors) t.diagnostic(`${name}: ${error.toExponential(1)}`);
});
