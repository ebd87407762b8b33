/**
 * @file The benchmark cells: each engine's code for each workload, run by `cell.ts` in a Node
 * process of its own and by `browser.ts` in a Chromium worker (no Node built-ins here).
 */
import type { Tensor } from '../src/index.js';

/** shinsou's surface as the cells use it: `shinsou` in Node, `shinsou/core` in a page. */
export type Shinsou = typeof import('../src/index.js');

export interface CellResult {
  medianMs: number;
  rate: number;
  unit: string;
  cpuMs: number;
  /** Peak resident memory of the whole process, MB. */
  maxRssMB: number;
}

/** Median time of `fn` after warm-up; repeats until `budgetMs` has passed (at least `minRuns`). */
export function timeIt(fn: () => void, budgetMs = 2000, minRuns = 5): number {
  for (let i = 0; i < 2; i++) fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || performance.now() - start < budgetMs) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** conv-a: (32, 1→32, 28×28, 3×3, pad 1); conv-b: (32, 64→64, 14×14, 3×3, pad 1). */
const CONV = { a: [32, 1, 32, 28], b: [32, 64, 64, 14] } as const;

export type Workload = { kind: 'sgemm'; n: number } | { kind: 'mlp' } | { kind: 'cnn' } | { kind: 'lstm' } | { kind: 'gru' } | { kind: 'rnn' } | { kind: 'word2vec' } | { kind: 'transformer' } | { kind: 'lm-train' } | { kind: 'lm-greedy'; cache: boolean } | { kind: 'dcgan'; size: 28 | 64 } | { kind: 'm5' } | { kind: 'c3d' } | { kind: 'cyclegan'; batch: number } | { kind: 'spectral'; mel: boolean } | { kind: 'conv'; shape: readonly [number, number, number, number]; backward: boolean };

/** A training step's rate: samples/s for the image classifiers (mlp, cnn), steps/s for the sequence models. */
function trainingRate(w: Workload, ms: number, batch: number): Omit<CellResult, 'cpuMs' | 'maxRssMB'> {
  return w.kind === 'mlp' || w.kind === 'cnn' ? { medianMs: ms, rate: batch / (ms / 1000), unit: 'samples/s' } : { medianMs: ms, rate: 1000 / ms, unit: 'steps/s' };
}

function convFlops(w: Extract<Workload, { kind: 'conv' }>): number {
  const [n, c, o, h] = w.shape;
  return 2 * n * o * c * 9 * h * h * (w.backward ? 3 : 1);
}

export function parse(name: string): Workload {
  if (name === 'mlp-train') return { kind: 'mlp' };
  if (name === 'cnn-train') return { kind: 'cnn' };
  if (name === 'lstm-train') return { kind: 'lstm' };
  if (name === 'gru-train') return { kind: 'gru' };
  if (name === 'word2vec-sg') return { kind: 'word2vec' };
  if (name === 'rnn-train') return { kind: 'rnn' };
  if (name === 'transformer-train') return { kind: 'transformer' };
  if (name === 'transformer-lm-train') return { kind: 'lm-train' };
  if (name === 'lm-greedy-cache' || name === 'lm-greedy-nocache') return { kind: 'lm-greedy', cache: name === 'lm-greedy-cache' };
  if (name === 'm5-train') return { kind: 'm5' };
  if (name === 'c3d-train') return { kind: 'c3d' };
  const cyclegan = /^cyclegan-train-b(\d+)$/.exec(name);
  if (cyclegan) return { kind: 'cyclegan', batch: Number(cyclegan[1]) };
  if (name === 'stft-1s' || name === 'melspec-1s') return { kind: 'spectral', mel: name === 'melspec-1s' };
  if (name === 'dcgan-mnist-train') return { kind: 'dcgan', size: 28 };
  if (name === 'dcgan-64-train') return { kind: 'dcgan', size: 64 };
  const conv = /^conv-(a|b)-(fwd|fwdbwd)$/.exec(name);
  if (conv) return { kind: 'conv', shape: CONV[conv[1] as 'a' | 'b'], backward: conv[2] === 'fwdbwd' };
  const m = /^sgemm-(\d+)$/.exec(name);
  if (m) return { kind: 'sgemm', n: Number(m[1]) };
  throw new Error(`unknown workload ${name}`);
}

