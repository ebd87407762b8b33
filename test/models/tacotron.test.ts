import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { assertClose } from '../helpers.js';

const { models } = s;

test('Tacotron: teacher-forced shapes, no attention on padded characters, step t reads the last frame of group t − 1', () => {
  s.manualSeed(3);
  const model = new models.Tacotron({ vocabSize: 7, nMels: 5, linearBins: 9, reduction: 2, embedDim: 8, attentionDim: 6, decoderDim: 10, locationFilters: 3, locationWidth: 5 });
  const tokens = s.tensor([[1, 2, 3, 4], [5, 6, 0, 0]], { dtype: 'int32' });
  const mel = s.rand([2, 6, 5], { generator: new s.Generator(1) });
  const out = model.forward(tokens, [4, 2], mel);
  assert.deepEqual([out.mel.shape, out.linear.shape, out.stop.shape, out.alignments.shape], [[2, 6, 5], [2, 6, 9], [2, 3], [2, 3, 4]]);
  assert.ok(out.alignments.select(0, 1).narrow(1, 2, 2).abs().amax().item() < 1e-6, 'padded characters get no attention');
  assertClose(out.alignments.sum(-1), s.ones([2, 3]), { atol: 1e-5 });
  // Frames that are not the last of a group are never read, so changing them changes nothing the decoder sees.
  model.eval();
  const drop = (m: s.Tensor): s.Tensor => m.clone().set([null, '0::2'], 0);
  s.manualSeed(4);
  const a = model.forward(tokens, [4, 2], mel).mel;
  s.manualSeed(4); // the decoder pre-net's dropout stays on at inference: same draws for both
  const b = model.forward(tokens, [4, 2], drop(mel)).mel;
  assertClose(a, b, { atol: 1e-6 });
  assert.throws(() => model.forward(tokens, [4, 2], s.rand([2, 5, 5])), { name: 'ValueError', message: /multiple of r = 2/ });
});

test('Tacotron.infer feeds back its own frames and stops when every stop probability passes 0.5 (or at maxSteps)', () => {
  s.manualSeed(5);
  const model = new models.Tacotron({ vocabSize: 7, nMels: 4, linearBins: 6, reduction: 3, embedDim: 8, decoderDim: 8 }).eval();
  const tokens = s.tensor([[1, 2, 3]], { dtype: 'int32' });
  s.noGrad(() => model.stopProjection.bias!.fill_(-100)); // never says stop
  const capped = s.noGrad(() => model.infer(tokens, [3], 7));
  assert.deepEqual(capped.mel.shape, [1, 21, 4]);
  s.noGrad(() => model.stopProjection.bias!.fill_(100)); // always says stop
  const stopped = s.noGrad(() => model.infer(tokens, [3], 7));
  assert.deepEqual([stopped.mel.shape, stopped.alignments.shape], [[1, 3, 4], [1, 1, 3]]);
});

test('Tacotron.forward with teacherForcing 0 feeds back its own frames exactly as infer does; other values are checked', () => {
  s.manualSeed(7);
  const model = new models.Tacotron({ vocabSize: 7, nMels: 4, linearBins: 6, reduction: 2, embedDim: 8, decoderDim: 8 }).eval();
  const tokens = s.tensor([[1, 2, 3], [4, 5, 0]], { dtype: 'int32' });
  const mel = s.rand([2, 8, 4]);
  s.noGrad(() => model.stopProjection.bias!.fill_(-100));
  s.manualSeed(8);
  const own = s.noGrad(() => model.forward(tokens, [3, 2], mel, { teacherForcing: 0 }));
  s.manualSeed(8);
  const inferred = s.noGrad(() => model.infer(tokens, [3, 2], 4));
  assertClose(own.mel, inferred.mel, { atol: 1e-6 });
  s.manualSeed(8);
  const forced = s.noGrad(() => model.forward(tokens, [3, 2], mel, { teacherForcing: 1 }));
  assert.ok(forced.mel.sub(own.mel).abs().amax().item() > 1e-3, 'true frames change what the decoder says');
  for (const teacherForcing of [-0.1, 1.5, Number.NaN]) {
    assert.throws(() => model.forward(tokens, [3, 2], mel, { teacherForcing }), { name: 'ValueError', message: /teacherForcing must be in \[0, 1\]/ });
  }
});

test('Tacotron.forward with 0 < teacherForcing < 1 gives each sequence either its true or its own previous frame', () => {
  s.manualSeed(9);
  const model = new models.Tacotron({ vocabSize: 7, nMels: 4, linearBins: 6, reduction: 2, embedDim: 8, decoderDim: 8 }).eval();
  // Without the pre-net's inference-time dropout each choice gives one exact output, the same for every row.
  Object.assign(model.decoderPrenet, { alwaysDrop: false });
  const B = 64;
  const tokens = s.tensor(Array.from({ length: B }, () => [1, 2, 3]), { dtype: 'int32' });
  const mel = s.rand([1, 4, 4]).expand([B, 4, 4]).contiguous();
  const lastFrame = (teacherForcing: number): Tensor => s.noGrad(() => model.forward(tokens, new Array<number>(B).fill(3), mel, { teacherForcing }).mel.select(1, 3));
  const [truth, own, mixed] = [lastFrame(1).select(0, 0), lastFrame(0).select(0, 0), lastFrame(0.5)];
  assert.ok(truth.sub(own).abs().amax().item() > 1e-3, 'the two inputs give different frames');
  let fromTruth = 0;
  for (let row = 0; row < B; row++) {
    const [t, o] = [mixed.select(0, row).sub(truth).abs().amax().item(), mixed.select(0, row).sub(own).abs().amax().item()];
    assert.ok(t < 1e-6 || o < 1e-6, `row ${row} is neither the teacher-forced nor the free-running frame`);
    if (t < 1e-6) fromTruth++;
  }
  assert.ok(fromTruth >= 16 && fromTruth <= 48, `${fromTruth} of ${B} sequences read the true frame at p = 0.5`);
});

test('Tacotron learns: a few hundred steps on two short utterances cut the teacher-forced mel L1 well below the mean frame', () => {
  s.manualSeed(6);
  const model = new models.Tacotron({ vocabSize: 5, nMels: 6, linearBins: 6, reduction: 2, embedDim: 16, attentionDim: 16, decoderDim: 32 });
  const tokens = s.tensor([[1, 2, 3, 4], [4, 3, 2, 1]], { dtype: 'int32' });
  const t = s.arange(0, 12, 1).div(12).reshape([1, 12, 1]);
  const mel = s.cat([t.mul(s.tensor([1, 0.5, 0, 0, 0.2, 0.8]).reshape([1, 1, 6])), t.neg().add(1).mul(s.tensor([0, 0.3, 1, 0.6, 0, 0.1]).reshape([1, 1, 6]))]);
  const opt = new s.optim.Adam(model.parameters(), { lr: 3e-3 });
  const l1 = (): number => s.noGrad(() => model.forward(tokens, [4, 4], mel).mel.sub(mel).abs().mean().item());
  const baseline = mel.sub(mel.mean([0, 1], true)).abs().mean().item();
  for (let step = 0; step < 150; step++) {
    opt.zeroGrad();
    const out = model.forward(tokens, [4, 4], mel);
    out.mel.sub(mel).abs().mean().add(out.linear.sub(mel).abs().mean()).backward();
    opt.step();
  }
  const after = l1();
  assert.ok(after < 0.5 * baseline, `mel L1 ${after} vs mean-frame ${baseline}`);
});
