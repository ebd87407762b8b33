/**
 * @file PNG read/write for image tensors ([C, H, W] with C = 1 (gray), 3 (RGB) or 4 (RGBA),
 * float values in [0, 1]), using the pngjs codec.
 */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { FormatError, ShapeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { writeFileAtomic } from './atomic.js';

/**
 * Encodes a [C, H, W] tensor in [0, 1] (clamped) as PNG bytes.
 * PyTorch: `torchvision.io.encode_png((image * 255).to(torch.uint8))`.
 * @example const bytes = io.encodePng(image) // [3, H, W] in [0, 1] → PNG bytes
 */
export function encodePng(image: Tensor): Uint8Array {
  if (image.ndim !== 3 || ![1, 3, 4].includes(image.shape[0]!)) {
    throw new ShapeError(`encodePng: expected an image of shape [C, H, W] with C in {1, 3, 4}, got [${image.shape.join(', ')}]`);
  }
  const [c, h, w] = image.shape as [number, number, number];
  const data = image.to('float32').clamp(0, 1).contiguousData();
  const png = new PNG({ width: w, height: h, colorType: c === 1 ? 0 : c === 3 ? 2 : 6, inputColorType: 6, inputHasAlpha: true });
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = 4 * (y * w + x);
      for (let k = 0; k < 4; k++) {
        const channel = c === 1 ? (k < 3 ? 0 : -1) : k < c ? k : -1;
        png.data[o + k] = channel < 0 ? 255 : Math.round(255 * data[channel * h * w + y * w + x]!);
      }
    }
  }
  return PNG.sync.write(png, { colorType: c === 1 ? 0 : c === 3 ? 2 : 6 });
}

/**
 * Writes an image tensor to a PNG file (atomically).
 * PyTorch: `torchvision.utils.save_image(image, path)`.
 * @example io.writePng('samples.png', vision.makeGrid(samples, { nrow: 8 }))
 */
export function writePng(path: string, image: Tensor): void {
  writeFileAtomic(path, encodePng(image));
}

/**
 * Reads a PNG file as a float32 [C, H, W] tensor in [0, 1]; `channels` 1, 3 or 4 (default 3).
 * PyTorch: `torchvision.io.read_image(path).float() / 255`.
 * @example const image = io.readPng('photo.png') // float32 [3, H, W] in [0, 1]
 */
export function readPng(path: string, channels: 1 | 3 | 4 = 3): Tensor {
  let png: PNG;
  try {
    png = PNG.sync.read(readFileSync(path));
  } catch (e) {
    throw new FormatError(`readPng: ${path} is not a valid PNG (${(e as Error).message})`);
  }
  const { width: w, height: h, data } = png;
  const out = new Float32Array(channels * h * w);
  for (let i = 0; i < h * w; i++) {
    const [r, g, b, a] = [data[4 * i]!, data[4 * i + 1]!, data[4 * i + 2]!, data[4 * i + 3]!];
    if (channels === 1) out[i] = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    else [r, g, b, a].slice(0, channels).forEach((v, k) => (out[k * h * w + i] = v / 255));
  }
  return Tensor.fromData(out, [channels, h, w]);
}
