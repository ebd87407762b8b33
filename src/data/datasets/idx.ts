/**
 * @file The IDX format of MNIST and Fashion-MNIST: a big-endian magic number (0x08 = unsigned
 * byte data, then the number of dims), the dim sizes, then the bytes. Files may be gzip- or
 * brotli-compressed (.gz / .br). Input is untrusted and validated.
 */
import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { FormatError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';

/** Largest accepted payload (a guard against absurd headers): 1 GiB. */
const MAX_BYTES = 2 ** 30;

/**
 * Parses IDX bytes into an int32 tensor of the declared shape (unsigned-byte data only).
 * PyTorch: torchvision's `datasets.mnist.read_image_file` / `read_label_file` (internal helpers).
 * @example parseIdx(bytes) // train-images: [60000, 28, 28]
 */
export function parseIdx(bytes: Uint8Array, source = 'IDX data'): Tensor {
  const fail = (why: string): never => {
    throw new FormatError(`parseIdx: ${source} ${why}`);
  };
  if (bytes.length < 4) fail(`is ${bytes.length} bytes, too short for an IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0) !== 0) fail('does not start with two zero bytes (not IDX)');
  const type = bytes[2]!;
  const ndim = bytes[3]!;
  if (type !== 0x08) fail(`has element type 0x${type.toString(16)}; only unsigned bytes (0x08) are supported`);
  if (ndim === 0 || ndim > 4) fail(`declares ${ndim} dims (expected 1 to 4)`);
  const start = 4 + 4 * ndim;
  if (bytes.length < start) fail('is truncated inside its dim sizes');
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i));
  const count = shape.reduce((a, b) => a * b, 1);
  if (count > MAX_BYTES) fail(`declares ${count} elements, more than the ${MAX_BYTES} limit`);
  if (bytes.length !== start + count) fail(`has ${bytes.length - start} data bytes but its shape [${shape.join(', ')}] needs ${count}`);
  return Tensor.fromData(Int32Array.from(bytes.subarray(start)), shape);
}

/**
 * Reads an IDX file, decompressing `.gz` and `.br` files first.
 * PyTorch: torchvision's `datasets.mnist.read_sn3_pascalvincent_tensor(path)`.
 * @example data.readIdxFile('train-images-idx3-ubyte') // uint8 [60000, 28, 28]
 */
export function readIdxFile(path: string): Tensor {
  const raw = readFileSync(path);
  let bytes: Uint8Array;
  try {
    bytes = path.endsWith('.gz') ? gunzipSync(raw) : path.endsWith('.br') ? brotliDecompressSync(raw) : raw;
  } catch {
    throw new FormatError(`readIdxFile: ${path} could not be decompressed (corrupt or truncated)`);
  }
  return parseIdx(bytes, path);
}
