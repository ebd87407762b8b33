import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const { data } = s;

test('TensorDataset and DataLoader: batch shapes, dropLast, seeded shuffling', () => {
  const x = s.arange(10).float().reshape([10, 1]);
  const y = s.arange(10);
  const ds = new data.TensorDataset(x, y);
  assert.equal(ds.length, 10);
  assert.deepEqual(ds.get(3).map((t) => t.toArray()), [[3], 3]);
  const loader = new data.DataLoader(ds, { batchSize: 4 });
  assert.equal(loader.length, 3);
  assert.deepEqual([...loader].map(([, lab]) => lab!.toArray()), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  assert.equal(new data.DataLoader(ds, { batchSize: 4, dropLast: true }).length, 2);
  const order = (seed: number): number[] => {
    const l = new data.DataLoader(ds, { batchSize: 10, shuffle: true, generator: new s.Generator(seed) });
    return [...l][0]![1]!.toArray() as number[];
  };
  assert.deepEqual(order(5), order(5));
  assert.notDeepEqual(order(5), order(6));
  assert.deepEqual([...order(5)].sort((a, b) => a - b), [...Array(10).keys()]);
});

test('custom collate and the default collate of per-sample tensors', () => {
  const ds = { length: 3, get: (i: number) => ({ x: s.full([2], i), n: i }) };
  const [batch] = [...new data.DataLoader(ds, { batchSize: 3 })] as unknown as { x: s.Tensor; n: s.Tensor }[];
  assert.deepEqual(batch!.x.shape, [3, 2]);
  assert.deepEqual(batch!.n.toArray(), [0, 1, 2]);
  const sums = [...new data.DataLoader(ds, { batchSize: 2, collate: (items) => items.reduce((a, b) => a + b.n, 0) })];
  assert.deepEqual(sums, [1, 2]);
});

test('randomSplit: disjoint, complete, seeded; fractions supported', () => {
  const ds = new data.TensorDataset(s.arange(10));
  const [a, b] = data.randomSplit(ds, [7, 3], new s.Generator(1));
  const all = [...a!.indices, ...b!.indices].sort((p, q) => p - q);
  assert.deepEqual(all, [...Array(10).keys()]);
  assert.deepEqual(data.randomSplit(ds, [0.5, 0.5], new s.Generator(1)).map((p) => p.length), [5, 5]);
  assert.throws(() => data.randomSplit(ds, [3, 3]), { name: 'ValueError', message: /do not add up/ });
  const [first] = [...new data.DataLoader(a!, { batchSize: 7 })];
  assert.deepEqual(first![0]!.toArray(), a!.indices);
});

test('IDX parsing validates its input', () => {
  const good = new Uint8Array([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(data.parseIdx(good).toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.throws(() => data.parseIdx(good.subarray(0, 15)), { name: 'FormatError', message: /needs 6/ });
  assert.throws(() => data.parseIdx(new Uint8Array([0, 0, 13, 1, 0, 0, 0, 1, 0, 0, 0, 0])), { name: 'FormatError', message: /element type 0xd/ });
  assert.throws(() => data.parseIdx(new Uint8Array([1, 2, 8, 1])), { name: 'FormatError', message: /not IDX/ });
});

test('the shipped MNIST split: 8,000/2,000 real digits, stratified, pixels in [0, 1]', () => {
  const train = data.loadMnist('train');
  const test = data.loadMnist('test');
  assert.deepEqual(train.images.shape, [8000, 1, 28, 28]);
  assert.deepEqual(test.images.shape, [2000, 1, 28, 28]);
  const counts = (labels: s.Tensor): number[] => s.oneHot(labels, 10).sum(0).toArray() as number[];
  assert.deepEqual(counts(test.labels), [200, 225, 198, 206, 196, 173, 203, 214, 189, 196]);
  assert.deepEqual(counts(train.labels), [801, 902, 793, 826, 784, 690, 811, 856, 755, 782]);
  assert.equal(train.images.amin().item(), 0);
  assert.equal(train.images.amax().item(), 1);
  const mean = train.images.mean().item() as number;
  assert.ok(mean > 0.1 && mean < 0.16, `mean pixel ${mean}`); // MNIST's is 0.1307
  assert.throws(() => data.loadMnist('val' as s.data.Split), { name: 'ValueError' });
});

test('Normalize uses per-channel statistics', () => {
  const norm = new data.Normalize([0.5, 1], [0.5, 2]);
  const x = s.ones([1, 2, 1, 1]);
  assert.deepEqual(norm.apply(x).reshape([-1]).toArray(), [1, 0]);
  assert.throws(() => new data.Normalize([0], [0]), { name: 'ValueError' });
});

test('Fashion-MNIST loader reads gzip IDX files (synthetic files here) and explains how to install the real ones', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { gzipSync } = await import('node:zlib');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'fashion-'));
  const images = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28, ...new Array(2 * 784).fill(255)]);
  const labels = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 9, 3]);
  writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(images));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(labels));
  const set = data.loadFashionMnist('test', dir);
  assert.deepEqual(set.images.shape, [2, 1, 28, 28]);
  assert.equal(set.images.amin().item(), 1);
  assert.deepEqual(set.labels.toArray(), [9, 3]);
  assert.throws(() => data.loadFashionMnist('train', dir), { name: 'ValueError', message: /apt-get install dataset-fashion-mnist/ });
});
