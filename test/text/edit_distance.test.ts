import assert from 'node:assert/strict';
import { test } from 'node:test';
import { text } from '../../src/index.js';

test('editDistance counts the fewest insertions, deletions and substitutions, over strings or arrays', () => {
  assert.equal(text.editDistance('kitten', 'sitting'), 3);
  assert.equal(text.editDistance('', 'abc'), 3);
  assert.equal(text.editDistance('abc', ''), 3);
  assert.equal(text.editDistance('flaw', 'lawn'), 2);
  assert.equal(text.editDistance('same', 'same'), 0);
  assert.equal(text.editDistance(['the', 'cat', 'sat'], ['the', 'sat']), 1);
});

test('characterErrorRate sums the edits over the summed reference lengths', () => {
  assert.equal(text.characterErrorRate(['helo world'], ['hello world']), 1 / 11);
  assert.equal(text.characterErrorRate(['ab', 'xyz'], ['ab', 'abcd']), 4 / 6);
  assert.equal(text.characterErrorRate([], []), 0);
  assert.throws(() => text.characterErrorRate(['a'], []), { name: 'ValueError', message: /1 hypotheses for 0 references/ });
});
