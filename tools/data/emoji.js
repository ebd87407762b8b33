// Builds data/emoji/ from the npm packages emoji-datasource-google and emoji-datasource-twitter
// 16.0.0: the same emoji drawn in two art styles, Noto (Google, Apache-2.0) and Twemoji
// (Twitter, CC-BY 4.0), index-aligned.
//
//   npm install --no-save emoji-datasource-google@16.0.0 emoji-datasource-twitter@16.0.0 && node tools/data/emoji.js
//
// Each package's img/<style>/sheets-clean/32.png is a sheet of 32×32 RGBA images on a 34-px
// pitch with 1 px of padding; emoji.json gives each emoji's sheet_x, sheet_y and category. Kept:
// every emoji both sets draw, except the skin-tone and hair "Component" swatches. Each image is
// composited on white (RGB bytes). Split (fixed, stratified by category): in each category the
// emoji are ordered by a hash of their code points and the first round(20 %) go to test.
// Output: {train,test}-{noto,twemoji}-idx4-ubyte.br (IDX, [N, 32, 32, 3] bytes, brotli) and
// {train,test}.json ([{ unified, name, category }] in the same order).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { PNG } from 'pngjs';
import { hashString } from './hash.js';

const require = createRequire(import.meta.url);
const packageDir = (name) => dirname(require.resolve(`${name}/package.json`));
const STYLES = [
  { name: 'noto', dir: packageDir('emoji-datasource-google'), sheet: 'img/google/sheets-clean/32.png', has: 'has_img_google' },
  { name: 'twemoji', dir: packageDir('emoji-datasource-twitter'), sheet: 'img/twitter/sheets-clean/32.png', has: 'has_img_twitter' },
];
const SIZE = 32;
const PITCH = 34;
const out = new URL('../../data/emoji/', import.meta.url);

const lists = STYLES.map((s) => JSON.parse(readFileSync(join(s.dir, 'emoji.json'), 'utf8')));
const byCode = new Map(lists[1].map((e) => [e.unified, e]));
const emoji = lists[0].filter((e) => e.category !== 'Component' && STYLES.every((s, k) => (k === 0 ? e : byCode.get(e.unified))?.[s.has]));
const sheets = STYLES.map((s) => PNG.sync.read(readFileSync(join(s.dir, s.sheet))));

/** Emoji e of style k as SIZE×SIZE RGB bytes composited on white. */
function crop(k, e) {
  const sheet = sheets[k];
  const at = k === 0 ? e : byCode.get(e.unified);
  const pixels = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const src = ((at.sheet_y * PITCH + 1 + y) * sheet.width + at.sheet_x * PITCH + 1 + x) * 4;
      const alpha = sheet.data[src + 3] / 255;
      for (let c = 0; c < 3; c++) pixels[(y * SIZE + x) * 3 + c] = Math.round(sheet.data[src + c] * alpha + 255 * (1 - alpha));
    }
  }
  return pixels;
}

const categories = [...new Set(emoji.map((e) => e.category))].sort();
const split = { train: [], test: [] };
for (const category of categories) {
  const members = emoji.filter((e) => e.category === category).sort((a, b) => hashString(a.unified) - hashString(b.unified));
  const tests = Math.round(members.length * 0.2);
  split.test.push(...members.slice(0, tests));
  split.train.push(...members.slice(tests));
}

function idx(dims, body) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x800 + dims.length, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, body]);
}

mkdirSync(out, { recursive: true });
for (const [name, set] of Object.entries(split)) {
  set.sort((a, b) => hashString(a.unified) - hashString(b.unified));
  STYLES.forEach((style, k) => {
    const buf = idx([set.length, SIZE, SIZE, 3], Buffer.concat(set.map((e) => crop(k, e))));
    writeFileSync(new URL(`${name}-${style.name}-idx4-ubyte.br`, out), brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }));
  });
  writeFileSync(new URL(`${name}.json`, out), `${JSON.stringify(set.map((e) => ({ unified: e.unified, name: e.short_name, category: e.category })))}\n`);
  const counts = categories.map((c) => `${c} ${set.filter((e) => e.category === c).length}`);
  console.log(`${name}: ${set.length} emoji (${counts.join(', ')})`);
}