export async function shinsouCell(w: Workload, s: Shinsou): Promise<Omit<CellResult, 'cpuMs' | 'maxRssMB'>> {
  s.manualSeed(0);
  if (w.kind === 'sgemm') {
    const a = s.randn([w.n, w.n]);
    const b = s.randn([w.n, w.n]);
    const ms = timeIt(() => a.matmul(b), w.n >= 1024 ? 4000 : 2000);
    return { medianMs: ms, rate: (2 * w.n ** 3) / (ms * 1e6), unit: 'GFLOP/s' };
  }
  if (w.kind === 'conv') {
    const [n, c, o, h] = w.shape;
    const x = s.randn([n, c, h, h], { requiresGrad: w.backward });
    const weight = s.randn([o, c, 3, 3], { requiresGrad: w.backward });
    const ms = timeIt(() => {
      const y = s.conv2d(x, weight, null, { padding: 1 });
      if (w.backward) y.sum().backward();
    });
    return { medianMs: ms, rate: convFlops(w) / (ms * 1e6), unit: 'GFLOP/s' };
  }
  if (w.kind === 'word2vec') {
    // One skip-gram epoch (size 100, window 5, 5 negatives, min count 5, sample 1e-3) over Moby-Dick.
    const sentences = s.text.loadCorpus('moby-dick').flatMap((d) => s.text.wordSentences(d.text));
    const words = sentences.reduce((n, x) => n + x.length, 0);
    const ms = timeIt(() => s.text.Word2Vec.train(sentences, { sg: true, epochs: 1 }), 4000, 3);
    return { medianMs: ms, rate: words / (ms / 1000), unit: 'words/s' };
  }
  const { nn, optim, F } = s;
  if (w.kind === 'lstm' || w.kind === 'gru' || w.kind === 'rnn' || w.kind === 'transformer') {
    // An LSTM, GRU or Elman RNN 64 → 128 over 50 steps of a batch of 32, or a Transformer encoder
    // layer (d 128, 4 heads, FFN 512, dropout 0.1) on 16 × 64 tokens; MSE of every output against a random target.
    const recurrent: { forward(x: Tensor): [Tensor, unknown]; parameters(): Iterable<Tensor> } | null =
      w.kind === 'transformer' ? null : new { lstm: nn.LSTM, gru: nn.GRU, rnn: nn.RNN }[w.kind](64, 128);
    const layer = new nn.TransformerEncoderLayer(128, 4, { dimFeedforward: 512, batchFirst: true });
    const forward = recurrent ? (x: Tensor): Tensor => recurrent.forward(x)[0] : (x: Tensor): Tensor => layer.forward(x);
    const opt = new optim.Adam(recurrent ? recurrent.parameters() : layer.parameters(), { lr: 1e-3 });
    const [x, target] = recurrent ? [s.randn([50, 32, 64]), s.randn([50, 32, 128])] : [s.randn([16, 64, 128]), s.randn([16, 64, 128])];
    const ms = timeIt(() => {
      opt.zeroGrad();
      F.mseLoss(forward(x), target).backward();
      opt.step();
    });
    return { medianMs: ms, rate: 1000 / ms, unit: 'steps/s' };
  }
  if (w.kind === 'dcgan') return dcganCell(s, w.size);
  if (w.kind === 'm5' || w.kind === 'spectral') return audioCell(s, w);
  if (w.kind === 'c3d') return c3dCell(s);
  if (w.kind === 'cyclegan') return cycleganCell(s, w.batch);
  if (w.kind === 'lm-train' || w.kind === 'lm-greedy') return transformerLmCell(s, w);
  const cnn = w.kind === 'cnn';
  // LeNet-style: conv3×3(32)-ReLU-pool2, conv3×3(64)-ReLU-pool2, fc128-ReLU, fc10 on 1×28×28.
  const model = cnn
    ? new nn.Sequential(new nn.Conv2d(1, 32, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Conv2d(32, 64, 3, { padding: 1 }), new nn.ReLU(),
      new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(64 * 7 * 7, 128), new nn.ReLU(), new nn.Linear(128, 10))
    : new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 256), new nn.ReLU(), new nn.Linear(256, 10));
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const batch = cnn ? 64 : 128;
  const x = cnn ? s.randn([batch, 1, 28, 28]) : s.randn([batch, 784]);
  const y = s.randint(0, 10, [batch]);
  const ms = timeIt(() => {
    opt.zeroGrad();
    F.crossEntropy(model.forward(x), y).backward();
    opt.step();
  });
  return trainingRate(w, ms, batch);
}

