import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose, decode, loadFixture, type Encoded } from '../helpers.js';

const { audio } = s;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fx = loadFixture<Record<string, any>>('audio/audio.json');
const wave = decode(fx.wave as Encoded);

test('μ-law: SPEC §11.1 test vectors, clipping, torchaudio codes and the decoded code book', () => {
  const q = audio.muLawEncoding(decode(fx.muLaw.x));
  assert.equal(q.dtype, 'int32');
  assert.deepEqual([...q.dataSync()], fx.muLaw.codes);
  assert.deepEqual([...q.dataSync()].slice(0, 7), [0, 16, 98, 128, 157, 239, 255]);
  const decoded = audio.muLawDecoding(s.arange(0, 256, 1, { dtype: 'int32' }));
  assertClose(decoded, fx.muLaw.decoded, { atol: 1e-6 });
  assertClose(audio.muLawDecoding(s.tensor([0, 16, 98, 128, 157, 239, 255], { dtype: 'int32' })), [-1, -0.4966766, -0.0102253, 8.62e-5, 0.0102253, 0.4966766, 1], { atol: 1e-6, rtol: 1e-4 });
  const x = s.rand([1000], { generator: new s.Generator(1) }).mul(2).sub(1);
  const back = audio.muLawDecoding(audio.muLawEncoding(x));
  assert.ok(back.sub(x).abs().div(x.abs().add(0.02)).amax().item() < 0.04, 'a round trip keeps each sample within a few percent');
  assert.throws(() => audio.muLawEncoding(s.tensor([1], { dtype: 'int32' })), { name: 'DTypeError' });
  assert.throws(() => audio.muLawEncoding(x, 1), { name: 'ValueError' });
});

function windowOf(name: string | null, length: number): s.Tensor | null {
  return name === 'hann' ? audio.hannWindow(length) : name === 'hamming' ? audio.hammingWindow(length) : null;
}

test('stft and istft match torch.stft / torch.istft (every option), with the input gradients', () => {
  for (const c of fx.stft) {
    const options = { hopLength: c.hop_length, winLength: c.win_length, window: windowOf(c.window, c.win_length), center: c.center, normalized: c.normalized, onesided: c.onesided };
    const label = `nFft ${c.n_fft} ${c.window}`;
    const x = decode(c.signal).requiresGrad_();
    const z = audio.stft(x, c.n_fft, { ...options, padMode: c.pad_mode });
    assertClose(z, c.stft, { atol: 2e-5, rtol: 1e-4 }, `${label} stft`);
    z.mul(decode(c.weights)).sum().backward();
    assertClose(x.grad!, c.grad, { atol: 1e-4, rtol: 1e-4 }, `${label} stft gradient`);
    const spectrum = decode(c.spectrum).requiresGrad_();
    const y = audio.istft(spectrum, c.n_fft, { ...options, length: c.signal.shape[1] });
    assertClose(y, c.istft, { atol: 2e-5, rtol: 1e-4 }, `${label} istft`);
    y.mul(decode(c.istftWeights)).sum().backward();
    assertClose(spectrum.grad!, c.istftGrad, { atol: 2e-5, rtol: 1e-4 }, `${label} istft gradient`);
  }
});

test('istft(stft(x)) = x in float64 to 1e-12; a bin-centred cosine has |X| = A·nFft/4; frame counts', () => {
  const x = s.randn([3, 2000], { dtype: 'float64', generator: new s.Generator(2) });
  const window = audio.hannWindow(1024, { dtype: 'float64' });
  const z = audio.stft(x, 1024, { hopLength: 256, window });
  assert.deepEqual(z.shape, [3, 513, 1 + Math.floor(2000 / 256), 2]);
  const back = audio.istft(z, 1024, { hopLength: 256, window, length: 2000 });
  assert.ok(back.sub(x).abs().amax().item() < 1e-12, `reconstruction error ${back.sub(x).abs().amax().item()}`);
  const [n, k, A] = [512, 20, 0.7];
  const cosine = s.arange(0, 4096, 1, { dtype: 'float64' }).mul((2 * Math.PI * k) / n).cos().mul(A);
  const mag = audio.complexAbs(audio.stft(cosine, n, { hopLength: 128, window: audio.hannWindow(n, { dtype: 'float64' }) }));
  assertClose(mag.select(0, k).narrow(0, 4, 20), new Array<number>(20).fill((A * n) / 4), { rtol: 1e-9, atol: 1e-9 });
  assert.deepEqual(audio.stft(s.zeros([1000]), 200, { hopLength: 50, center: false }).shape, [101, 1 + Math.floor((1000 - 200) / 50), 2]);
  assert.throws(() => audio.stft(s.zeros([10]), 64), { name: 'ShapeError', message: /reflect padding/ });
  assert.throws(() => audio.istft(z, 512, { hopLength: 256 }), { name: 'ShapeError', message: /257 frequencies/ });
  assert.throws(() => audio.istft(z, 1024, { hopLength: 256, window: audio.hannWindow(1024, { periodic: false, dtype: 'float64' }), center: false }), { name: 'ValueError', message: /cannot be recovered/ });
  assert.throws(() => audio.stft(x, 1024, { hop: 256 } as never), { name: 'ValueError', message: /unknown option 'hop'/ });
});

