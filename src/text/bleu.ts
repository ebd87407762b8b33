/**
 * @file Corpus BLEU as sacreBLEU computes it by default: 13a tokenization, n-grams up to 4
 * clipped by the most frequent count in any reference, the brevity penalty against the
 * closest reference length, and 'exp' smoothing of orders without a match.
 */
import { ValueError } from '../errors.js';
import { checkOptions } from '../options.js';

const TOKENIZE_13A: [RegExp, string][] = [
  [/([{-~[-` -&(-+:-@/])/g, ' $1 '],
  [/([^0-9])([.,])/g, '$1 $2 '],
  [/([.,])([^0-9])/g, ' $1 $2'],
  [/([0-9])(-)/g, '$1 $2 '],
];

/**
 * The tokens of `line` under mteval-v13a's rules (sacreBLEU `tokenize='13a'`): punctuation
 * and symbols split off, periods and commas split unless between digits, dashes split after
 * a digit; a few HTML entities unescaped first.
 * sacreBLEU: `sacrebleu.tokenizers.tokenizer_13a.Tokenizer13a()(line).split()`.
 * @example tokenize13a('Hello, world!') // ['Hello', ',', 'world', '!']
 */
export function tokenize13a(line: string): string[] {
  let text = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (text.includes('&')) text = text.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  text = ` ${text} `;
  for (const [pattern, replacement] of TOKENIZE_13A) text = text.replace(pattern, replacement);
  return text.split(/\s+/).filter((t) => t.length > 0);
}

/** Options of `corpusBleu` (PyTorch's keyword arguments, where it has them). */
export interface BleuOptions {
  /** 'exp' (sacreBLEU's default: an order without matches counts 1/2^k of a match) or 'none'. */
  smooth?: 'exp' | 'none';
  /** '13a' (default) or 'none' (split on whitespace). */
  tokenize?: '13a' | 'none';
  /** Compare lowercased text (default false). */
  lowercase?: boolean;
}

/** Corpus BLEU as sacreBLEU reports it: the score, n-gram precisions, brevity penalty and lengths. */
export interface BleuScore {
  /** BLEU on a 0–100 scale. */
  score: number;
  /** Modified n-gram precisions (0–100) for n = 1…4. */
  precisions: number[];
  /** Brevity penalty. */
  bp: number;
  /** Clipped n-gram matches and hypothesis n-grams, for n = 1…4. */
  counts: number[];
  totals: number[];
  sysLen: number;
  refLen: number;
}

const ORDER = 4;

function ngramCounts(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (let n = 1; n <= ORDER; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const gram = `${n}\u0000${tokens.slice(i, i + n).join('\u0000')}`;
      counts.set(gram, (counts.get(gram) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * Corpus BLEU of `hypotheses` against one reference each (`references[i]` a string) or several
 * (`references` as reference streams: `references[k][i]` is the k-th reference of sentence i,
 * as sacreBLEU takes them).
 * sacreBLEU: `sacrebleu.corpus_bleu(hypotheses, [references]).score`.
 * @example corpusBleu(['the cat sat on the mat'], ['the cat sat on a mat']).score
 */
export function corpusBleu(hypotheses: readonly string[], references: readonly string[] | readonly (readonly string[])[], options?: BleuOptions): BleuScore {
  const { smooth = 'exp', tokenize = '13a', lowercase = false } = checkOptions<BleuOptions>('corpusBleu', options, { smooth: true, tokenize: true, lowercase: true });
  if (smooth !== 'exp' && smooth !== 'none') throw new ValueError(`corpusBleu: smooth must be 'exp' or 'none', got '${String(smooth)}'`);
  if (tokenize !== '13a' && tokenize !== 'none') throw new ValueError(`corpusBleu: tokenize must be '13a' or 'none', got '${String(tokenize)}'`);
  const streams = (typeof references[0] === 'string' || references.length === 0 ? [references] : references) as readonly (readonly string[])[];
  for (const stream of streams) {
    if (stream.length !== hypotheses.length) throw new ValueError(`corpusBleu: ${hypotheses.length} hypotheses but a reference stream of ${stream.length}`);
  }
  const split = (line: string): string[] => {
    const text = lowercase ? line.toLowerCase() : line;
    return tokenize === '13a' ? tokenize13a(text) : text.split(/\s+/).filter((t) => t.length > 0);
  };
  const counts = new Array<number>(ORDER).fill(0);
  const totals = new Array<number>(ORDER).fill(0);
  let [sysLen, refLen] = [0, 0];
  hypotheses.forEach((hypothesis, i) => {
    const hyp = split(hypothesis);
    const refs = streams.map((s) => split(s[i]!));
    // The closest reference length, the shorter on a tie.
    refLen += refs.map((r) => r.length).reduce((best, len) => (Math.abs(len - hyp.length) < Math.abs(best - hyp.length) || (Math.abs(len - hyp.length) === Math.abs(best - hyp.length) && len < best) ? len : best));
    sysLen += hyp.length;
    const maxRef = new Map<string, number>();
    for (const r of refs) for (const [gram, c] of ngramCounts(r)) maxRef.set(gram, Math.max(maxRef.get(gram) ?? 0, c));
    for (const [gram, c] of ngramCounts(hyp)) {
      const n = Number(gram.slice(0, gram.indexOf('\u0000'))) - 1;
      totals[n]! += c;
      counts[n]! += Math.min(c, maxRef.get(gram) ?? 0);
    }
  });
  const bp = sysLen >= refLen ? 1 : sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0;
  const precisions = new Array<number>(ORDER).fill(0);
  const result = { precisions, bp, counts, totals, sysLen, refLen };
  if (!counts.some((c) => c > 0)) return { score: 0, ...result };
  let smoothing = 1;
  for (let n = 0; n < ORDER && totals[n]! > 0; n++) {
    if (counts[n]! > 0) precisions[n] = (100 * counts[n]!) / totals[n]!;
    else if (smooth === 'exp') {
      smoothing *= 2;
      precisions[n] = 100 / (smoothing * totals[n]!);
    }
  }
  // sacreBLEU takes log(0) as −9999999999, which makes the score 0.
  const logMean = precisions.reduce((sum, p) => sum + (p > 0 ? Math.log(p) : -9999999999), 0) / ORDER;
  return { score: bp * Math.exp(logMean), ...result };
}
