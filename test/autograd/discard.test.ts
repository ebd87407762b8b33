/** A library function's dead intermediates go back to the pool at once; saved or traced ones never do. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discard } from '../../src/autograd/discard.js';
import { traceCalls } from '../../src/autograd/trace.js';
import { takeRecycled } from '../../src/backend/recycling.js';
import * as s from '../../src/index.js';

/** Empties the pool of buffers of `length` elements, returning them. */
function drain(length: number): Float32Array[] {
  const buffers: Float32Array[] = [];
  for (let b = takeRecycled(length); b !== undefined; b = takeRecycled(length)) buffers.push(b);
  return buffers;
}

// Lengths no other test's tensors have, so the pool holds only what these tests put there.
const [ROWS, COLS] = [13, 167];

test('discard hands back an unsaved intermediate once, however often it is called', () => {
  drain(ROWS * COLS);
  const x = s.randn([ROWS, COLS], { requiresGrad: true });
  const y = x.mul(2); // mul saves only the operand the other's gradient needs: here the 2
  const z = y.add(1); // add saves nothing
  discard(y);
  discard(y);
  assert.equal(takeRecycled(ROWS * COLS), y.storage.data);
  assert.equal(takeRecycled(ROWS * COLS), undefined);
  assert.ok(z.requiresGrad);
});

test('discard keeps what a graph node saved for its backward, and the gradient stays right', () => {
  drain(ROWS * COLS);
  const x = s.randn([ROWS, COLS], { requiresGrad: true });
  const w = s.randn([ROWS, COLS], { requiresGrad: true });
  const h = x.add(0.5);
  const view = h.reshape([COLS, ROWS]);
  const out = view.mul(w.reshape([COLS, ROWS])); // mul saves h's view for w's gradient
  discard(h);
  assert.equal(takeRecycled(ROWS * COLS), undefined);
  s.randn([ROWS, COLS]).mul(3); // an output that would have taken h's buffer
  out.sum().backward();
  assert.deepEqual(w.grad!.toArray(), x.add(0.5).toArray());
});

test('nothing is discarded while a tracer listens', () => {
  drain(ROWS * COLS);
  const y = s.randn([ROWS, COLS]).exp();
  traceCalls({ record: () => undefined }, () => discard(y));
  assert.equal(takeRecycled(ROWS * COLS), undefined);
});

test('linear, attention and layer norm reuse their dead intermediates without changing any result', () => {
  s.manualSeed(1);
  const mha = new s.nn.MultiheadAttention(16, 2, { batchFirst: true });
  const norm = new s.nn.LayerNorm(16);
  const x = s.randn([3, 7, 16], { requiresGrad: true });
  const run = (): { out: number[]; grad: number[] } => {
    x.grad = null;
    const out = norm.forward(mha.forward(x, x, x, { needWeights: false, isCausal: true, attnMask: s.nn.Transformer.generateSquareSubsequentMask(7) })[0]);
    out.mul(out).sum().backward();
    return { out: out.toArray() as number[], grad: x.grad!.toArray() as number[] };
  };
  const first = run();
  // Outputs made meanwhile reuse the handed-back buffers; a second pass must agree bit for bit.
  const second = run();
  assert.deepEqual(second, first);
  const reference = s.noGrad(() => norm.forward(mha.forward(x, x, x, { needWeights: false, isCausal: true, attnMask: s.nn.Transformer.generateSquareSubsequentMask(7) })[0]));
  assert.deepEqual(reference.toArray(), first.out);
});

test('a saved intermediate discarded in the forward is handed back once backward released every node keeping it', () => {
  const x = s.randn([ROWS, COLS], { requiresGrad: true });
  const expected = x.mul(2).cos().mul(2).toArray();
  const run = (pass: (loss: s.Tensor) => void): s.Tensor => {
    drain(ROWS * COLS);
    x.grad = null;
    const h = x.mul(2);
    const out = h.sin(); // sin keeps h for its backward
    discard(h);
    assert.equal(takeRecycled(ROWS * COLS), undefined, 'kept until the backward');
    pass(out.sum());
    return h;
  };
  // (The pool may also hold gradients of the same length that the backward was done with.)
  const h = run((loss) => loss.backward());
  assert.ok(drain(ROWS * COLS).some((b) => b === h.storage.data));
  assert.deepEqual(x.grad!.toArray(), expected);
  // grad() may hand out a gradient sharing a saved tensor's memory, and a retained graph still needs it.
  for (const [label, pass] of [['grad', (loss: s.Tensor) => s.grad([loss], [x])], ['retained graph', (loss: s.Tensor) => loss.backward(null, { retainGraph: true })]] as const) {
    const kept = run(pass);
    assert.ok(!drain(ROWS * COLS).some((b) => b === kept.storage.data), label);
  }
});

test('a Transformer layer whose part is a subclass (which may keep its output) discards nothing of it', () => {
  s.manualSeed(2);
  const layer = new s.nn.TransformerEncoderLayer(16, 2, { dimFeedforward: 24, dropout: 0, batchFirst: true });
  const kept: s.Tensor[] = [];
  class KeepingLinear extends s.nn.Linear {
    override forward(x: s.Tensor): s.Tensor {
      const y = super.forward(x);
      kept.push(y);
      return y;
    }
  }
  const keeping = new KeepingLinear(16, 24);
  (layer as unknown as { linear1: s.nn.Linear }).linear1 = keeping;
  const x = s.randn([3, 5, 16], { requiresGrad: true });
  layer.forward(x).square().sum().backward();
  const before = kept[0]!.toArray();
  // Outputs of the same length made now would take a handed-back buffer.
  for (let i = 0; i < 3; i++) layer.forward(x).square().sum().backward();
  assert.deepEqual(kept[0]!.toArray(), before);
});