test('powerStft equals |stft|² (even, odd, full, uncentred, float32 and 64) and passes gradcheck and gradgradcheck; stft passes gradgradcheck', () => {
  const gen = new s.Generator(5);
  for (const [nFft, options, dtype] of [[16, { hopLength: 4 }, 'float64'], [15, { hopLength: 5, onesided: false }, 'float64'], [400, { hopLength: 160, center: false }, 'float32'],
    [256, { hopLength: 64, normalized: true }, 'float32']] as const) {
    const x = s.randn([2, 3, 900], { dtype, generator: gen });
    const window = audio.hannWindow(nFft, { dtype });
    const p = audio.powerStft(x, nFft, { ...options, window });
    assertClose(p, audio.stft(x, nFft, { ...options, window }).square().sum(-1), dtype === 'float64' ? { atol: 1e-10, rtol: 1e-10 } : { atol: 1e-4, rtol: 1e-4 }, `nFft ${nFft}`);
  }
  const x = s.randn([30], { dtype: 'float64', generator: gen }).requiresGrad_();
  const window = audio.hannWindow(12, { dtype: 'float64' });
  assert.ok(s.gradcheck((t) => audio.powerStft(t, 12, { hopLength: 5, window }), [x]));
  assert.ok(s.gradgradcheck((t) => audio.powerStft(t, 12, { hopLength: 5, window }), [x]));
  assert.ok(s.gradgradcheck((t) => audio.stft(t, 12, { hopLength: 5, window }).square().sum(), [x]));
});

test('stft, istft and complexAbs pass gradcheck in float64; complexAbs has a zero gradient at 0', () => {
  const gen = new s.Generator(3);
  const x = s.randn([40], { dtype: 'float64', generator: gen }).requiresGrad_();
  const window = audio.hannWindow(16, { dtype: 'float64' });
  assert.ok(s.gradcheck((t) => audio.complexAbs(audio.stft(t, 16, { hopLength: 4, window })), [x]));
  const z = audio.stft(x.detach(), 16, { hopLength: 4, window }).requiresGrad_();
  assert.ok(s.gradcheck((t) => audio.istft(t, 16, { hopLength: 4, window, length: 40 }), [z]));
  const zero = s.zeros([3, 2], { dtype: 'float64' }).requiresGrad_();
  audio.complexAbs(zero).sum().backward();
  assert.deepEqual([...zero.grad!.dataSync()], [0, 0, 0, 0, 0, 0]);
});