/** LM_STEPS new tokens per greedy-decoding run. */
const LM_STEPS = 128;

/**
 * The `transformer-lm` recipe's model (vocabulary 90, d 128, 4 heads, 2 pre-LN layers, FFN 512,
 * untied): one Adam step on 8 windows of 128 characters (dropout 0), or greedy decoding of
 * LM_STEPS tokens for one sequence in eval mode, with or without the key/value cache.
 */
async function transformerLmCell(s: Shinsou, w: Extract<Workload, { kind: 'lm-train' | 'lm-greedy' }>): Promise<Omit<CellResult, 'cpuMs' | 'maxRssMB'>> {
  const model = new s.models.TransformerLanguageModel({ vocabSize: 90, dModel: 128, nhead: 4, numLayers: 2, dimFeedforward: 512, dropout: 0, tieWeights: false });
  if (w.kind === 'lm-greedy') {
    model.eval();
    const ms = timeIt(() => s.text.greedyDecode(model.stepDecoder({ cache: w.cache }), 1, { bos: 0, eos: -1, maxLength: LM_STEPS }), 3000, 3);
    return { medianMs: ms, rate: LM_STEPS / (ms / 1000), unit: 'tokens/s' };
  }
  const opt = new s.optim.Adam(model.parameters(), { lr: 1e-3 });
  const x = s.randint(0, 90, [8, 128]);
  const y = s.randint(0, 90, [8 * 128]);
  const ms = timeIt(() => {
    opt.zeroGrad();
    s.F.crossEntropy(model.forward(x).reshape([-1, 90]), y).backward();
    opt.step();
  });
  return { medianMs: ms, rate: 1000 / ms, unit: 'steps/s' };
}

/**
 * The `spoken-digits` model (M5 on raw 16 kHz waveforms): one Adam step on 64 one-second clips; or
 * the STFT magnitude² (nFft 400, hop 160, Hann) / 64-band mel spectrogram of 64 one-second clips.
 */
async function audioCell(s: Shinsou, w: Extract<Workload, { kind: 'm5' | 'spectral' }>): Promise<Omit<CellResult, 'cpuMs' | 'maxRssMB'>> {
  const clips = s.randn([64, 16000]).mul(0.1);
  if (w.kind === 'spectral') {
    const mel = new s.audio.MelSpectrogram({ sampleRate: 16000, nFft: 400, hopLength: 160, nMels: 64 });
    const spec = new s.audio.Spectrogram({ nFft: 400, hopLength: 160 });
    const ms = timeIt(() => s.noGrad(() => (w.mel ? mel : spec).forward(clips).dataSync()));
    return { medianMs: ms, rate: 64 / (ms / 1000), unit: 'clips/s' };
  }
  const model = s.models.waveformCnn();
  const opt = new s.optim.Adam(model.parameters(), { lr: 1e-3 });
  const [x, y] = [clips.unsqueeze(1), s.randint(0, 10, [64])];
  const ms = timeIt(() => {
    opt.zeroGrad();
    s.F.crossEntropy(model.forward(x), y).backward();
    opt.step();
  });
  return { medianMs: ms, rate: 64 / (ms / 1000), unit: 'samples/s' };
}

/** The `video-classify` C3D (conv3d 16-32-64-128, each BatchNorm3d, ReLU, max-pool): one Adam step on 16 clips of 16 frames 32×32. */
async function c3dCell(s: Shinsou): Promise<Omit<CellResult, 'cpuMs' | 'maxRssMB'>> {
  const model = new s.models.C3d();
  const opt = new s.optim.Adam(model.parameters(), { lr: 1e-3 });
  const [x, y] = [s.rand([16, 1, 16, 32, 32]), s.randint(0, 8, [16])];
  const ms = timeIt(() => {
    opt.zeroGrad();
    s.F.crossEntropy(model.forward(x), y).backward();
    opt.step();
  });
  return { medianMs: ms, rate: 16 / (ms / 1000), unit: 'clips/s' };
}

/**
 * One `cyclegan-emoji` step (both ResNet generators, ngf 32, 6 blocks; both InstanceNorm PatchGANs,
 * ndf 64, one stride-2 layer; LSGAN, cycle and identity losses; Adam) on `batch` 32×32 images per domain.
 */
