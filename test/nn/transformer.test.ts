import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose } from '../helpers.js';

const { nn } = s;

/** The module with every parameter replaced by a float64 copy, for gradcheck. */
function toFloat64<M extends s.nn.Module>(module: M): M {
  for (const m of module.modules()) {
    for (const [k, v] of Object.entries(m)) {
      if (v instanceof nn.Parameter) (m as unknown as Record<string, unknown>)[k] = new nn.Parameter(v.detach().to('float64'));
    }
  }
  return module;
}

const r64 = (shape: number[], gen: s.Generator): s.Tensor => s.randn(shape, { dtype: 'float64', generator: gen }).requiresGrad_();

test('TransformerDecoderLayer (post-LN and pre-LN, with masks): input and every parameter gradient pass gradcheck in float64', () => {
  for (const normFirst of [false, true]) {
    s.manualSeed(11);
    const layer = toFloat64(new nn.TransformerDecoderLayer(4, 2, { dimFeedforward: 6, dropout: 0, normFirst, activation: normFirst ? 'gelu' : 'relu' }));
    const gen = new s.Generator(12);
    const memoryKeyPaddingMask = s.tensor([[0, 0, 0], [0, 0, 1]]).gt(0);
    const fn = (t: s.Tensor, m: s.Tensor): s.Tensor => layer.forward(t, m, { tgtIsCausal: true, memoryKeyPaddingMask }).reshape([-1]);
    assert.equal(s.gradcheck(fn, [r64([3, 2, 4], gen), r64([3, 2, 4], gen), ...layer.parameters()]), true, `normFirst ${normFirst}`);
  }
});

test('nn.Transformer: inputs and every parameter pass gradcheck in float64 with source, target and memory masks', () => {
  s.manualSeed(13);
  const model = toFloat64(new nn.Transformer({ dModel: 4, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 4, dropout: 0, batchFirst: true }));
  const gen = new s.Generator(14);
  const pad = s.tensor([[0, 0, 0], [0, 1, 1]]).gt(0);
  const tgtMask = nn.Transformer.generateSquareSubsequentMask(2).to('float64');
  const fn = (src: s.Tensor, tgt: s.Tensor): s.Tensor =>
    model.forward(src, tgt, { tgtMask, srcKeyPaddingMask: pad, memoryKeyPaddingMask: pad }).reshape([-1]);
  assert.equal(s.gradcheck(fn, [r64([2, 3, 4], gen), r64([2, 2, 4], gen), ...model.parameters()]), true);
});

test('decoder causality: changing future target positions leaves earlier outputs unchanged', () => {
  s.manualSeed(3);
  const decoder = new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 2, { dimFeedforward: 16, dropout: 0 }), 2, new nn.LayerNorm(8));
  const [tgt, memory] = [s.randn([6, 2, 8]), s.randn([4, 2, 8])];
  const changed = s.cat([tgt.narrow(0, 0, 4), s.randn([2, 2, 8])], 0);
  const mask = nn.Transformer.generateSquareSubsequentMask(6);
  const [a, b] = [decoder.forward(tgt, memory, mask), decoder.forward(changed, memory, mask)];
  assertClose(b.narrow(0, 0, 4), a.narrow(0, 0, 4), { atol: 1e-6 });
  assert.ok((b.narrow(0, 4, 2).sub(a.narrow(0, 4, 2)).abs().sum().item() as number) > 1e-3, 'the changed positions do change');
  assertClose(decoder.forward(tgt, memory, { tgtIsCausal: true }), a, { atol: 1e-6 }, 'tgtIsCausal is the same mask');
});

test('padding masks: padded source and target positions change no unpadded output of nn.Transformer', () => {
  s.manualSeed(4);
  const model = new nn.Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 2, numDecoderLayers: 2, dimFeedforward: 16, dropout: 0, batchFirst: true });
  const [src, tgt] = [s.randn([2, 5, 8]), s.randn([2, 4, 8])];
  const srcPad = s.tensor([[0, 0, 0, 0, 0], [0, 0, 0, 1, 1]]).gt(0);
  const tgtPad = s.tensor([[0, 0, 0, 0], [0, 0, 1, 1]]).gt(0);
  const options = { srcKeyPaddingMask: srcPad, memoryKeyPaddingMask: srcPad, tgtKeyPaddingMask: tgtPad, tgtMask: nn.Transformer.generateSquareSubsequentMask(4) };
  const noise = (x: s.Tensor, pad: s.Tensor): s.Tensor => x.add(s.randn(x.shape).mul(pad.unsqueeze(2).to('float32')));
  const [a, b] = [model.forward(src, tgt, options), model.forward(noise(src, srcPad), noise(tgt, tgtPad), options)];
  const real = tgtPad.logicalNot().unsqueeze(2).to('float32');
  assertClose(b.mul(real), a.mul(real), { atol: 1e-5 });
});

