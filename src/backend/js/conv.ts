/** @file js kernels for convolution by matrix product: im2col (unfold), its adjoint col2im (fold), and the products with the columns. */
import { allocate, dtypeOfArray, type TypedArray } from '../../tensor/dtype.js';
import type { Backend, ConvGeometry, ConvProduct } from '../backend.js';
import { matmul } from './matmul.js';

/** Elements of one input volume and of its column matrix. */
export function volumeSize(g: ConvGeometry): number {
  return g.channels * g.size[0] * g.size[1] * g.size[2];
}

export function columnsSize(g: ConvGeometry): number {
  return g.channels * g.kernel[0] * g.kernel[1] * g.kernel[2] * g.out[0] * g.out[1] * g.out[2];
}

/**
 * Calls `visit(index, src)` for every entry of the [C·kd·kh·kw, od·oh·ow] column matrix of one
 * volume: `src` is the input offset (within the volume) the entry reads, or -1 in the padding.
 */
function forEachEntry(g: ConvGeometry, visit: (index: number, src: number) => void): void {
  const { channels: c, size: [d, h, w], kernel: [kd, kh, kw], stride: [sd, sh, sw], padding: [pd, ph, pw], dilation: [dd, dh, dw], out: [od, oh, ow] } = g;
  let index = 0;
  for (let ch = 0; ch < c; ch++) {
    for (let kz = 0; kz < kd; kz++) {
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++) {
          for (let oz = 0; oz < od; oz++) {
            const z = oz * sd - pd + kz * dd;
            const zOk = z >= 0 && z < d;
            for (let oy = 0; oy < oh; oy++) {
              const y = oy * sh - ph + ky * dh;
              const rowOk = zOk && y >= 0 && y < h;
              for (let ox = 0; ox < ow; ox++, index++) {
                const x = ox * sw - pw + kx * dw;
                visit(index, rowOk && x >= 0 && x < w ? ((ch * d + z) * h + y) * w + x : -1);
              }
            }
          }
        }
      }
    }
  }
}

/** Where entry `i` of image `n`'s [K, L] column matrix lives in a batch of `batch` such matrices. */
function columnIndex(g: ConvGeometry, batch: number, batchInner: boolean): (n: number, i: number) => number {
  const windows = g.out[0] * g.out[1] * g.out[2];
  const size = columnsSize(g);
  if (!batchInner) return (n, i) => n * size + i;
  return (n, i) => (Math.floor(i / windows) * batch + n) * windows + (i % windows);
}

export function im2col(x: TypedArray, batch: number, g: ConvGeometry, batchInner = false): TypedArray {
  const volume = volumeSize(g);
  const at = columnIndex(g, batch, batchInner);
  const out = allocate(dtypeOfArray(x), batch * columnsSize(g));
  for (let n = 0; n < batch; n++) {
    const xo = n * volume;
    forEachEntry(g, (i, src) => {
      if (src >= 0) out[at(n, i)] = x[xo + src]!;
    });
  }
  return out;
}

export function col2im(cols: TypedArray, batch: number, g: ConvGeometry, batchInner = false): TypedArray {
  const volume = volumeSize(g);
  const at = columnIndex(g, batch, batchInner);
  const out = allocate(dtypeOfArray(cols), batch * volume);
  for (let n = 0; n < batch; n++) {
    const xo = n * volume;
    forEachEntry(g, (i, src) => {
      if (src >= 0) out[xo + src]! += cols[at(n, i)]!;
    });
  }
  return out;
}

/** The sizes of the products with one group's columns: filters m, rows k, and windows of the batch. */
export function groupProduct(c: ConvProduct): { m: number; k: number; windows: number } {
  const g = c.geometry;
  return { m: c.outChannels / c.groups, k: (g.channels / c.groups) * g.kernel[0] * g.kernel[1] * g.kernel[2], windows: c.batch * g.out[0] * g.out[1] * g.out[2] };
}

/**
 * [groups, m, batch, L] ↔ [batch, groups·m, L]: the products' layout (filters outer) and the
 * output's (images outer).
 */
function imagesOuter(y: TypedArray, c: ConvProduct, toImages: boolean): TypedArray {
  const out = allocate(dtypeOfArray(y), y.length);
  const windows = c.geometry.out[0] * c.geometry.out[1] * c.geometry.out[2];
  for (let o = 0; o < c.outChannels; o++) {
    for (let n = 0; n < c.batch; n++) {
      const [products, images] = [(o * c.batch + n) * windows, (n * c.outChannels + o) * windows];
      const [from, to] = toImages ? [products, images] : [images, products];
      out.set(y.subarray(from, from + windows), to);
    }
  }
  return out;
}

/**
 * The convolution kernels on a given matrix product, so a backend with a faster product (wasm)
 * reuses the column layouts: forward, weight gradient and input gradient.
 */
export function convKernels(matmul: Backend['matmul']): Pick<Backend, 'convForward' | 'convWeightGrad' | 'convInputGrad'> {
  return {
    convForward(x, weight, bias, c) {
      const { m, k, windows } = groupProduct(c);
      const y = imagesOuter(matmul(weight, im2col(x, c.batch, c.geometry, true), c.groups, m, k, windows, m * k, k * windows), c, true);
      if (bias) {
        const per = windows / c.batch;
        for (let i = 0; i < y.length; i++) y[i]! += bias[Math.floor(i / per) % c.outChannels]!;
      }
      return y;
    },
    convWeightGrad(x, dy, c) {
      const { m, k, windows } = groupProduct(c);
      return matmul(imagesOuter(dy, c, false), im2col(x, c.batch, c.geometry, true), c.groups, m, windows, k, m * windows, k * windows, false, true);
    },
    convInputGrad(weight, dy, c) {
      const { m, k, windows } = groupProduct(c);
      return col2im(matmul(weight, imagesOuter(dy, c, false), c.groups, k, m, windows, m * k, m * windows, true), c.batch, c.geometry, true);
    },
  };
}

/** The js backend's convolutions (its own matrix product). */
export const { convForward, convWeightGrad, convInputGrad } = convKernels(matmul);
