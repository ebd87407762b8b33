/**
 * @file Emoji in two art styles, index-aligned: Noto (Google, Apache-2.0) and Twemoji (Twitter,
 * CC-BY 4.0), from the npm packages emoji-datasource-google / -twitter 16.0.0, shipped in
 * data/emoji/ by tools/data/emoji.js: 1,906 emoji (no skin-tone swatches) as 32×32 RGB composited
 * on white, split 1,524 / 382 by emoji, stratified by category. The pairing is for evaluation:
 * unpaired methods must shuffle the two styles independently.
 */
import { readFileSync } from 'node:fs';
import { FormatError, ValueError } from '../../errors.js';
import { packageFile } from '../../io/package_file.js';
import type { Tensor } from '../../tensor/tensor.js';
import { readIdxFile } from './idx.js';
import type { Split } from './mnist.js';

/** One split of the emoji: the two styles as float32 [N, 3, 32, 32] in [0, 1], row i the same emoji in both. */
export interface EmojiPairs {
  noto: Tensor;
  twemoji: Tensor;
  /** Code points (e.g. '1F600'), short names and categories of the rows. */
  unified: string[];
  names: string[];
  categories: string[];
}

/**
 * The shipped emoji pairs of `split` ('train' 1,524, 'test' 382).
 * PyTorch: none (a shipped data set); torchvision's `ImageFolder` over paired images is the nearest.
 * @example const { noto, twemoji } = data.loadEmojiPairs('train'); // [1524, 3, 32, 32] each
 */
export function loadEmojiPairs(split: Split): EmojiPairs {
  if (split !== 'train' && split !== 'test') throw new ValueError(`loadEmojiPairs: split must be 'train' or 'test', got '${String(split)}'`);
  const dir = packageFile('data/emoji/');
  if (dir === null) throw new ValueError('loadEmojiPairs: the shipped data/emoji folder is missing from the shinsou package');
  const style = (name: string): Tensor => {
    const bytes = readIdxFile(`${dir}${split}-${name}-idx4-ubyte.br`);
    if (bytes.ndim !== 4 || bytes.shape[3] !== 3) throw new FormatError(`loadEmojiPairs: ${name} images must be [N, H, W, 3], got [${bytes.shape.join(', ')}]`);
    return bytes.to('float32').div(255).permute([0, 3, 1, 2]).contiguous();
  };
  const meta = JSON.parse(readFileSync(`${dir}${split}.json`, 'utf8')) as { unified: string; name: string; category: string }[];
  const [noto, twemoji] = [style('noto'), style('twemoji')];
  if (noto.shape[0] !== meta.length || twemoji.shape[0] !== meta.length) throw new FormatError(`loadEmojiPairs: the ${split} images and their list disagree in length`);
  return { noto, twemoji, unified: meta.map((e) => e.unified), names: meta.map((e) => e.name), categories: meta.map((e) => e.category) };
}
