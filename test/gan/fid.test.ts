import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose } from '../helpers.js';

const { gan } = s;
const f64 = (x: number[] | number[][]): s.Tensor => s.tensor(x, { dtype: 'float64' });

test('frechetDistance of two non-commuting 2-D Gaussians equals the closed form', () => {
  const a = { mean: f64([1, -2]), cov: f64([[2, 0.5], [0.5, 1]]) };
  const b = { mean: f64([0, 1]), cov: f64([[1, -0.3], [-0.3, 3]]) };
  // For 2×2 PSD M, Tr(M^½) = √(Tr M + 2√det M); here M = Σ₁Σ₂ has det = det Σ₁ · det Σ₂.
  const product = [[2 * 1 + 0.5 * -0.3, 2 * -0.3 + 0.5 * 3], [0.5 * 1 + 1 * -0.3, 0.5 * -0.3 + 1 * 3]];
  const det = (2 * 1 - 0.25) * (3 - 0.09);
  const traceRoot = Math.sqrt(product[0]![0]! + product[1]![1]! + 2 * Math.sqrt(det));
  const expected = 1 + 9 + (2 + 1) + (1 + 3) - 2 * traceRoot;
  assert.ok(Math.abs(gan.frechetDistance(a, b) - expected) < 1e-10, `${gan.frechetDistance(a, b)} vs ${expected}`);
  assert.ok(Math.abs(gan.frechetDistance(a, a)) < 1e-10);
});

test('gaussianStatistics gives the mean and unbiased covariance; samples of two Gaussians approach their distance', () => {
  const x = f64([[1, 2], [3, 0], [5, 4]]);
  const { mean, cov } = gan.gaussianStatistics(x);
  assertClose(mean, [3, 2]);
  assertClose(cov, f64([[4, 2], [2, 4]]));
  const n = 20000;
  const p = gan.gaussianStatistics(s.randn([n, 3], { dtype: 'float64' }));
  const q = gan.gaussianStatistics(s.randn([n, 3], { dtype: 'float64' }).mul(2).add(1));
  // N(0, I) vs N(1, 4I) in 3-D: 3·1² + 3·(1 + 4 − 2·2) = 6.
  assert.ok(Math.abs(gan.frechetDistance(p, q) - 6) < 0.15);
  assert.throws(() => gan.gaussianStatistics(s.zeros([1, 3])), { name: 'ShapeError' });
  assert.throws(() => gan.frechetDistance(p, gan.gaussianStatistics(s.randn([5, 2]))), { name: 'ShapeError' });
});

test('MnistFid trains, caches and reloads its classifier; real digits score far below noise', () => {
  const cachePath = join(mkdtempSync(join(tmpdir(), 'shinsou-fid-')), 'classifier.safetensors');
  const lines: string[] = [];
  const fid = gan.MnistFid.load({ cachePath, epochs: 1, minAccuracy: 0.9, log: (l) => lines.push(l) });
  assert.ok(existsSync(cachePath));
  assert.ok(fid.testAccuracy >= 0.9, `accuracy ${fid.testAccuracy}`);
  assert.ok(lines.some((l) => /training \(1 epochs, seed 0\)/.test(l)));
  const again = gan.MnistFid.load({ cachePath });
  assert.equal(again.testAccuracy, fid.testAccuracy);
  const real = s.data.loadMnist('train').images.narrow(0, 0, 1000).mul(2).sub(1);
  const floor = fid.score(real);
  const noise = fid.noiseScore(1000);
  assert.ok(floor < 0.1 * noise, `real ${floor} vs noise ${noise}`);
  assert.deepEqual(fid.features(real.narrow(0, 0, 3)).shape, [3, 128]);
  assert.throws(() => fid.score(s.zeros([4, 1, 14, 14])), { name: 'ShapeError', message: /\[N, 1, 28, 28\]/ });
  assert.throws(() => gan.MnistFid.load({ cachePath: join(tmpdir(), `shinsou-none-${Date.now()}`, 'c.safetensors'), epochs: 1, minAccuracy: 1 }), { name: 'ValueError', message: /below the 1 required/ });
});
