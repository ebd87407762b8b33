/**
 * @file safetensors read/write (the format of PyTorch's and Hugging Face's `safetensors`):
 * 8-byte little-endian header length, a JSON header, then the tensors' bytes back to back.
 * Files are untrusted input: sizes, offsets, dtypes and shapes are all checked, and anything
 * malformed throws a FormatError instead of reading out of range.
 */
import { FormatError, ValueError } from '../errors.js';
import { checkOptions } from '../options.js';
import { allocate, type DType } from '../tensor/dtype.js';
import { numel } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** The largest header accepted, as in the reference implementation. */
const MAX_HEADER = 100_000_000;

/** The reference implementation's dtype order; files list tensors by descending order, then name. */
const DTYPE_ORDER = ['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64'];
const ITEM_SIZE: Record<string, number> = { BOOL: 1, U8: 1, I8: 1, I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4, F32: 4, F64: 8, I64: 8, U64: 8 };
const WRITE_NAME: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I32', bool: 'BOOL' };

export interface SerializeOptions {
  /** Names of tensors to store as U8 (their values must be integers in 0–255), e.g. images. */
  uint8?: readonly string[];
}

/** A tensor's values as bytes, checked to be integers in 0–255. */
function asBytes(name: string, data: ArrayLike<number | boolean>): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]);
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new ValueError(`safetensors: '${name}' is to be stored as U8 but holds ${v}`);
    out[i] = v;
  }
  return out;
}

/** What a safetensors file holds: its tensors by name and its string metadata. */
export interface SafetensorsContent {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

/**
 * Serialises tensors (any shinsou dtype) and string metadata, laid out byte for byte as the
 * reference serializer does (sorted by dtype then name, header padded to 8 bytes).
 * PyTorch: `safetensors.torch.save(tensors, metadata)`.
 * @example const bytes = io.serializeSafetensors(model.stateDict(), { epoch: '3' }) // a browser download, an upload, …
 */
export function serializeSafetensors(tensors: Record<string, Tensor>, metadata?: Record<string, string>, options?: SerializeOptions): Uint8Array {
  const { uint8 = [] } = checkOptions<SerializeOptions>('serializeSafetensors', options, { uint8: true });
  const bytes8 = new Set(uint8);
  const dtypeName = (name: string): string => (bytes8.has(name) ? 'U8' : WRITE_NAME[tensors[name]!.dtype]);
  const rank = (name: string): number => DTYPE_ORDER.indexOf(dtypeName(name));
  const names = Object.keys(tensors).sort((a, b) => rank(b) - rank(a) || (a < b ? -1 : a > b ? 1 : 0));
  const header: Record<string, unknown> = metadata && Object.keys(metadata).length > 0 ? { __metadata__: metadata } : {};
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const name of names) {
    const t = tensors[name]!;
    const data = t.contiguousData();
    const bytes = bytes8.has(name) ? asBytes(name, data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    header[name] = { dtype: dtypeName(name), shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    offset += bytes.length;
    blobs.push(bytes);
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (new TextEncoder().encode(json).length % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const b of blobs) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

function fail(message: string): never {
  throw new FormatError(`safetensors: ${message}`);
}

/** Decodes one tensor's bytes (little-endian) into a shinsou dtype. */
function decodeTensor(name: string, dtype: string, shape: number[], bytes: Uint8Array): Tensor {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = numel(shape);
  const read = (out: DType, get: (i: number) => number): Tensor => {
    const data = allocate(out, n);
    for (let i = 0; i < n; i++) data[i] = get(i);
    return Tensor.fromData(data, shape);
  };
  switch (dtype) {
    case 'F32': return read('float32', (i) => view.getFloat32(4 * i, true));
    case 'F64': return read('float64', (i) => view.getFloat64(8 * i, true));
    case 'I32': return read('int32', (i) => view.getInt32(4 * i, true));
    case 'U8': return read('int32', (i) => view.getUint8(i));
    case 'I64': return read('int32', (i) => {
      const v = view.getBigInt64(8 * i, true);
      if (v < -2147483648n || v > 2147483647n) fail(`tensor '${name}' holds the int64 value ${v}, outside shinsou's int32 range`);
      return Number(v);
    });
    case 'BOOL': return read('bool', (i) => {
      const v = view.getUint8(i);
      if (v > 1) fail(`tensor '${name}' holds the byte ${v}, which is not a bool`);
      return v;
    });
    default: return fail(`tensor '${name}' has dtype ${dtype}, which shinsou cannot read (F32, F64, I32, I64, U8, BOOL)`);
  }
}

/**
 * Parses safetensors bytes, validating everything before reading.
 * PyTorch: `safetensors.torch.load(data)`.
 * @example model.loadStateDict(io.parseSafetensors(bytes).tensors)
 */
export function parseSafetensors(bytes: Uint8Array): SafetensorsContent {
  if (bytes.length < 8) fail(`file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER)) fail(`header length ${n} exceeds the ${MAX_HEADER}-byte limit`);
  const headerEnd = 8 + Number(n);
  if (headerEnd > bytes.length) fail(`header length ${n} runs past the end of the ${bytes.length}-byte file`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, headerEnd)));
  } catch {
    fail('header is not valid UTF-8 JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not a JSON object');
  const metadata: Record<string, string> = {};
  const entries: { name: string; dtype: string; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof info !== 'object' || info === null) fail('__metadata__ is not an object');
      for (const [k, v] of Object.entries(info as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`metadata value '${k}' is not a string`);
        metadata[k] = v;
      }
      continue;
    }
    const { dtype, shape, data_offsets: offsets } = (info ?? {}) as Record<string, unknown>;
    if (typeof dtype !== 'string' || !(dtype in ITEM_SIZE)) fail(`tensor '${name}' has an unknown dtype ${JSON.stringify(dtype)}`);
    if (!Array.isArray(shape) || !shape.every((s) => Number.isSafeInteger(s) && s >= 0)) fail(`tensor '${name}' has an invalid shape`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      fail(`tensor '${name}' has invalid data_offsets`);
    }
    const [begin, end] = offsets as [number, number];
    const expected = numel(shape as number[]) * ITEM_SIZE[dtype]!;
    if (end - begin !== expected) fail(`tensor '${name}' spans ${end - begin} bytes but dtype ${dtype} and shape [${shape.join(', ')}] need ${expected}`);
    entries.push({ name, dtype, shape: shape as number[], begin, end });
  }
  entries.sort((a, b) => a.begin - b.begin);
  let at = 0;
  for (const e of entries) {
    if (e.begin !== at) fail(`tensor '${e.name}' starts at byte ${e.begin}, expected ${at} (offsets must be contiguous)`);
    at = e.end;
  }
  if (headerEnd + at !== bytes.length) fail(`tensor data ends at byte ${headerEnd + at} but the file has ${bytes.length} bytes`);
  const tensors: Record<string, Tensor> = {};
  for (const e of entries) tensors[e.name] = decodeTensor(e.name, e.dtype, e.shape, bytes.subarray(headerEnd + e.begin, headerEnd + e.end));
  return { tensors, metadata };
}