async function cycleganCell(s: Shinsou, batch: number): Promise<Omit<CellResult, 'cpuMs' | 'maxRssMB'>> {
  const { models, gan, optim } = s;
  const G = () => new models.ResnetGenerator({ ngf: 32, blocks: 6 });
  const D = () => new models.PatchDiscriminator({ ndf: 64, nLayers: 1, norm: 'instance' });
  const nets = { G: G(), F: G(), DX: D(), DY: D() };
  const optG = new optim.Adam([...nets.G.parameters(), ...nets.F.parameters()], { lr: 2e-4, betas: [0.5, 0.999] });
  const optD = new optim.Adam([...nets.DX.parameters(), ...nets.DY.parameters()], { lr: 2e-4, betas: [0.5, 0.999] });
  const [poolX, poolY] = [new gan.ImagePool(0), new gan.ImagePool(0)];
  const [x, y] = [s.rand([batch, 3, 32, 32]).mul(2).sub(1), s.rand([batch, 3, 32, 32]).mul(2).sub(1)];
  const ms = timeIt(() => {
    optG.zeroGrad();
    const g = gan.cycleGanGeneratorLoss(nets, x, y);
    g.total.backward();
    optG.step();
    optD.zeroGrad();
    gan.cycleGanDiscriminatorLoss(nets, x, y, g.fakeX, g.fakeY, poolX, poolY).backward();
    optD.step();
  });
  return { medianMs: ms, rate: 1000 / ms, unit: 'steps/s' };
}

/** One D step and one G step (Adam 2e-4, β1 0.5, batch 64, the fake reused as pytorch/examples does) of a DCGAN. */
async function dcganCell(s: Shinsou, size: 28 | 64): Promise<Omit<CellResult, 'cpuMs' | 'maxRssMB'>> {
  const { models, optim, F } = s;
  let G: { forward(z: Tensor): Tensor; parameters(): Iterable<Tensor> };
  let D: { forward(x: Tensor): Tensor; parameters(): Iterable<Tensor> };
  let real: Tensor;
  let bce: (p: Tensor, target: Tensor) => Tensor;
  if (size === 28) {
    // src/models/dcgan.ts with the non-saturating loss on logits.
    const g = new models.DcganGenerator();
    G = { forward: (z) => g.forward(z.reshape([64, 100])), parameters: () => g.parameters() };
    D = new models.DcganDiscriminator();
    real = s.rand([64, 1, 28, 28]).mul(2).sub(1);
    bce = (l, t) => F.binaryCrossEntropyWithLogits(l, t);
  } else {
    // pytorch/examples dcgan/main.py (64×64 RGB, ngf = ndf = 64), BCELoss on sigmoid outputs.
    const { Generator, Discriminator } = await import('../examples/pytorch/dcgan.js');
    const sizes = { nz: 100, ngf: 64, ndf: 64, nc: 3 };
    G = new Generator(sizes);
    D = new Discriminator(sizes);
    real = s.rand([64, 3, 64, 64]).mul(2).sub(1);
    bce = (p, t) => F.binaryCrossEntropy(p, t);
  }
  const optG = new optim.Adam(G.parameters(), { lr: 2e-4, betas: [0.5, 0.999] });
  const optD = new optim.Adam(D.parameters(), { lr: 2e-4, betas: [0.5, 0.999] });
  const z = s.randn([64, 100, 1, 1]);
  const [ones, zeros] = [s.ones([64]), s.zeros([64])];
  const ms = timeIt(() => {
    const fake = G.forward(z);
    optD.zeroGrad();
    bce(D.forward(real), ones).add(bce(D.forward(fake.detach()), zeros)).backward();
    optD.step();
    optG.zeroGrad();
    bce(D.forward(fake), ones).backward();
    optG.step();
  });
  return { medianMs: ms, rate: 1000 / ms, unit: 'steps/s' };
}

