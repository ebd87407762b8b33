import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose } from '../helpers.js';

const { nn } = s;

/** A layer's forward on a tensor or a PackedSequence, whatever its state type. */
type Forward = (x: s.Tensor | s.nn.PackedSequence) => [s.Tensor | s.nn.PackedSequence, s.Tensor | [s.Tensor, s.Tensor]];

const layers = (): [string, { forward: Forward }][] => [
  ['LSTM', new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true }) as unknown as { forward: Forward }],
  ['GRU', new nn.GRU(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true }) as unknown as { forward: Forward }],
  ['RNN', new nn.RNN(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true, nonlinearity: 'relu' }) as unknown as { forward: Forward }],
];

test('padding changes no result: a packed batch gives each sequence its own outputs, final states and gradients', () => {
  s.manualSeed(1);
  const lengths = [5, 2, 4];
  const sequences = lengths.map((l) => s.randn([l, 3]));
  for (const [name, layer] of layers()) {
    const padded = nn.padSequence(sequences, { batchFirst: true }).requiresGrad_();
    const packed = nn.packPaddedSequence(padded, lengths, { batchFirst: true, enforceSorted: false });
    const [out, state] = layer.forward(packed) as [s.nn.PackedSequence, s.Tensor | [s.Tensor, s.Tensor]];
    const [y, outLengths] = nn.padPackedSequence(out, { batchFirst: true });
    assert.deepEqual([...outLengths.dataSync()], lengths);
    const finals = Array.isArray(state) ? state : [state];
    lengths.forEach((l, b) => {
      const alone = sequences[b]!.unsqueeze(0);
      const [yb, stateB] = layer.forward(alone) as [s.Tensor, s.Tensor | [s.Tensor, s.Tensor]];
      assertClose(y.narrow(0, b, 1).narrow(1, 0, l), yb, { atol: 1e-6 }, `${name} sample ${b} outputs`);
      if (l < 5) assert.equal(Number(y.narrow(0, b, 1).narrow(1, l, 5 - l).abs().amax().item()), 0, `${name} padded outputs are 0`);
      (Array.isArray(stateB) ? stateB : [stateB]).forEach((f, i) => assertClose(finals[i]!.narrow(1, b, 1), f, { atol: 1e-6 }, `${name} sample ${b} final state ${i}`));
    });
    y.sum().add(finals[0]!.sum()).backward();
    lengths.forEach((l, b) => {
      if (l < 5) assert.equal(Number(padded.grad!.narrow(0, b, 1).narrow(1, l, 5 - l).abs().amax().item()), 0, `${name}: no gradient reaches padding`);
    });
  }
});

test('padSequence, packPaddedSequence and padPackedSequence follow PyTorch’s shapes and checks', () => {
  const a = s.ones([3, 2]);
  const b = s.ones([1, 2]).mul(2);
  const tMajor = nn.padSequence([a, b], { paddingValue: -1 });
  assert.deepEqual(tMajor.shape, [3, 2, 2]);
  assert.deepEqual([...tMajor.select(1, 1).reshape([-1]).dataSync()], [2, 2, -1, -1, -1, -1]);
  assert.throws(() => nn.packPaddedSequence(tMajor, [1, 3]), /not sorted in decreasing order/);
  assert.throws(() => nn.packPaddedSequence(tMajor, [4, 1]), /lengths must be integers in \[1, 3\]/);
  assert.throws(() => nn.packPaddedSequence(tMajor, [3]), /1 lengths for a batch of 2/);
  const [back] = nn.padPackedSequence(nn.packPaddedSequence(tMajor, [3, 1]), { paddingValue: 7, totalLength: 4 });
  assert.deepEqual(back.shape, [4, 2, 2]);
  assert.equal(Number(back.select(0, 3).amin().item()), 7);
  assert.equal(Number(back.select(0, 1).select(0, 1).amin().item()), 7);
  assert.throws(() => nn.padPackedSequence(nn.packPaddedSequence(tMajor, [3, 1]), { totalLength: 2 }), s.ValueError);
  assert.throws(() => nn.padSequence([s.ones([2, 2]), s.ones([2, 3])]), s.ShapeError);
});
