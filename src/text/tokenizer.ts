/** @file Tokenizers for text models: a simple word tokenizer and characters. Browser-safe. */
import { checkOptions } from '../options.js';

/** Options of `wordTokenize`. */
export interface WordTokenizeOptions {
  /** Lower-case the text first (default true). */
  lowercase?: boolean;
}

/** Letters and digits with inner apostrophes (don't, o'clock) form a word; any other visible character is a token of its own. */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;

/**
 * Splits text into words and punctuation: runs of letters and digits (with apostrophes inside a
 * word kept, so "don't" is one token) are words, every other non-space character is a token of
 * its own ("U.S." → u . s .), whitespace separates. Lower-cases by default.
 * PyTorch: close to torchtext's `get_tokenizer('basic_english')`, which also splits off punctuation.
 * @example wordTokenize("Don't panic, Arthur!") // ["don't", 'panic', ',', 'arthur', '!']
 */
export function wordTokenize(text: string, options?: WordTokenizeOptions): string[] {
  const { lowercase = true } = checkOptions<WordTokenizeOptions>('wordTokenize', options, { lowercase: true });
  return (lowercase ? text.toLowerCase() : text).match(WORD) ?? [];
}

/**
 * The characters of `text` as tokens (Unicode code points, so an emoji or accented letter is one).
 * PyTorch: `list(text)` in Python (code points).
 * @example charTokenize('añ') // ['a', 'ñ']
 */
export function charTokenize(text: string): string[] {
  return Array.from(text);
}

/**
 * The sentences of `text` as lists of words, for Word2Vec: `wordTokenize`'s tokens that contain
 * a letter, cut after '.', '!' and '?' (other punctuation and numbers are dropped).
 * gensim: the sentences `Word2Vec` takes (lists of tokens).
 * @example wordSentences('Call me Ishmael. Some years ago…') // [['call', 'me', 'ishmael'], ['some', 'years', 'ago']]
 */
export function wordSentences(text: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const token of wordTokenize(text)) {
    if (token === '.' || token === '!' || token === '?') {
      if (current.length > 0) out.push(current);
      current = [];
    } else if (/\p{L}/u.test(token)) {
      current.push(token);
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}