export async function tfjsCell(backend: 'cpu' | 'wasm', w: Workload, wasmPath?: string): Promise<Omit<CellResult, 'cpuMs' | 'maxRssMB'>> {
  // The union package registers every gradient (tfjs-core alone has none); the wasm backend is separate.
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (wasmPath) wasm.setWasmPaths(wasmPath); // a page serves the .wasm files itself
  }
  await tf.setBackend(backend);
  await tf.ready();
  if (w.kind === 'sgemm') {
    const a = tf.randomNormal([w.n, w.n]);
    const b = tf.randomNormal([w.n, w.n]);
    const ms = timeIt(() => tf.tidy(() => tf.matMul(a, b).dataSync()), w.n >= 1024 ? 4000 : 2000, w.n >= 1024 && backend === 'cpu' ? 3 : 5);
    return { medianMs: ms, rate: (2 * w.n ** 3) / (ms * 1e6), unit: 'GFLOP/s' };
  }
  if (w.kind === 'conv') {
    const [n, c, o, h] = w.shape;
    type T4 = import('@tensorflow/tfjs').Tensor4D;
    const x = tf.randomNormal([n, h, h, c]) as T4; // TF.js convolutions are NHWC
    const weight = tf.randomNormal([3, 3, c, o]) as T4;
    const grads = tf.grads((a, b) => tf.sum(tf.conv2d(a as T4, b as T4, 1, 'same')));
    const ms = timeIt(() => {
      if (w.backward) {
        grads([x, weight]).forEach((t) => { t.dataSync(); t.dispose(); });
      } else {
        tf.tidy(() => { tf.conv2d(x, weight, 1, 'same').dataSync(); });
      }
    });
    return { medianMs: ms, rate: convFlops(w) / (ms * 1e6), unit: 'GFLOP/s' };
  }
  if (w.kind === 'lstm' || w.kind === 'gru' || w.kind === 'rnn') {
    // The same layer through tf.layers (batch-major: [32, 50, 64]); Keras' GRU defaults to
    // resetAfter false (the reset gate before the product), a slightly different GRU.
    type T3 = import('@tensorflow/tfjs').Tensor3D;
    const layer = w.kind === 'lstm' ? tf.layers.lstm({ units: 128, returnSequences: true })
      : w.kind === 'gru' ? tf.layers.gru({ units: 128, returnSequences: true }) : tf.layers.simpleRNN({ units: 128, returnSequences: true });
    const [x, target] = [tf.randomNormal([32, 50, 64]), tf.randomNormal([32, 50, 128])];
    layer.apply(x);
    const opt = tf.train.adam(1e-3);
    const vars = layer.trainableWeights.map((v) => v.read() as ReturnType<typeof tf.variable>);
    const ms = timeIt(() => {
      const loss = opt.minimize(() => tf.losses.meanSquaredError(target, layer.apply(x) as T3) as never, true, vars);
      loss?.dataSync();
      loss?.dispose();
    });
    return { medianMs: ms, rate: 1000 / ms, unit: 'steps/s' };
  }
  if (w.kind === 'transformer') return tfjsTransformerStep(tf);
  if (w.kind === 'word2vec') throw new Error('TF.js has no Word2Vec');
  if (w.kind === 'lm-train' || w.kind === 'lm-greedy') throw new Error('the Transformer LM cells are not implemented for TF.js (it has no Transformer layers)');
  if (w.kind === 'm5' || w.kind === 'spectral') throw new Error('the audio cells are not implemented for TF.js');
  if (w.kind === 'c3d') throw new Error('the video cell is not implemented for TF.js');
  if (w.kind === 'cyclegan') throw new Error('the CycleGAN step is not implemented for TF.js (its wasm backend has no conv weight gradient)');
  if (w.kind === 'dcgan') throw new Error('the DCGAN steps are not implemented for TF.js (its wasm backend has no conv weight gradient; its cpu backend trains at ~2 samples/s)');
  if (w.kind === 'cnn') throw new Error('cnn-train is not implemented for TF.js (its wasm backend has no conv weight gradient; its cpu backend trains at ~2 samples/s)');
  // The same MLP as shinsou's: He-uniform-like init, Adam, softmax cross-entropy.
  const dense = (i: number, o: number): [ReturnType<typeof tf.variable>, ReturnType<typeof tf.variable>] =>
    [tf.variable(tf.randomUniform([i, o], -1 / Math.sqrt(i), 1 / Math.sqrt(i))), tf.variable(tf.zeros([o]))];
  const layers = [dense(784, 256), dense(256, 256), dense(256, 10)];
  const opt = tf.train.adam(1e-3);
  const x = tf.randomNormal([128, 784]);
  const y = tf.oneHot(tf.randomUniform([128], 0, 10, 'int32') as never, 10);
  const ms = timeIt(() => {
    const loss = opt.minimize(() => {
      let h: ReturnType<typeof tf.matMul> = x;
      layers.forEach(([w, b], i) => {
        h = tf.add(tf.matMul(h, w), b);
        if (i < layers.length - 1) h = tf.relu(h);
      });
      return tf.losses.softmaxCrossEntropy(y, h) as never;
    }, true);
    loss?.dataSync();
    loss?.dispose();
  });
  return { medianMs: ms, rate: 128 / (ms / 1000), unit: 'samples/s' };
}

