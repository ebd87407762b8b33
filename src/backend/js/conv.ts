/** @file js kernels for convolution by matrix product: im2col (unfold) and its adjoint col2im (fold). */
import { allocate, dtypeOfArray, type TypedArray } from '../../tensor/dtype.js';
import type { ConvGeometry } from '../backend.js';

/**
 * Calls `visit(col, row, src)` for every entry of the [C·kh·kw, oh·ow] column matrix of one
 * image: `src` is the input offset (within the image) the entry reads, or -1 in the padding.
 */
function forEachEntry(g: ConvGeometry, visit: (index: number, src: number) => void): void {
  const { channels: c, height: h, width: w, kernel: [kh, kw], stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw], out: [oh, ow] } = g;
  let index = 0;
  for (let ch = 0; ch < c; ch++) {
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        for (let oy = 0; oy < oh; oy++) {
          const y = oy * sh - ph + ki * dh;
          const rowOk = y >= 0 && y < h;
          for (let ox = 0; ox < ow; ox++, index++) {
            const x = ox * sw - pw + kj * dw;
            visit(index, rowOk && x >= 0 && x < w ? (ch * h + y) * w + x : -1);
          }
        }
      }
    }
  }
}

export function im2col(x: TypedArray, batch: number, g: ConvGeometry): TypedArray {
  const image = g.channels * g.height * g.width;
  const cols = g.channels * g.kernel[0] * g.kernel[1] * g.out[0] * g.out[1];
  const out = allocate(dtypeOfArray(x), batch * cols);
  for (let n = 0; n < batch; n++) {
    const xo = n * image;
    const oo = n * cols;
    forEachEntry(g, (i, src) => {
      if (src >= 0) out[oo + i] = x[xo + src]!;
    });
  }
  return out;
}

export function col2im(cols: TypedArray, batch: number, g: ConvGeometry): TypedArray {
  const image = g.channels * g.height * g.width;
  const size = g.channels * g.kernel[0] * g.kernel[1] * g.out[0] * g.out[1];
  const out = allocate(dtypeOfArray(cols), batch * image);
  for (let n = 0; n < batch; n++) {
    const xo = n * image;
    const co = n * size;
    forEachEntry(g, (i, src) => {
      if (src >= 0) out[xo + src]! += cols[co + i]!;
    });
  }
  return out;
}