test('spectrogram, mel filterbanks, MelSpectrogram, AmplitudeToDB and MFCC match torchaudio', () => {
  for (const c of fx.spectrogram) assertClose(audio.spectrogram(wave, c.options), c.out, { rtol: 1e-4, atol: 1e-4 }, JSON.stringify(c.options));
  for (const c of fx.filterbanks) {
    const fb = audio.melFilterbank(c.nFreqs, c.sampleRate, c.nMels, { fMin: c.fMin, fMax: c.fMax, norm: c.norm, melScale: c.melScale });
    // torchaudio computes the band edges in float32, these in float64.
    assertClose(fb, c.out, { rtol: 1e-5, atol: 1e-5 }, `filterbank ${c.melScale}/${c.norm}`);
  }
  const mel = new audio.MelSpectrogram(fx.melSpectrogram.options);
  assertClose(mel.forward(wave), fx.melSpectrogram.out, { rtol: 1e-4, atol: 1e-4 }, 'MelSpectrogram');
  assertClose(audio.melSpectrogram(wave, fx.melSpectrogram.options), fx.melSpectrogram.out, { rtol: 1e-4, atol: 1e-4 }, 'melSpectrogram');
  assert.deepEqual(Object.keys(mel.stateDict()), fx.melSpectrogram.keys);
  const batch = decode(fx.decibels.input);
  assertClose(new audio.AmplitudeToDB({ topDb: 80 }).forward(batch), fx.decibels.power80, { atol: 2e-4 }, 'power, top 80 dB');
  assertClose(audio.amplitudeToDb(batch, { stype: 'magnitude' }), fx.decibels.magnitude, { atol: 2e-4 }, 'magnitude');
  assertClose(audio.amplitudeToDb(batch.select(0, 1).select(0, 0), { topDb: 80 }), fx.decibels.single80, { atol: 2e-4 }, 'one spectrogram');
  assertClose(audio.createDct(13, 32), fx.mfcc.dct, { atol: 1e-6 });
  assertClose(audio.createDct(5, 8, null), fx.mfcc.dctNone, { atol: 1e-6 });
  const melOptions = { nFft: 256, hopLength: 64, nMels: 32 };
  const mfcc = new audio.MFCC({ sampleRate: 8000, nMfcc: 13, melOptions });
  assertClose(mfcc.forward(wave), fx.mfcc.db, { atol: 2e-3, rtol: 1e-4 }, 'MFCC (dB)');
  assertClose(new audio.MFCC({ sampleRate: 8000, nMfcc: 20, logMels: true, melOptions }).forward(wave), fx.mfcc.log, { atol: 2e-4, rtol: 1e-4 }, 'MFCC (log)');
  // torchaudio names the submodule `MelSpectrogram`; properties here are camelCase, so its keys are snake_case.
  assert.deepEqual(Object.keys(mfcc.stateDict()), fx.mfcc.keys.map((k: string) => k.replace('MelSpectrogram.', 'mel_spectrogram.')));
  assert.ok(Math.abs(audio.hzToMel(1000, 'slaney') - 15) < 1e-12);
  assert.ok(Math.abs(audio.hzToMel(4000, 'slaney') - 35.16376) < 1e-5 && Math.abs(audio.hzToMel(440) - 549.63868) < 1e-4);
  assert.ok(Math.abs(audio.melToHz(audio.hzToMel(3210, 'slaney'), 'slaney') - 3210) < 1e-9);
  assert.throws(() => audio.melSpectrogram(wave, { nMel: 40 } as never), { name: 'ValueError', message: /did you mean 'nMels'/ });
});

test('Griffin–Lim from zero phase matches torchaudio; from random phases its spectral error falls and fast beats classic', () => {
  const power = decode(fx.griffinLim.specgram);
  const options = { nFft: 256, hopLength: 64, nIter: 8, momentum: 0.99, randInit: false, length: 4000 };
  assertClose(new audio.GriffinLim(options).forward(power), fx.griffinLim.out, { atol: 2e-4, rtol: 1e-3 });
  const magnitude = power.sqrt();
  const convergence = (nIter: number, momentum: number): number => {
    const y = audio.griffinLim(power, { nFft: 256, hopLength: 64, nIter, momentum, length: 4000, generator: new s.Generator(5) });
    const rebuilt = audio.spectrogram(y, { nFft: 256, hopLength: 64, power: 1 });
    return rebuilt.sub(magnitude).square().sum().sqrt().div(magnitude.square().sum().sqrt()).item();
  };
  const [start, classic, fast] = [convergence(0, 0.99), convergence(32, 0), convergence(32, 0.99)];
  assert.ok(fast < classic && classic < start, `spectral convergence: random ${start}, classic ${classic}, fast ${fast}`);
  assert.ok(fast < 0.1, `fast Griffin–Lim after 32 iterations: ${fast}`);
});

test('resample matches torchaudio (down and up), with the input gradient', () => {
  for (const c of fx.resample) {
    const x = decode(c.wave).requiresGrad_();
    const y = audio.resample(x, c.orig, c.new);
    assertClose(y, c.out, { atol: 1e-5, rtol: 1e-4 }, `${c.orig} → ${c.new}`);
    y.mul(decode(c.weights)).sum().backward();
    // torchaudio computes the kernel in float32, this one in float64 and rounds it; the gradient sums ~460 taps of each.
    assertClose(x.grad!, c.grad, { atol: 1e-4, rtol: 1e-3 }, `${c.orig} → ${c.new} gradient`);
  }
  const x = s.randn([2, 3, 100], { generator: new s.Generator(1) });
  assert.equal(audio.resample(x, 16000, 16000), x);
  assert.deepEqual(new audio.Resample(16000, 22050).forward(x).shape, [2, 3, 138]);
  assert.throws(() => audio.resample(x, 16000.5, 8000), { name: 'ValueError' });
});
