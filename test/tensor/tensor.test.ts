import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

test('tensor() infers shape and dtype; rejects ragged data', () => {
  const t = s.tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.equal(t.dtype, 'float32');
  assert.equal(s.tensor([true, false]).dtype, 'bool');
  assert.equal(s.tensor(new Int32Array([1, 2])).dtype, 'int32');
  assert.equal(s.tensor(5).ndim, 0);
  assert.throws(() => s.tensor([[1, 2], [3]]), { name: 'ValueError', message: /ragged/ });
  assert.throws(() => s.zeros([2, -1]), { name: 'ValueError', message: /invalid shape/ });
  assert.throws(() => s.zeros([2], { dtype: 'int64' as s.DType }), { name: 'DTypeError', message: /unknown dtype 'int64'/ });
});

test('creation functions match PyTorch values', () => {
  assert.deepEqual(s.arange(5).toArray(), [0, 1, 2, 3, 4]);
  assert.deepEqual(s.arange(1, 2, 0.25).toArray(), [1, 1.25, 1.5, 1.75]);
  assert.deepEqual(s.arange(5, 0, -2).toArray(), [5, 3, 1]);
  assert.deepEqual(s.linspace(0, 1, 5).toArray(), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(s.eye(2, 3).toArray(), [[1, 0, 0], [0, 1, 0]]);
  assert.deepEqual(s.full([2], 7, { dtype: 'int32' }).toArray(), [7, 7]);
  assert.deepEqual(s.onesLike(s.zeros([2], { dtype: 'float64' })).dtype, 'float64');
});

test('the same seed gives the same numbers; different seeds differ', () => {
  s.manualSeed(42);
  const a = [s.rand([5]).toArray(), s.randn([5]).toArray(), s.randint(0, 10, [5]).toArray(), s.randperm(6).toArray()];
  s.manualSeed(42);
  const b = [s.rand([5]).toArray(), s.randn([5]).toArray(), s.randint(0, 10, [5]).toArray(), s.randperm(6).toArray()];
  assert.deepEqual(a, b);
  s.manualSeed(43);
  assert.notDeepEqual(s.rand([5]).toArray(), a[0]);
  const g = new s.Generator(7);
  const state = g.getState();
  const first = s.rand([3], { generator: g }).toArray();
  g.setState(state);
  assert.deepEqual(s.rand([3], { generator: g }).toArray(), first);
});

test('withSeed draws reproducibly and leaves the global stream as it was, even when fn throws', () => {
  s.manualSeed(5);
  const expected = s.rand([3]).toArray();
  s.manualSeed(5);
  const inside = s.withSeed(0, () => s.rand([4]).toArray());
  assert.deepEqual(s.rand([3]).toArray(), expected);
  assert.deepEqual(s.withSeed(0, () => s.rand([4]).toArray()), inside);
  s.manualSeed(5);
  assert.throws(() => s.withSeed(1, () => { s.rand([2]); throw new Error('inside'); }), /inside/);
  assert.deepEqual(s.rand([3]).toArray(), expected);
});

test('random samples have the right statistics', () => {
  s.manualSeed(0);
  const n = 100000;
  const u = s.rand([n], { dtype: 'float64' });
  const z = s.randn([n], { dtype: 'float64' });
  // Means within 4 standard errors; variances of U(0,1) = 1/12 and N(0,1) = 1.
  assert.ok(Math.abs((u.mean().item() as number) - 0.5) < 4 * Math.sqrt(1 / 12 / n));
  assert.ok(Math.abs((z.mean().item() as number)) < 4 / Math.sqrt(n));
  assert.ok(Math.abs((u.var().item() as number) - 1 / 12) < 0.002);
  assert.ok(Math.abs((z.var().item() as number) - 1) < 0.02);
  const r = s.randint(3, 7, [n]);
  assert.equal(r.amin().item(), 3);
  assert.equal(r.amax().item(), 6);
  assert.deepEqual(s.randperm(50).sort().values.toArray(), s.arange(50).toArray());
});

test('toString prints like PyTorch', () => {
  assert.equal(s.tensor([[1, 2], [3, 4]]).toString(), 'tensor([[1., 2.],\n        [3., 4.]])');
  assert.equal(s.tensor([0.5, -1.25]).toString(), 'tensor([ 0.5000, -1.2500])');
  assert.equal(s.tensor([1e-5, 1]).toString(), 'tensor([1.0000e-05, 1.0000e+00])');
  assert.equal(s.arange(3).toString(), 'tensor([0, 1, 2])');
  assert.equal(s.tensor([true, false]).toString(), 'tensor([ True, False])');
  assert.equal(s.tensor(2.5, { dtype: 'float64' }).toString(), 'tensor(2.5000, dtype=float64)');
  assert.equal(s.tensor([1], { requiresGrad: true }).toString(), 'tensor([1.], requiresGrad=true)');
  assert.match(s.tensor([1], { requiresGrad: true }).mul(2).toString(), /gradFn=<mul>/);
  assert.match(s.zeros([2000]).toString(), /^tensor\(\[0\., 0\., 0\., \.\.\., 0\., 0\., 0\.\]\)$/);
});

test('reading data: item, toArray, dataSync copies, .data is live or throws', () => {
  const t = s.tensor([[1, 2], [3, 4]]).T;
  assert.deepEqual(Array.from(t.dataSync()), [1, 3, 2, 4]);
  const d = t.dataSync();
  d[0] = 99;
  assert.equal(t.toArray().toString(), '1,3,2,4');
  // A write through .data is never lost: contiguous tensors give a live view, strided ones throw.
  assert.throws(() => t.data, { name: 'ValueError', message: /not contiguous.*dataSync/ });
  const p = s.tensor([[1, 2], [3, 4]]);
  p.select(0, 1).data[1] = 40;
  assert.deepEqual(p.toArray(), [[1, 2], [3, 40]]);
  assert.equal(s.tensor([3]).item(), 3);
  assert.equal(s.tensor([true]).item(), 1);
  assert.equal(s.tensor([true]).itemBool(), true);
  assert.throws(() => t.item(), { name: 'ValueError', message: /item: a tensor with 4 elements/ });
  assert.deepEqual(t.size(), [2, 2]);
  assert.equal(t.size(-1), 2);
});

test('casting with to() follows PyTorch (truncation toward zero, nonzero is true)', () => {
  assert.deepEqual(s.tensor([-1.7, 2.9]).to('int32').toArray(), [-1, 2]);
  assert.deepEqual(s.tensor([0, -0.5, NaN]).to('bool').toArray(), [false, true, true]);
  const x = s.tensor([1.5], { requiresGrad: true });
  x.to('float64').mul(2).sum().backward();
  assert.equal(x.grad!.dtype, 'float32');
});

test('backends are visible and selectable; the fastest one built is the default', () => {
  const expected = s.nativeIsa() === null ? 'js' : 'native';
  assert.equal(s.getBackend().name, process.env.SHINSOU_BACKEND ?? expected);
  assert.ok(s.listBackends().includes('js'));
  assert.throws(() => s.setBackend('cuda'), { name: 'ValueError', message: /unknown backend 'cuda'/ });
  const before = s.getBackend().name;
  s.setBackend('js');
  assert.equal(s.getBackend().name, 'js');
  s.setBackend(before);
});

test('everyday calls: t(), max as [values, indices], console.log, uniform_/normal_ in place', async () => {
  const x = s.tensor([[1, 7, 3], [9, 2, 4]]);
  assert.deepEqual(x.t().toArray(), [[1, 9], [7, 2], [3, 4]]);
  assert.equal(s.tensor([1, 2]).t().ndim, 1);
  assert.throws(() => s.zeros([2, 2, 2]).t(), { name: 'ValueError', message: /t: expects a tensor with at most 2 dims/ });
  const [values, indices] = x.max(1);
  assert.deepEqual(values!.toArray(), [7, 9]);
  assert.deepEqual(indices!.toArray(), [1, 0]);
  assert.deepEqual(x.max(1).indices.toArray(), [1, 0]);
  const [top] = x.topk(2, 1);
  assert.deepEqual(top!.toArray(), [[7, 3], [9, 4]]);
  const { inspect } = await import('node:util');
  assert.equal(inspect(x), x.toString());
  const w = s.zeros([1000], { dtype: 'float64' });
  s.manualSeed(3);
  w.uniform_(-2, 2);
  assert.ok(w.amin().item() >= -2 && w.amax().item() < 2 && Math.abs(w.mean().item()) < 0.2);
  const g = new s.Generator(5);
  w.normal_(1, 0.5, { generator: g });
  assert.ok(Math.abs(w.mean().item() - 1) < 0.06 && Math.abs(w.std().item() - 0.5) < 0.05);
  assert.throws(() => s.zeros([2], { requiresGrad: true }).normal_(), { name: 'AutogradError', message: /in-place/ });
  assert.throws(() => w.normal_(0, 1, { seed: 1 } as never), { name: 'ValueError', message: /normal_: unknown option 'seed'/ });
});