type Tf = typeof import('@tensorflow/tfjs');

/**
 * The Transformer encoder layer (post-LN, d 128, 4 heads, FFN 512, ReLU, dropout 0.1) written
 * with TF.js ops, since TF.js has no such layer: one Adam step on MSE, as on the other engines.
 */
function tfjsTransformerStep(tf: Tf): Omit<CellResult, 'cpuMs' | 'maxRssMB'> {
  const [batch, steps, d, heads, ff, p] = [16, 64, 128, 4, 512, 0.1];
  const dk = d / heads;
  const weight = (i: number, o: number): ReturnType<typeof tf.variable> => tf.variable(tf.randomUniform([i, o], -1 / Math.sqrt(i), 1 / Math.sqrt(i)));
  const vector = (n: number, v: number): ReturnType<typeof tf.variable> => tf.variable(tf.fill([n], v));
  const v = {
    inW: weight(d, 3 * d), inB: vector(3 * d, 0), outW: weight(d, d), outB: vector(d, 0), w1: weight(d, ff), b1: vector(ff, 0),
    w2: weight(ff, d), b2: vector(d, 0), g1: vector(d, 1), be1: vector(d, 0), g2: vector(d, 1), be2: vector(d, 0),
  };
  type T = import('@tensorflow/tfjs').Tensor;
  const layerNorm = (z: T, g: T, b: T): T => {
    const { mean, variance } = tf.moments(z, -1, true);
    return z.sub(mean).div(variance.add(1e-5).sqrt()).mul(g).add(b);
  };
  const x = tf.randomNormal([batch * steps, d]);
  const target = tf.randomNormal([batch * steps, d]);
  const heads4 = (t: T): T => t.reshape([batch, steps, heads, dk]).transpose([0, 2, 1, 3]);
  const opt = tf.train.adam(1e-3);
  const ms = timeIt(() => {
    const loss = opt.minimize(() => {
      const [q, k, val] = tf.split(x.matMul(v.inW).add(v.inB), 3, 1).map(heads4) as [T, T, T];
      const attn = tf.dropout(tf.softmax(tf.matMul(q, k, false, true).mul(1 / Math.sqrt(dk))), p);
      const merged = tf.matMul(attn, val).transpose([0, 2, 1, 3]).reshape([batch * steps, d]);
      const x1 = layerNorm(x.add(tf.dropout(merged.matMul(v.outW).add(v.outB), p)), v.g1, v.be1);
      const hidden = tf.dropout(tf.relu(x1.matMul(v.w1).add(v.b1)), p);
      const out = layerNorm(x1.add(tf.dropout(hidden.matMul(v.w2).add(v.b2), p)), v.g2, v.be2);
      return tf.losses.meanSquaredError(target, out) as never;
    }, true);
    loss?.dataSync();
    loss?.dispose();
  });
  return { medianMs: ms, rate: 1000 / ms, unit: 'steps/s' };
}

