/**
 * @file Spatial transformers: affineGrid builds sampling coordinates from affine matrices and
 * gridSample reads an image at them. When gradients are needed, gridSample is composed of
 * differentiable ops — a gather of the four neighbours weighted by the fractional offsets — so
 * it has gradients for the image (gather's VJP scatters into it) and for the grid (through the
 * weights), as PyTorch's; otherwise a single backend kernel computes the same values.
 */
import { isGradEnabled } from '../autograd/grad_mode.js';
import { getBackend } from '../backend/backend.js';
import { ShapeError, ValueError } from '../errors.js';
import { linspace, tensor } from '../tensor/creation.js';
import { shapeStr } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { stack } from './shape.js';
import { checkOptions } from '../options.js';

/** Pixel-centre coordinates in [−1, 1] for `n` pixels (the corner centres at ±1 with alignCorners). */
function normalizedCoordinates(n: number, alignCorners: boolean, dtype: Tensor['dtype']): Tensor {
  const ends = alignCorners ? 1 : (n - 1) / n;
  return n === 1 ? tensor([0], { dtype }) : linspace(-ends, ends, n, { dtype });
}

/**
 * Sampling grid [N, H, W, 2] of (x, y) in [−1, 1] for affine matrices `theta` [N, 2, 3] that map
 * output coordinates to input coordinates; `size` is the output's [N, C, H, W].
 * PyTorch: `F.affine_grid(theta, size, align_corners=False)`.
 * @example gridSample(img, affineGrid(theta, img.shape)) // rotate/scale/shift a batch
 */
export function affineGrid(theta: Tensor, size: readonly number[], alignCorners = false): Tensor {
  if (size.length !== 4) throw new ShapeError(`affineGrid: size must be [N, C, H, W], got ${shapeStr(size)}`);
  const [n, , h, w] = size as [number, number, number, number];
  if (theta.ndim !== 3 || theta.shape[0] !== n || theta.shape[1] !== 2 || theta.shape[2] !== 3) {
    throw new ShapeError(`affineGrid: theta must be [${n}, 2, 3] for size ${shapeStr(size)}, got ${shapeStr(theta.shape)}`);
  }
  const xs = normalizedCoordinates(w, alignCorners, theta.dtype).reshape([1, w]).expand([h, w]);
  const ys = normalizedCoordinates(h, alignCorners, theta.dtype).reshape([h, 1]).expand([h, w]);
  const base = stack([xs, ys, xs.onesLike()], -1).reshape([1, h * w, 3]);
  return base.matmul(theta.mT).reshape([n, h, w, 2]);
}

/** Options of `gridSample` (PyTorch's keyword arguments, where it has them). */
export interface GridSampleOptions {
  /** 'bilinear' (default) or 'nearest' (no gradient for the grid). */
  mode?: 'bilinear' | 'nearest';
  /** Values read outside the image: 'zeros' (default) or 'border' (the nearest edge pixel). */
  paddingMode?: 'zeros' | 'border';
  /** Whether ±1 are the corner pixels' centres (true) or the image's outer edges (false, default). */
  alignCorners?: boolean;
}

/**
 * Samples `x` [N, C, H, W] at `grid` [N, Ho, Wo, 2] ((x, y) in [−1, 1]) → [N, C, Ho, Wo].
 * PyTorch: `F.grid_sample(input, grid, mode='bilinear', padding_mode='zeros', align_corners=False)`
 * (the 'reflection' padding and 'bicubic' mode are not implemented).
 * @example gridSample(images, flowGrid, { mode: 'bilinear', paddingMode: 'border' })
 */
export function gridSample(x: Tensor, grid: Tensor, options?: GridSampleOptions): Tensor {
  const { mode = 'bilinear', paddingMode = 'zeros', alignCorners = false } = checkOptions<GridSampleOptions>('gridSample', options, { mode: true, paddingMode: true, alignCorners: true });
  if (x.ndim !== 4) throw new ShapeError(`gridSample: expected input [N, C, H, W], got ${shapeStr(x.shape)}`);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  if (grid.ndim !== 4 || grid.shape[0] !== n || grid.shape[3] !== 2) {
    throw new ShapeError(`gridSample: grid must be [${n}, Ho, Wo, 2], got ${shapeStr(grid.shape)}`);
  }
  if (mode !== 'bilinear' && mode !== 'nearest') throw new ValueError(`gridSample: mode must be 'bilinear' or 'nearest', got '${String(mode)}'`);
  if (paddingMode !== 'zeros' && paddingMode !== 'border') throw new ValueError(`gridSample: paddingMode must be 'zeros' or 'border', got '${String(paddingMode)}'`);
  const [, ho, wo] = grid.shape as [number, number, number];
  const g = grid.to(x.dtype);
  if (!isGradEnabled() || !(x.requiresGrad || g.requiresGrad)) {
    // Nothing to differentiate (e.g. data augmentation): one fused kernel instead of ~40 ops.
    const geometry = { n, c, h, w, outH: ho, outW: wo, mode, paddingMode, alignCorners };
    return Tensor.fromData(getBackend().gridSample(x.contiguousData(), g.contiguousData(), geometry), [n, c, ho, wo]);
  }
  // Unnormalise to pixel coordinates: −1 and 1 are the corner centres or the outer edges.
  const unnormalize = (v: Tensor, size: number): Tensor => {
    const p = alignCorners ? v.add(1).mul((size - 1) / 2) : v.add(1).mul(size).sub(1).div(2);
    return paddingMode === 'border' ? p.clamp(0, size - 1) : p;
  };
  const ix = unnormalize(g.select(3, 0), w);
  const iy = unnormalize(g.select(3, 1), h);
  const flat = x.reshape([n, c, h * w]);
  // The pixel at integer coordinates (cx, cy) [N, Ho, Wo] for every channel, 0 outside the image.
  const pixel = (cx: Tensor, cy: Tensor): Tensor => {
    const inside = cx.ge(0).logicalAnd(cx.le(w - 1)).logicalAnd(cy.ge(0)).logicalAnd(cy.le(h - 1));
    const index = cy.clamp(0, h - 1).mul(w).add(cx.clamp(0, w - 1)).int().reshape([n, 1, ho * wo]).expand([n, c, ho * wo]);
    return flat.gather(2, index).reshape([n, c, ho, wo]).mul(inside.to(x.dtype).unsqueeze(1));
  };
  if (mode === 'nearest') return pixel(ix.detach().round(), iy.detach().round());
  const x0 = ix.detach().floor();
  const y0 = iy.detach().floor();
  const x1 = x0.add(1);
  const y1 = y0.add(1);
  const wx1 = ix.sub(x0).unsqueeze(1);
  const wy1 = iy.sub(y0).unsqueeze(1);
  const wx0 = wx1.neg().add(1);
  const wy0 = wy1.neg().add(1);
  return pixel(x0, y0).mul(wx0.mul(wy0))
    .add(pixel(x1, y0).mul(wx1.mul(wy0)))
    .add(pixel(x0, y1).mul(wx0.mul(wy1)))
    .add(pixel(x1, y1).mul(wx1.mul(wy1)));
}