test('KeyValueCache: decoding one position at a time equals the uncached causal pass (both layouts, post- and pre-LN), and reorder picks rows', () => {
  for (const [batchFirst, normFirst] of [[false, false], [true, true]]) {
    s.manualSeed(5);
    const decoder = new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 4, { dimFeedforward: 16, dropout: 0, batchFirst, normFirst }), 3, new nn.LayerNorm(8));
    const [t, n, sLen] = [5, 3, 4];
    const seqDim = batchFirst ? 1 : 0;
    const tgt = s.randn(batchFirst ? [n, t, 8] : [t, n, 8]);
    const memory = s.randn(batchFirst ? [n, sLen, 8] : [sLen, n, 8]);
    const memoryKeyPaddingMask = s.tensor([[0, 0, 0, 0], [0, 0, 0, 1], [0, 1, 1, 1]]).gt(0);
    const full = decoder.forward(tgt, memory, { tgtIsCausal: true, memoryKeyPaddingMask });
    const cache = new nn.KeyValueCache();
    const steps: s.Tensor[] = [];
    for (let i = 0; i < t; i++) {
      steps.push(decoder.forward(tgt.narrow(seqDim, i, 1), memory, { cache, memoryKeyPaddingMask }));
      assert.equal(cache.length, i + 1);
    }
    assertClose(s.cat(steps, seqDim), full, { atol: 1e-5 }, `batchFirst ${batchFirst}`);
    // Two new positions at once, after three cached ones: the causal mask lines up with the cache.
    const cache2 = new nn.KeyValueCache();
    const first = decoder.forward(tgt.narrow(seqDim, 0, 3), memory, { cache: cache2, tgtIsCausal: true, memoryKeyPaddingMask });
    const rest = decoder.forward(tgt.narrow(seqDim, 3, 2), memory, { cache: cache2, tgtIsCausal: true, memoryKeyPaddingMask });
    assertClose(s.cat([first, rest], seqDim), full, { atol: 1e-5 }, 'blocks of positions');
  }
  s.manualSeed(6);
  const decoder = new nn.TransformerDecoder(new nn.TransformerDecoderLayer(4, 2, { dimFeedforward: 8, dropout: 0, batchFirst: true }), 1);
  const [tgt, memory] = [s.randn([2, 2, 4]), s.randn([2, 3, 4])];
  const cache = new nn.KeyValueCache();
  decoder.forward(tgt.narrow(1, 0, 1), memory, { cache });
  cache.reorder([1, 1]);
  const step = decoder.forward(tgt.narrow(1, 1, 1).select(0, 1).unsqueeze(0).expand([2, 1, 4]), memory.select(0, 1).unsqueeze(0).expand([2, 3, 4]), { cache });
  const want = decoder.forward(tgt.select(0, 1).unsqueeze(0), memory.select(0, 1).unsqueeze(0), { tgtIsCausal: true }).narrow(1, 1, 1);
  assertClose(step.select(0, 0), want.select(0, 0), { atol: 1e-5 });
  assertClose(step.select(0, 1), want.select(0, 0), { atol: 1e-5 });
  assert.throws(() => decoder.forward(tgt, memory, { cache: {} as s.nn.KeyValueCache }), /cache must be a KeyValueCache/);
});

test('SPEC §12.6: sinusoidal encodings match the closed form, and PE(pos + k) is a fixed rotation of PE(pos) per frequency pair', () => {
  const d = 16;
  const pe = nn.sinusoidalPositions(50, d);
  const table = pe.dataSync();
  const at = (pos: number, i: number): number => table[pos * d + i]!;
  for (const [pos, i] of [[0, 0], [0, 1], [7, 4], [31, 5], [49, 14], [49, 15]] as const) {
    const w = 1 / 10000 ** ((i - (i % 2)) / d);
    assert.ok(Math.abs(at(pos, i) - (i % 2 === 0 ? Math.sin(pos * w) : Math.cos(pos * w))) < 1e-4, `PE(${pos}, ${i})`);
  }
  const k = 5;
  for (let i = 0; i < d; i += 2) {
    const w = 1 / 10000 ** (i / d);
    const [c, sn] = [Math.cos(k * w), Math.sin(k * w)];
    for (const pos of [0, 3, 20, 40]) {
      // sin(a + b) = sin a cos b + cos a sin b; cos(a + b) = cos a cos b − sin a sin b.
      assert.ok(Math.abs(at(pos + k, i) - (at(pos, i) * c + at(pos, i + 1) * sn)) < 1e-4);
      assert.ok(Math.abs(at(pos + k, i + 1) - (at(pos, i + 1) * c - at(pos, i) * sn)) < 1e-4);
    }
  }
  const enc = new nn.PositionalEncoding(d, { dropout: 0, maxLen: 50 });
  assert.deepEqual(enc.pe.shape, [50, 1, d]);
  const x = s.randn([4, 2, d]);
  assertClose(enc.forward(x, 3), x.add(pe.narrow(0, 3, 4).unsqueeze(1)));
  const learned = new nn.LearnedPositionalEncoding(d, { dropout: 0, maxLen: 8, batchFirst: true });
  assertClose(learned.forward(x.transpose(0, 1), 2), x.transpose(0, 1).add(learned.weight.narrow(0, 2, 4).unsqueeze(0)));
  assert.throws(() => enc.forward(x, 47), /positions 47…50 exceed maxLen 50/);
  assert.throws(() => enc.forward(s.randn([4, 2, 8])), s.ShapeError);
});

