import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose, checkFixtures } from '../helpers.js';

const F = s.F;

checkFixtures('ctc', {
  ctc: ([z, y], { inputLengths, targetLengths, options }) => F.ctcLoss(z!.logSoftmax(-1), y!, inputLengths, targetLengths, options),
}, { rtol: 1e-5, atol: 1e-5 });

const labels = (rows: number[][]): s.Tensor => s.tensor(rows, { dtype: 'int32' });

/** Every path of `frames` classes that collapses (merge repeats, drop blanks 0) to `target`. */
function alignments(frames: number, classes: number, target: readonly number[]): number[][] {
  const paths: number[][] = [];
  const walk = (path: number[]): void => {
    if (path.length === frames) {
      const collapsed = path.filter((c, t) => c !== 0 && c !== path[t - 1]);
      if (collapsed.join() === target.join()) paths.push(path);
      return;
    }
    for (let c = 0; c < classes; c++) walk([...path, c]);
  };
  walk([]);
  return paths;
}

test('ctcLoss is −log of the probability summed over every alignment (brute force)', () => {
  const logProbs = s.randn([5, 1, 3], { generator: new s.Generator(3), dtype: 'float64' }).logSoftmax(-1);
  const lp = logProbs.dataSync();
  for (const target of [[1, 2], [1, 1], [2]]) {
    const p = alignments(5, 3, target).reduce((sum, path) => sum + Math.exp(path.reduce((a, c, t) => a + Number(lp[t * 3 + c]), 0)), 0);
    const loss = F.ctcLoss(logProbs, labels([target]), [5], [target.length], { reduction: 'sum' }).item();
    assert.ok(Math.abs(loss + Math.log(p)) < 1e-12, `${target}: ${loss} vs ${-Math.log(p)}`);
  }
});

test('ctcLoss has the true gradient with respect to any log-probabilities, not only log_softmax outputs (float64)', () => {
  const raw = s.randn([6, 2, 4], { generator: new s.Generator(8), dtype: 'float64' }).mul(0.5).sub(1.5).requiresGrad_();
  const f = (x: s.Tensor): s.Tensor => F.ctcLoss(x, labels([[1, 3, 3], [2, 0, 0]]), [6, 4], [3, 1], { reduction: 'none' });
  assert.equal(s.gradcheck(f, [raw]), true);
});

test('ctcLoss: frames too few for the labels give +∞, or 0 (and a zero gradient) with zeroInfinity', () => {
  const z = s.randn([3, 1, 4], { requiresGrad: true });
  assert.equal(F.ctcLoss(z.logSoftmax(-1), labels([[1, 1]]), [2], [2]).item(), Infinity); // "1 1" needs 3 frames
  const zeroed = F.ctcLoss(z.logSoftmax(-1), labels([[1, 1]]), [2], [2], { zeroInfinity: true });
  zeroed.backward();
  assert.equal(zeroed.item(), 0);
  assert.deepEqual([...z.grad!.dataSync()], new Array(12).fill(0));
  assert.equal(F.ctcLoss(z.logSoftmax(-1), labels([[]]), [0], [0], { reduction: 'sum' }).item(), 0);
});

test('ctcLoss: unbatched [T, C] takes number lengths; nn.CTCLoss wraps F.ctcLoss', () => {
  const logProbs = s.randn([6, 5]).logSoftmax(-1);
  const target = s.tensor([3, 1], { dtype: 'int32' });
  const batched = F.ctcLoss(logProbs.unsqueeze(1), target.unsqueeze(0), [6], [2], { reduction: 'none' });
  const unbatched = F.ctcLoss(logProbs, target, 6, 2, { reduction: 'none' });
  assert.deepEqual(unbatched.shape, []);
  assertClose(unbatched, batched.reshape([]));
  assertClose(new s.nn.CTCLoss({ reduction: 'sum' }).forward(logProbs.unsqueeze(1), target.unsqueeze(0), [6], [2]), batched.sum());
});

test('ctcLoss: bad arguments throw named errors that say what was expected', () => {
  const lp = s.randn([5, 2, 4]).logSoftmax(-1);
  const y = labels([[1, 2], [3, 1]]);
  assert.throws(() => F.ctcLoss(lp, labels([[0, 2], [3, 1]]), [5, 5], [2, 2]), { name: 'ValueError', message: /other than the blank 0/ });
  assert.throws(() => F.ctcLoss(lp, labels([[4, 2], [3, 1]]), [5, 5], [2, 2]), { name: 'ValueError', message: /classes in \[0, 3\]/ });
  assert.throws(() => F.ctcLoss(lp, y, [6, 5], [2, 2]), { name: 'ValueError', message: /at most the 5 frames/ });
  assert.throws(() => F.ctcLoss(lp, y, [5], [2, 2]), { name: 'ShapeError', message: /inputLengths needs 2 entries/ });
  assert.throws(() => F.ctcLoss(lp, y, [5, 5], [3, 2]), { name: 'ShapeError', message: /exceeds the 2 columns/ });
  assert.throws(() => F.ctcLoss(lp, s.tensor([1, 2, 3], { dtype: 'int32' }), [5, 5], [2, 2]), { name: 'ShapeError', message: /concatenated/ });
  assert.throws(() => F.ctcLoss(lp, y.float(), [5, 5], [2, 2]), { name: 'DTypeError', message: /int32/ });
  assert.throws(() => F.ctcLoss(lp, y, [5, 5], [2, 2], { blank: 4 }), { name: 'ValueError', message: /blank must be a class/ });
  assert.throws(() => F.ctcLoss(lp.reshape([40]), y, [5, 5], [2, 2]), { name: 'ShapeError', message: /\[T, N, C\]/ });
  assert.throws(() => F.ctcLoss(lp, y, [5, 5], [2, 2], { reduction: 'batchmean' as 'mean' }), { name: 'ValueError', message: /reduction/ });
});

test('ctcLoss refuses second derivatives (as PyTorch does)', () => {
  const z = s.randn([4, 1, 3], { requiresGrad: true });
  const loss = F.ctcLoss(z.logSoftmax(-1), labels([[1]]), [4], [1]);
  assert.throws(() => s.grad([loss], [z], { createGraph: true }), { name: 'AutogradError', message: /second derivatives/ });
});

test('ctcGreedyDecode: the best class per frame, repeats merged unless a blank parts them, blanks dropped, only the valid frames', () => {
  const path = [[1, 2], [1, 0], [0, 0], [1, 3], [2, 3], [2, 1]]; // [T = 6, N = 2] best classes
  const logProbs = s.tensor(path.map((row) => row.map((c) => [0, 1, 2, 3].map((k) => (k === c ? 0 : -5))))).logSoftmax(-1);
  assert.deepEqual(F.ctcGreedyDecode(logProbs, [6, 5]), [[1, 1, 2], [2, 3]]);
  assert.deepEqual(F.ctcGreedyDecode(logProbs, [6, 6], 3), [[1, 0, 1, 2], [2, 0, 1]]);
  assert.throws(() => F.ctcGreedyDecode(logProbs, [7, 6]), { name: 'ValueError', message: /at most the 6 frames/ });
  assert.throws(() => F.ctcGreedyDecode(logProbs.select(1, 0), [6]), { name: 'ShapeError', message: /\[T, N, C\]/ });
});
