import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadSentencePairs, parseDingPairs, parseTsvPairs } from '../../src/text/node.js';

test('parseDingPairs zips alternatives, takes the first variant, strips annotations and keeps sentence pairs only', () => {
  const text = [
    '# License :: GPL',
    'Er hatte nichts an. | Sie hatte nichts an. :: He had nothing on. | She had nothing on.',
    'Hund {m}; Köter {m} :: dog; cur',
    'Das ist mir egal. [ugs.]; Ist mir gleich. :: I do not care. [coll.]; Whatever.',
    'Gegensätze berühren sich. (Sprichwort) :: Extremes meet. | Opposites attract.',
    'Er kommt. :: He had nothing on.',
    'zu lang ist dieser Satz doch. :: This one is not capitalised in German.',
  ].join('\n');
  const pairs = parseDingPairs(text);
  assert.deepEqual(pairs.map(({ english, german }) => [english, german]), [
    ['He had nothing on.', 'Er hatte nichts an.'],
    ['She had nothing on.', 'Sie hatte nichts an.'],
    ['I do not care.', 'Das ist mir egal.'],
    ['Extremes meet.', 'Gegensätze berühren sich.'],
  ]);
  for (const p of pairs) assert.ok(['train', 'validation', 'test'].includes(p.split));
});

test('the split of a pair depends on its English sentence only, about 90/5/5 over many pairs', () => {
  const lines = Array.from({ length: 4000 }, (_, i) => `Sentence number ${i} is here.\tSatz Nummer ${i} ist hier.`);
  const pairs = parseTsvPairs(lines.join('\n'));
  const share = (s: string): number => pairs.filter((p) => p.split === s).length / pairs.length;
  assert.ok(Math.abs(share('train') - 0.9) < 0.02 && Math.abs(share('test') - 0.05) < 0.015, `${share('train')} ${share('test')}`);
  const again = parseDingPairs(lines.map((l) => l.split('\t').reverse().join(' :: ')).join('\n'));
  assert.deepEqual(again.map((p) => p.split), pairs.map((p) => p.split));
});

test('parseTsvPairs names a malformed line; loadSentencePairs reads a file and says how to get the dictionary when it is missing', () => {
  assert.throws(() => parseTsvPairs('Hello.\tHallo.\nno tab here\n', 'x.tsv'), { name: 'FormatError', message: /line 2 of x\.tsv is not 'English<TAB>German'/ });
  const dir = mkdtempSync(join(tmpdir(), 'shinsou-pairs-'));
  const file = join(dir, 'p.tsv');
  writeFileSync(file, 'I am tired.\tIch bin müde.\n\nYou are late.\tDu bist spät.\n');
  assert.deepEqual(loadSentencePairs({ pairs: file }).map((p) => p.german), ['Ich bin müde.', 'Du bist spät.']);
  assert.throws(() => loadSentencePairs({ pairs: join(dir, 'none.tsv') }), { name: 'ValueError', message: /no pairs file/ });
  assert.throws(() => loadSentencePairs({ dictionary: join(dir, 'de-en') }), { name: 'ValueError', message: /apt-get install trans-de-en/ });
});

test('the installed Ding dictionary yields about 19,000 everyday sentence pairs', { skip: !existsSync('/usr/share/trans/de-en') && 'Debian trans-de-en is not installed' }, () => {
  const pairs = loadSentencePairs();
  assert.ok(pairs.length > 15000 && pairs.length < 25000, `${pairs.length} pairs`);
  const words = pairs.map((p) => p.english.split(' ').length).sort((a, b) => a - b);
  assert.ok(words[0]! >= 2 && words.at(-1)! <= 15);
});