export async function jaxCell(w: Workload): Promise<Omit<CellResult, 'cpuMs' | 'maxRssMB'>> {
  // jax-js arrays are reference-counted: an argument is consumed unless passed as `.ref`, and dataSync consumes too.
  const jax = await import('@jax-js/jax');
  const np = jax.numpy;
  type JaxArray = ReturnType<typeof np.array>;
  const random = (shape: number[], scale: number): JaxArray =>
    np.array(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => (Math.random() * 2 - 1) * scale)).reshape(shape);
  if (w.kind === 'sgemm') {
    const [a, b] = [random([w.n, w.n], 1), random([w.n, w.n], 1)];
    const ms = timeIt(() => np.matmul(a.ref, b.ref).dataSync(), w.n >= 1024 ? 4000 : 2000, 5);
    return { medianMs: ms, rate: (2 * w.n ** 3) / (ms * 1e6), unit: 'GFLOP/s' };
  }
  if (w.kind !== 'mlp' && w.kind !== 'cnn' && w.kind !== 'lstm' && w.kind !== 'transformer') throw new Error(`${w.kind} is not implemented for jax-js (sgemm, mlp-train, cnn-train, lstm-train and transformer-train are)`);
  // The training steps as jax-js users write them: the loss's valueAndGrad and Adam, fused by jit.
  // Arrays are consumed by each use, so a parameter used again is passed as `.ref` until its last use.
  const { nn, tree, lax } = jax;
  type Params = Record<string, JaxArray>;
  const batch = w.kind === 'cnn' ? 64 : 128;
  let params: Params = {};
  let loss: (p: Params, xb: JaxArray, yb: JaxArray, key: JaxArray) => JaxArray;
  let x: JaxArray;
  let y: JaxArray | null = null;
  const logLoss = (logits: JaxArray, yb: JaxArray): JaxArray => nn.logSoftmax(logits, -1).mul(yb).sum().mul(-1 / batch);
  if (w.kind === 'mlp') {
    const sizes = [784, 256, 256, 10];
    for (let i = 0; i < 3; i++) Object.assign(params, { [`w${i}`]: random([sizes[i]!, sizes[i + 1]!], 1 / Math.sqrt(sizes[i]!)), [`b${i}`]: np.zeros([sizes[i + 1]!]) });
    x = random([batch, 784], 1);
    loss = (p, xb, yb) => {
      const h1 = nn.relu(np.matmul(xb, p.w0!).add(p.b0!));
      const h2 = nn.relu(np.matmul(h1, p.w1!).add(p.b1!));
      return logLoss(np.matmul(h2, p.w2!).add(p.b2!), yb);
    };
  } else if (w.kind === 'cnn') {
    // LeNet-style as the shinsou cell: conv3×3(32)-ReLU-pool2, conv3×3(64)-ReLU-pool2, fc128-ReLU, fc10; pooling as a reshape and a max.
    params = {
      c0: random([32, 1, 3, 3], 1 / 3), d0: np.zeros([1, 32, 1, 1]), c1: random([64, 32, 3, 3], 1 / Math.sqrt(288)), d1: np.zeros([1, 64, 1, 1]),
      w0: random([64 * 7 * 7, 128], 1 / Math.sqrt(3136)), b0: np.zeros([128]), w1: random([128, 10], 1 / Math.sqrt(128)), b1: np.zeros([10]),
    };
    x = random([batch, 1, 28, 28], 1);
    const pool = (t: JaxArray, c: number, size: number): JaxArray => np.max(t.reshape([batch, c, size / 2, 2, size / 2, 2]), [3, 5]);
    loss = (p, xb, yb) => {
      const a = pool(nn.relu(lax.conv(xb, p.c0!, [1, 1], 'SAME').add(p.d0!)), 32, 28);
      const b = pool(nn.relu(lax.conv(a, p.c1!, [1, 1], 'SAME').add(p.d1!)), 64, 14);
      const h = nn.relu(np.matmul(b.reshape([batch, 64 * 7 * 7]), p.w0!).add(p.b0!));
      return logLoss(np.matmul(h, p.w1!).add(p.b1!), yb);
    };
  } else if (w.kind === 'lstm') {
    // The shinsou cell's LSTM 64 → 128 over 50 steps of 32, MSE against a random target: the input projection once, then the steps unrolled.
    const [T, B, I, H] = [50, 32, 64, 128];
    params = { wih: random([I, 4 * H], 1 / Math.sqrt(H)), whh: random([H, 4 * H], 1 / Math.sqrt(H)), b: np.zeros([4 * H]) };
    [x, y] = [random([T, B, I], 1), random([T, B, H], 1)];
    loss = (p, xb, yb) => {
      const projected = np.split(np.matmul(xb.reshape([T * B, I]), p.wih!).add(p.b!).reshape([T, B, 4 * H]), T, 0);
      const targets = np.split(yb, T, 0);
      let [h, c] = [np.zeros([B, H]), np.zeros([B, H])];
      let total: JaxArray | null = null;
      for (let t = 0; t < T; t++) {
        const [i, f, g, o] = np.split(projected[t]!.reshape([B, 4 * H]).add(np.matmul(h, t === T - 1 ? p.whh! : p.whh!.ref)), 4, 1);
        c = nn.sigmoid(f!).mul(c).add(nn.sigmoid(i!).mul(np.tanh(g!)));
        h = nn.sigmoid(o!).mul(np.tanh(c.ref));
        const error = np.square(h.ref.sub(targets[t]!.reshape([B, H]))).mean();
        total = total ? total.add(error) : error;
      }
      h.dispose();
      c.dispose();
      return total!.div(T);
    };
  } else {
    // The shinsou cell's encoder layer (d 128, 4 heads, FFN 512, post-LN as PyTorch's default, dropout 0.1 where PyTorch drops:
    // the attention weights, both residual branches and the FFN's hidden layer) on 16 × 64 tokens, MSE against a random
    // target; attention written out (jax-js's dotProductAttention needs iterator helpers Node 20 lacks).
    const [B, L, D, N] = [16, 64, 128, 4];
    params = {
      qkv: random([D, 3 * D], 1 / Math.sqrt(D)), qkvBias: np.zeros([3 * D]), out: random([D, D], 1 / Math.sqrt(D)), outBias: np.zeros([D]),
      ff1: random([D, 512], 1 / Math.sqrt(D)), ff1Bias: np.zeros([512]), ff2: random([512, D], 1 / Math.sqrt(512)), ff2Bias: np.zeros([D]),
      g1: np.ones([D]), n1: np.zeros([D]), g2: np.ones([D]), n2: np.zeros([D]),
    };
    [x, y] = [random([B, L, D], 1), random([B, L, D], 1)];
    const norm = (t: JaxArray, gain: JaxArray, shift: JaxArray): JaxArray => nn.standardize(t, -1, { epsilon: 1e-5 }).mul(gain).add(shift);
    const dropout = (t: JaxArray, key: JaxArray): JaxArray => np.where(jax.random.bernoulli(key, 0.9, t.shape), t.mul(1 / 0.9), 0);
    loss = (p, xb, yb, key) => {
      const keys = np.split(jax.random.split(key, 4), 4, 0).map((k) => k.reshape([-1]));
      const [q, k, v] = np.split(np.matmul(xb.ref, p.qkv!).add(p.qkvBias!), 3, 2).map((t) => np.transpose(t.reshape([B, L, N, D / N]), [0, 2, 1, 3]));
      const weights = dropout(nn.softmax(np.matmul(q!, np.swapaxes(k!, 2, 3)).mul(1 / Math.sqrt(D / N)), -1), keys[0]!);
      const attended = np.transpose(np.matmul(weights, v!), [0, 2, 1, 3]).reshape([B, L, D]);
      const h = norm(xb.add(dropout(np.matmul(attended, p.out!).add(p.outBias!), keys[1]!)), p.g1!, p.n1!);
      const ff = np.matmul(dropout(nn.relu(np.matmul(h.ref, p.ff1!).add(p.ff1Bias!)), keys[2]!), p.ff2!).add(p.ff2Bias!);
      return np.square(norm(h.add(dropout(ff, keys[3]!)), p.g2!, p.n2!).sub(yb)).mean();
    };
  }
  y ??= nn.oneHot(np.array(Int32Array.from({ length: batch }, () => Math.floor(Math.random() * 10)), { dtype: np.int32 }), 10);
  const [lr, b1, b2, eps] = [1e-3, 0.9, 0.999, 1e-8];
  let m = tree.map((p: JaxArray) => np.zerosLike(p.ref), params) as Params;
  let v = tree.map((p: JaxArray) => np.zerosLike(p.ref), params) as Params;
  const step = jax.jit((p: Params, mp: Params, vp: Params, xb: JaxArray, yb: JaxArray, c1: JaxArray, c2: JaxArray, key: JaxArray) => {
    const [value, g] = jax.valueAndGrad(loss)(tree.ref(p), xb, yb, key) as [JaxArray, Params];
    const m2 = tree.map((mi: JaxArray, gi: JaxArray) => mi.mul(b1).add(gi.ref.mul(1 - b1)), mp, tree.ref(g)) as Params;
    const v2 = tree.map((vi: JaxArray, gi: JaxArray) => vi.mul(b2).add(gi.ref.mul(gi).mul(1 - b2)), vp, g) as Params;
    const p2 = tree.map((pi: JaxArray, mi: JaxArray, vi: JaxArray) => pi.sub(mi.div(c1.ref).div(np.sqrt(vi.div(c2.ref)).add(eps)).mul(lr)), p, tree.ref(m2), tree.ref(v2)) as Params;
    c1.dispose();
    c2.dispose();
    return [value, p2, m2, v2];
  });
  let t = 0;
  const ms = timeIt(() => {
    t++;
    const [value, p2, m2, v2] = step(params, m, v, x.ref, y.ref, np.array(1 - b1 ** t), np.array(1 - b2 ** t), jax.random.key(t)) as [JaxArray, Params, Params, Params];
    [params, m, v] = [p2, m2, v2];
    value.dataSync();
  });
  return trainingRate(w, ms, batch);
}
