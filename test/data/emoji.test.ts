import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';

const pixel = (images: s.Tensor, i: number, y: number, x: number): number[] => [0, 1, 2].map((c) => Math.round(255 * images.select(0, i).select(0, c).select(0, y).select(0, x).item()));

test('the emoji pairs ship 1,524 train and 382 test emoji in both styles, split by emoji and stratified by category', () => {
  const [train, test] = [s.data.loadEmojiPairs('train'), s.data.loadEmojiPairs('test')];
  assert.deepEqual(train.noto.shape, [1524, 3, 32, 32]);
  assert.deepEqual(train.twemoji.shape, [1524, 3, 32, 32]);
  assert.deepEqual(test.noto.shape, [382, 3, 32, 32]);
  assert.equal(new Set([...train.unified, ...test.unified]).size, 1906, 'no emoji in both splits');
  assert.ok(!train.categories.includes('Component') && !test.categories.includes('Component'), 'no skin-tone swatches');
  for (const category of new Set(train.categories)) {
    const [a, b] = [train.categories.filter((c) => c === category).length, test.categories.filter((c) => c === category).length];
    assert.ok(Math.abs(b / (a + b) - 0.2) < 0.02, `${category}: ${b} of ${a + b} in test`);
  }
  const values = train.noto.dataSync();
  assert.ok(values.every((v) => v >= 0 && v <= 1));
});

test('known emoji come out as drawn, composited on white: a red circle, a blue circle, a green heart', () => {
  const train = s.data.loadEmojiPairs('train');
  const at = (name: string): number => {
    const i = train.names.indexOf(name);
    assert.ok(i >= 0, `${name} is in the train split`);
    return i;
  };
  for (const images of [train.noto, train.twemoji]) {
    const [red, blue, heart] = [pixel(images, at('red_circle'), 16, 16), pixel(images, at('large_blue_circle'), 16, 16), pixel(images, at('green_heart'), 16, 16)];
    assert.ok(red[0]! > 200 && red[1]! < 90 && red[2]! < 90, `red circle ${red}`);
    assert.ok(blue[2]! > 200 && blue[0]! < 100, `blue circle ${blue}`);
    assert.ok(heart[1]! > 150 && heart[0]! < 130 && heart[2]! < 100, `green heart ${heart}`);
    assert.deepEqual(pixel(images, at('red_circle'), 0, 0), [255, 255, 255], 'transparent corners become white');
  }
  assert.throws(() => s.data.loadEmojiPairs('val' as never), { name: 'ValueError', message: /split must be 'train' or 'test'/ });
});