test('SPEC §12.6: NoamLR gives the paper\'s rates for d_model 512, warmup 4000', () => {
  const p = new nn.Parameter(s.zeros([1]));
  const opt = new s.optim.Adam([p], { lr: 1, betas: [0.9, 0.98], eps: 1e-9 });
  const sched = new s.optim.NoamLR(opt, { dModel: 512, warmupSteps: 4000 });
  const rates: Record<number, number> = {};
  for (let step = 1; step <= 100000; step++) {
    if ([1, 100, 4000, 10000, 100000].includes(step)) rates[step] = opt.paramGroups[0]!.lr;
    sched.step();
  }
  for (const [step, want] of [[1, 1.747e-7], [100, 1.747e-5], [4000, 6.988e-4], [10000, 4.419e-4], [100000, 1.398e-4]] as const) {
    assert.ok(Math.abs(rates[step]! - want) / want < 1e-3, `step ${step}: ${rates[step]}`);
  }
  assert.throws(() => new s.optim.NoamLR(opt, { warmupSteps: 0 }), s.ValueError);
});

test('stacks copy their layer: equal initial weights in distinct parameters; PyTorch positional forms work', () => {
  const layer = new nn.TransformerEncoderLayer(8, 2, 16, 0.2);
  assert.equal(layer.options.dimFeedforward, 16);
  assert.equal(layer.dropout.p, 0.2);
  const encoder = new nn.TransformerEncoder(layer, 2);
  const keys = Object.keys(encoder.stateDict());
  assert.ok(keys.includes('layers.1.self_attn.in_proj_weight') && !keys.some((k) => k.startsWith('norm')));
  const [a, b] = [encoder.layers.at(0) as s.nn.TransformerEncoderLayer, encoder.layers.at(1) as s.nn.TransformerEncoderLayer];
  assertClose(a.linear1.weight, b.linear1.weight, { atol: 0 });
  assert.notEqual(a.linear1.weight, b.linear1.weight);
  assert.equal([...encoder.parameters()].length, 2 * [...layer.parameters()].length);
  const transformer = new nn.Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 8 });
  assert.ok(Object.keys(transformer.stateDict()).includes('decoder.layers.0.multihead_attn.out_proj.weight'));
  assert.ok(Object.keys(transformer.stateDict()).includes('encoder.norm.weight'));
  const mask = nn.Transformer.generateSquareSubsequentMask(3);
  assert.deepEqual([...mask.dataSync()], [0, -Infinity, -Infinity, 0, 0, -Infinity, 0, 0, 0]);
  assert.throws(() => new nn.TransformerEncoder(layer, 0), s.ValueError);
  assert.throws(() => new (nn.TransformerEncoderLayer as unknown as new (...a: unknown[]) => unknown)(8, 2, { dropout: 0 }, 0.1), s.ValueError);
  assert.throws(() => transformer.forward(s.zeros([3, 2, 8]), s.zeros([3, 1, 8])), /same batch size/);
});

test('self-attention without gradients (one packed projection, no mask for a lone query) gives what the recorded pass gives', () => {
  const gen = new s.Generator(7);
  const mha = new nn.MultiheadAttention(16, 4, { batchFirst: true });
  for (const [l, isCausal] of [[5, true], [1, true], [3, false]] as const) {
    const x = s.randn([2, l, 16], { generator: gen });
    const recorded = mha.forward(x, x, x, { isCausal, needWeights: false })[0];
    const inference = s.noGrad(() => mha.forward(x, x, x, { isCausal, needWeights: false })[0]);
    assertClose(inference, recorded, { atol: 1e-6 });
  }
});
