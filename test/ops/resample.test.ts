import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { assertClose, checkFixtures } from '../helpers.js';

checkFixtures('resample', {
  interpolate: ([x], o) => s.interpolate(x!, o),
  pixelShuffle: ([x], { factor }) => s.pixelShuffle(x!, factor),
  pixelUnshuffle: ([x], { factor }) => s.pixelUnshuffle(x!, factor),
  affineGrid: ([t], { size, alignCorners }) => s.affineGrid(t!, size, alignCorners),
  gridSample: ([x, g], o) => s.gridSample(x!, g!, o),
}, { rtol: 1e-5, atol: 1e-5 });

test('pixelUnshuffle undoes pixelShuffle', () => {
  const x = s.randn([2, 12, 3, 4]);
  assertClose(s.pixelUnshuffle(s.pixelShuffle(x, 2), 2), x, { atol: 0 });
});

test('an identity affine grid samples the image back exactly', () => {
  const img = s.randn([2, 3, 5, 6]);
  const theta = s.tensor([[1, 0, 0], [0, 1, 0]]).reshape([1, 2, 3]).expand([2, 2, 3]).contiguous();
  for (const alignCorners of [false, true]) {
    const grid = s.affineGrid(theta, img.shape, alignCorners);
    assertClose(s.gridSample(img, grid, { alignCorners }), img, { atol: 1e-5 });
    assertClose(s.gridSample(img, grid, { alignCorners, mode: 'nearest' }), img, { atol: 0 });
  }
});

test('resampling rejects bad arguments with named errors', () => {
  const x = s.zeros([1, 1, 4, 4]);
  assert.throws(() => s.interpolate(x, { size: 8, mode: 'linear' }), { name: 'ValueError', message: /needs 1 spatial dims/ });
  assert.throws(() => s.interpolate(x, { size: 8, scaleFactor: 2 }), { name: 'ValueError', message: /exactly one/ });
  assert.throws(() => s.interpolate(x, { size: 8, alignCorners: true }), { name: 'ValueError', message: /alignCorners/ });
  assert.throws(() => s.pixelShuffle(s.zeros([1, 3, 2, 2]), 2), { name: 'ShapeError' });
  assert.throws(() => s.gridSample(x, s.zeros([1, 2, 2, 3])), { name: 'ShapeError', message: /grid must be/ });
  assert.throws(() => s.affineGrid(s.zeros([2, 2, 3]), [1, 1, 4, 4]), { name: 'ShapeError', message: /theta must be/ });
});

test('the no-grad gridSample kernel equals the differentiable composite on every mode', () => {
  const x = s.randn([2, 3, 5, 6]);
  const grid = s.rand([2, 4, 7, 2]).mul(2.6).sub(1.3);
  for (const mode of ['bilinear', 'nearest'] as const) {
    for (const paddingMode of ['zeros', 'border'] as const) {
      for (const alignCorners of [false, true]) {
        const o = { mode, paddingMode, alignCorners };
        const composite = s.gridSample(x.clone().requiresGrad_(), grid, o);
        assertClose(s.noGrad(() => s.gridSample(x, grid, o)), composite.detach(), { atol: 1e-6 }, JSON.stringify(o));
      }
    }
  }
});
