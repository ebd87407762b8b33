import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { loadFixture } from '../helpers.js';

const { io } = s;
const fixture = (name: string): string => new URL(`../../../test/fixtures/nn/${name}`, import.meta.url).pathname;

test('serialisation matches the reference implementation byte for byte', () => {
  // The safetensors crate's own test vector: "attn.0", F32, shape [1, 2, 3], values 0..5.
  const bytes = io.serializeSafetensors({ 'attn.0': s.arange(6).float().reshape([1, 2, 3]) });
  const header = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
  assert.equal(new DataView(bytes.buffer).getBigUint64(0, true), 64n);
  assert.equal(new TextDecoder().decode(bytes.subarray(8, 72)), header);
  assert.deepEqual(Array.from(new Float32Array(bytes.slice(72).buffer)), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(Array.from(io.serializeSafetensors({})), [8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32]);
});

test('a file written by PyTorch reads back with every dtype, and rewriting it gives identical bytes', () => {
  const path = fixture('dtypes.safetensors');
  const { tensors } = io.loadSafetensors(path);
  const expected = loadFixture<Record<string, { shape: number[]; data: number[] }>>('nn/dtypes.json');
  const dtypes: Record<string, s.DType> = { f32: 'float32', f64: 'float64', i32: 'int32', i64: 'int32', u8: 'int32', flags: 'bool', scalar: 'float32' };
  for (const [name, e] of Object.entries(expected)) {
    const t = tensors[name]!;
    assert.equal(t.dtype, dtypes[name], name);
    assert.deepEqual(t.shape, e.shape, name);
    assert.deepEqual(Array.from(t.dataSync(), Number), e.data, name);
  }
  // Rewriting the float32/float64/int32/bool tensors reproduces PyTorch's layout exactly.
  const mlp = io.loadSafetensors(fixture('mlp.safetensors'));
  const rewritten = io.serializeSafetensors(mlp.tensors, mlp.metadata);
  assert.deepEqual(Buffer.from(rewritten), readFileSync(fixture('mlp.safetensors')));
});

test('save/load round-trips every dtype through an atomic write', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shinsou-'));
  const path = join(dir, 'x.safetensors');
  const tensors = { a: s.randn([2, 3]), b: s.tensor([1.5e-300], { dtype: 'float64' }), c: s.arange(4), d: s.tensor([true, false]), e: s.zeros([0, 3]) };
  io.saveSafetensors(path, tensors, { note: 'hi' });
  const back = io.loadSafetensors(path);
  assert.deepEqual(back.metadata, { note: 'hi' });
  for (const [k, t] of Object.entries(tensors)) {
    assert.equal(back.tensors[k]!.dtype, t.dtype);
    assert.deepEqual(back.tensors[k]!.toArray(), t.toArray());
  }
});

function craft(header: unknown, data: Uint8Array = new Uint8Array(0), declared?: number): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(declared ?? json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

test('malformed files are rejected with a FormatError, never read out of range', () => {
  const bad: [string, Uint8Array, RegExp][] = [
    ['too short', new Uint8Array(4), /shorter than the 8-byte header length/],
    ['huge header length', craft({}, undefined, 2 ** 40), /exceeds/],
    ['header past the end', craft({}, undefined, 1000), /runs past the end/],
    ['not JSON', craft('{"a":'), /not valid UTF-8 JSON/],
    ['not an object', craft('[1,2]'), /not a JSON object/],
    ['unknown dtype', craft({ a: { dtype: 'Q8', shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1)), /unknown dtype/],
    ['negative shape', craft({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, new Uint8Array(4)), /invalid shape/],
    ['size mismatch', craft({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, new Uint8Array(4)), /need 8/],
    ['offsets past the data', craft({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, new Uint8Array(4)), /ends at byte/],
    ['overlapping', craft({ a: { dtype: 'U8', shape: [2], data_offsets: [0, 2] }, b: { dtype: 'U8', shape: [2], data_offsets: [1, 3] } }, new Uint8Array(3)), /must be contiguous/],
    ['trailing bytes', craft({ a: { dtype: 'U8', shape: [1], data_offsets: [0, 1] } }, new Uint8Array(2)), /file has/],
    ['bad bool', craft({ a: { dtype: 'BOOL', shape: [1], data_offsets: [0, 1] } }, new Uint8Array([7])), /not a bool/],
    ['int64 out of range', craft({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array([0, 0, 0, 0, 1, 0, 0, 0])), /outside shinsou's int32 range/],
    ['metadata not strings', craft({ __metadata__: { a: 1 } }), /not a string/],
  ];
  for (const [what, bytes, message] of bad) {
    assert.throws(() => io.parseSafetensors(bytes), { name: 'FormatError', message }, what);
  }
});
