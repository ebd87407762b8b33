/**
 * @file Sentence pairs for translation (Node): English–German sentences from the Ding
 * dictionary of Debian's `trans-de-en` (GPL, so read from the installed package at run time,
 * never shipped), or from a tab-separated file; each pair put in a fixed split by a hash of its
 * English side.
 */
import { existsSync, readFileSync } from 'node:fs';
import { FormatError, ValueError } from '../errors.js';
import { checkOptions } from '../options.js';
import type { CorpusSplit } from './shipped.js';

/** One English sentence and its German translation, with the split it belongs to. */
export interface SentencePair {
  english: string;
  german: string;
  split: CorpusSplit;
}

/** Where Debian's `trans-de-en` installs the Ding English–German dictionary. */
export const DING_PATH = '/usr/share/trans/de-en';

/** FNV-1a of the UTF-16 code units: a fixed, platform-independent split key. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** 90 % train, 5 % validation, 5 % test, by the hash of the English sentence. */
function splitOf(english: string): CorpusSplit {
  const bucket = fnv1a(english) % 100;
  return bucket < 90 ? 'train' : bucket < 95 ? 'validation' : 'test';
}

/** Annotations in braces, brackets and parentheses ({m}, [ugs.], (des Bodens)) dropped, spaces squeezed. */
function stripAnnotations(text: string): string {
  return text.replace(/\{[^}]*\}|\[[^\]]*\]|\([^)]*\)/g, '').replace(/\s+/g, ' ').trim();
}

/** Capitalised, ending in . ? or !, 2–15 words. */
function isSentence(text: string): boolean {
  const words = text.split(' ').length;
  return /^\p{Lu}/u.test(text) && /[.?!]$/.test(text) && words >= 2 && words <= 15;
}

/**
 * The sentence pairs of a Ding dictionary text (lines `German :: English`, `#` comments):
 * alternatives separated by `|` are paired in order when both sides have as many, else only
 * the first; of the variants separated by `;` the first is taken; annotations are stripped;
 * pairs whose two sides are sentences are kept, the first pair of each English sentence only.
 * PyTorch: none (the Ding dictionary's text format).
 * @example parseDingPairs('Er hat nichts an. :: He had nothing on.') // [{ english: 'He had nothing on.', german: 'Er hat nichts an.', split: … }]
 */
export function parseDingPairs(text: string): SentencePair[] {
  const pairs = new Map<string, SentencePair>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.includes(' :: ')) continue;
    const [germanSide, englishSide] = line.split(' :: ') as [string, string];
    const [germans, englishes] = [germanSide.split(' | '), englishSide.split(' | ')];
    const alternatives = germans.length === englishes.length ? germans.length : 1;
    for (let i = 0; i < alternatives; i++) {
      const german = stripAnnotations(germans[i]!.split('; ')[0]!);
      const english = stripAnnotations(englishes[i]!.split('; ')[0]!);
      if (isSentence(german) && isSentence(english) && !pairs.has(english)) pairs.set(english, { english, german, split: splitOf(english) });
    }
  }
  return [...pairs.values()];
}

/**
 * The pairs of a tab-separated text, one `English<TAB>German` pair per non-empty line, split as
 * the Ding pairs are. Throws FormatError naming the first line without exactly one tab.
 * PyTorch: none; the tab-separated pairs of the PyTorch seq2seq tutorial (`eng-fra.txt`).
 * @example text.parseTsvPairs('Go.\tGeh.\nHi.\tHallo!') // [{ english: 'Go.', german: 'Geh.', split: 'train' }, …]
 */
export function parseTsvPairs(text: string, source = 'the pairs file'): SentencePair[] {
  return text.split('\n').flatMap((line, i) => {
    if (line.trim() === '') return [];
    const fields = line.split('\t');
    if (fields.length !== 2 || !fields[0]!.trim() || !fields[1]!.trim()) throw new FormatError(`line ${i + 1} of ${source} is not 'English<TAB>German': ${JSON.stringify(line.slice(0, 80))}`);
    const english = fields[0]!.trim();
    return [{ english, german: fields[1]!.trim(), split: splitOf(english) }];
  });
}

/**
 * English–German sentence pairs: from the tab-separated file `pairs` when given, else from the
 * installed Ding dictionary (~19,400 pairs, median 7 words: 90/5/5 % train/validation/test).
 * Throws ValueError saying how to install `trans-de-en` when the dictionary is missing.
 * PyTorch: the nearest is torchtext's `Multi30k` (English–German pairs).
 * @example loadSentencePairs().filter((p) => p.split === 'test')
 */
export function loadSentencePairs(options?: { pairs?: string; dictionary?: string }): SentencePair[] {
  const { pairs, dictionary = DING_PATH } = checkOptions<{ pairs?: string; dictionary?: string }>('loadSentencePairs', options, { pairs: true, dictionary: true });
  if (pairs !== undefined) {
    if (!existsSync(pairs)) throw new ValueError(`loadSentencePairs: no pairs file at ${pairs}`);
    return parseTsvPairs(readFileSync(pairs, 'utf8'), pairs);
  }
  if (!existsSync(dictionary)) {
    throw new ValueError(`loadSentencePairs: the Ding English–German dictionary is not at ${dictionary}; install Debian's package (apt-get install trans-de-en; it is GPL, so shinsou does not ship it) or give a tab-separated pairs file`);
  }
  return parseDingPairs(readFileSync(dictionary, 'utf8'));
}
