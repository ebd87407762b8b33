/**
 * @file Word2Vec (Mikolov et al. 2013; SPEC §12.1): skip-gram and CBOW with negative sampling
 * from the unigram^0.75 table, frequent-word subsampling, a dynamic window and a linearly decaying
 * learning rate, following word2vec.c and gensim's defaults. Browser-safe: the epoch loop is a
 * backend kernel (native C with Hogwild threads in Node, plain TypeScript in the js backend).
 */
import { ValueError } from '../errors.js';
import { checkOptions } from '../options.js';
import { getBackend } from '../backend/backend.js';
import { Generator } from '../tensor/random.js';

/** Options of `Word2Vec` (PyTorch's keyword arguments, where it has them). */
export interface Word2VecOptions {
  /** Embedding width (default 100). */
  vectorSize?: number;
  /** Max distance between the centre and a context word; each centre draws a window in [1, window] (default 5). */
  window?: number;
  /** Ignore words seen fewer times (default 5). */
  minCount?: number;
  /** Skip-gram (true) or CBOW (false, gensim's default). */
  sg?: boolean;
  /** Negative samples per positive (default 5). */
  negative?: number;
  /** Exponent of the negative-sampling distribution over counts (default 0.75). */
  nsExponent?: number;
  /** Subsampling threshold t: frequent words are kept with probability (√(f/t·N) + 1)·t·N/f (default 1e-3; 0: off). */
  sample?: number;
  /** Learning rate at the start, decaying linearly to minAlpha (defaults 0.025 and 0.0001). */
  alpha?: number;
  minAlpha?: number;
  /** Passes over the corpus (default 5). */
  epochs?: number;
  /** CBOW: average the context vectors (default true) rather than sum them. */
  cbowMean?: boolean;
  /** Seed of the initial vectors and of every draw (default 1). */
  seed?: number;
  /** Called after each epoch with the epoch (1-based) and the words trained so far. */
  onEpoch?: (epoch: number, wordsDone: number) => void;
}

const KEYS = {
  vectorSize: true, window: true, minCount: true, sg: true, negative: true, nsExponent: true, sample: true, alpha: true, minAlpha: true,
  epochs: true, cbowMean: true, seed: true, onEpoch: true,
} as const;

/**
 * The probability word2vec.c keeps an occurrence of a word seen `count` times among `total` words, with threshold `sample`.
 * gensim: the `sample` downsampling of `Word2Vec` (word2vec.c's formula).
 * @example text.keepProbability(count, totalWords, 1e-3) // word2vec's subsampling of frequent words
 */
export function keepProbability(count: number, total: number, sample: number): number {
  if (sample <= 0) return 1;
  const threshold = sample * total;
  return Math.min(1, (Math.sqrt(count / threshold) + 1) * (threshold / count));
}

/**
 * The cumulative negative-sampling distribution ∝ count^exponent (the last entry is 1).
 * gensim: `Word2Vec.make_cum_table(ns_exponent=0.75)`.
 * @example text.negativeSamplingTable(counts) // cumulative unigram^0.75 distribution
 */
export function negativeSamplingTable(counts: readonly number[], exponent = 0.75): Float64Array {
  const table = new Float64Array(counts.length);
  let sum = 0;
  counts.forEach((c, i) => {
    sum += c ** exponent;
    table[i] = sum;
  });
  return table.map((v) => v / sum);
}

/**
 * The vocabulary of `sentences` (words seen `minCount` times, by descending count) and its words
 * as one id stream with each sentence's end offset. Each token is hashed once: this runs inside
 * the timed training, where string lookups were most of the time outside the native epochs.
 */
function encodeCorpus(sentences: readonly (readonly string[])[], minCount: number): { words: string[]; counts: number[]; corpus: Int32Array; sentenceEnds: Int32Array } {
  const firstSeen = new Map<string, number>();
  const seenCounts: number[] = [];
  const tokens = new Int32Array(sentences.reduce((n, s) => n + s.length, 0));
  let at = 0;
  for (const s of sentences) {
    for (const w of s) {
      let id = firstSeen.get(w);
      if (id === undefined) firstSeen.set(w, (id = seenCounts.push(0) - 1));
      seenCounts[id]!++;
      tokens[at++] = id;
    }
  }
  const seenWords = [...firstSeen.keys()];
  const order = seenWords.map((_, i) => i).filter((i) => seenCounts[i]! >= minCount)
    .sort((a, b) => seenCounts[b]! - seenCounts[a]! || (seenWords[a]! < seenWords[b]! ? -1 : 1));
  const rank = new Int32Array(seenWords.length).fill(-1);
  order.forEach((i, r) => (rank[i] = r));
  const counts = order.map((i) => seenCounts[i]!);
  const corpus = new Int32Array(counts.reduce((a, b) => a + b, 0));
  const sentenceEnds = new Int32Array(sentences.length);
  let [read, written] = [0, 0];
  sentences.forEach((s, i) => {
    for (let k = 0; k < s.length; k++) {
      const r = rank[tokens[read++]!]!;
      if (r >= 0) corpus[written++] = r;
    }
    sentenceEnds[i] = written;
  });
  return { words: order.map((i) => seenWords[i]!), counts, corpus, sentenceEnds };
}

/**
 * Word vectors: `words` by descending count with their `vectors` (row i, `vectorSize` wide).
 * gensim: `gensim.models.Word2Vec(sentences, vector_size=100, window=5, min_count=5, sg=0, negative=5, sample=1e-3, epochs=5)`.
 * @example const w2v = Word2Vec.train(sentences, { sg: true, epochs: 5 }); w2v.mostSimilar('king', 5)
 */
export class Word2Vec {
  private readonly index = new Map<string, number>();
  private norms: Float32Array | null = null;

  constructor(readonly words: readonly string[], readonly vectors: Float32Array, readonly vectorSize: number, readonly counts: readonly number[] = []) {
    if (vectors.length !== words.length * vectorSize) throw new ValueError(`Word2Vec: ${words.length} words × ${vectorSize} need ${words.length * vectorSize} values, got ${vectors.length}`);
    words.forEach((w, i) => {
      if (this.index.has(w)) throw new ValueError(`Word2Vec: the word '${w}' appears twice`);
      this.index.set(w, i);
    });
  }

  /** Trains on `sentences` (lists of tokens) as word2vec.c does (see Word2VecOptions). */
  static train(sentences: readonly (readonly string[])[], options?: Word2VecOptions): Word2Vec {
    const o = checkOptions<Word2VecOptions>('Word2Vec.train', options, KEYS);
    const { vectorSize = 100, window = 5, minCount = 5, sg = false, negative = 5, nsExponent = 0.75, sample = 1e-3, alpha = 0.025, minAlpha = 0.0001,
      epochs = 5, cbowMean = true, seed = 1, onEpoch } = o;
    for (const [name, v] of [['vectorSize', vectorSize], ['window', window], ['minCount', minCount], ['negative', negative], ['epochs', epochs]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(`Word2Vec.train: ${name} must be a positive integer, got ${v}`);
    }
    const { words, counts, corpus, sentenceEnds } = encodeCorpus(sentences, minCount);
    if (words.length === 0) throw new ValueError(`Word2Vec.train: no word occurs ${minCount} times`);
    const total = corpus.length;
    const g = new Generator(seed);
    const D = vectorSize;
    const syn0 = new Float32Array(words.length * D);
    for (let i = 0; i < syn0.length; i++) syn0[i] = (g.random() - 0.5) / D;
    const job = {
      syn0,
      syn1: new Float32Array(words.length * D),
      corpus, sentenceEnds,
      keep: Float32Array.from(counts, (c) => keepProbability(c, total, sample)),
      table: negativeSamplingTable(counts, nsExponent),
      vocabSize: words.length, vectorSize: D, window, negative, sg, cbowMean, alpha, minAlpha, seed, totalWords: corpus.length * epochs,
    };
    const backend = getBackend();
    for (let epoch = 0; epoch < epochs; epoch++) {
      backend.word2vecEpoch(job, epoch);
      onEpoch?.(epoch + 1, corpus.length * (epoch + 1));
    }
    return new Word2Vec(words, job.syn0, D, counts);
  }

  get size(): number {
    return this.words.length;
  }

  /** Whether `word` is in the vocabulary. */
  has(word: string): boolean {
    return this.index.has(word);
  }

  private row(word: string): number {
    const i = this.index.get(word);
    if (i === undefined) throw new ValueError(`Word2Vec: '${word}' is not in the vocabulary`);
    return i;
  }

  /** A copy of the vector of `word`. */
  vector(word: string): Float32Array {
    const i = this.row(word);
    return this.vectors.slice(i * this.vectorSize, (i + 1) * this.vectorSize);
  }

  private unitNorms(): Float32Array {
    if (!this.norms) {
      const D = this.vectorSize;
      this.norms = Float32Array.from(this.words, (_, i) => {
        let s = 0;
        for (let d = 0; d < D; d++) s += this.vectors[i * D + d]! ** 2;
        return Math.sqrt(s) || 1;
      });
    }
    return this.norms;
  }

  /** Cosine similarity of two words. gensim: `wv.similarity(a, b)`. */
  similarity(a: string, b: string): number {
    const [i, j] = [this.row(a), this.row(b)];
    const D = this.vectorSize;
    let dot = 0;
    for (let d = 0; d < D; d++) dot += this.vectors[i * D + d]! * this.vectors[j * D + d]!;
    const norms = this.unitNorms();
    return dot / (norms[i]! * norms[j]!);
  }

  /**
   * The `topn` words nearest by cosine to the mean of the unit vectors of `positive` minus those
   * of `negative` (3CosAdd for an analogy a : b :: c : ? is positive [b, c], negative [a]); the
   * query words themselves are left out.
   * gensim: `wv.most_similar(positive, negative, topn)`.
   */
  mostSimilar(positive: string | readonly string[], topn = 10, negative: readonly string[] = []): [string, number][] {
    const pos = typeof positive === 'string' ? [positive] : positive;
    const D = this.vectorSize;
    const norms = this.unitNorms();
    const query = new Float64Array(D);
    for (const [list, sign] of [[pos, 1], [negative, -1]] as const) {
      for (const w of list) {
        const i = this.row(w);
        for (let d = 0; d < D; d++) query[d]! += (sign * this.vectors[i * D + d]!) / norms[i]!;
      }
    }
    const qn = Math.sqrt(query.reduce((s, v) => s + v * v, 0)) || 1;
    const exclude = new Set([...pos, ...negative].map((w) => this.row(w)));
    const scored: [number, number][] = [];
    for (let i = 0; i < this.words.length; i++) {
      if (exclude.has(i)) continue;
      let dot = 0;
      for (let d = 0; d < D; d++) dot += query[d]! * this.vectors[i * D + d]!;
      scored.push([i, dot / (qn * norms[i]!)]);
    }
    scored.sort((a, b) => b[1] - a[1]);
    return scored.slice(0, topn).map(([i, sim]) => [this.words[i]!, sim]);
  }

  /** The answer of a : b :: c : ? by 3CosAdd (argmax cos(x, b − a + c) over the other words). */
  analogy(a: string, b: string, c: string): string {
    return this.mostSimilar([b, c], 1, [a])[0]![0];
  }

  /** The word2vec text format: a header "count size", then one "word v1 v2 …" line per word. gensim: `save_word2vec_format(path, binary=False)`. */
  toText(): string {
    const D = this.vectorSize;
    const lines = this.words.map((w, i) => `${w} ${Array.from(this.vectors.subarray(i * D, (i + 1) * D), (v) => String(v)).join(' ')}`);
    return `${this.words.length} ${D}\n${lines.join('\n')}\n`;
  }

  /** Reads the word2vec text format. gensim: `KeyedVectors.load_word2vec_format(path, binary=False)`. */
  static fromText(text: string): Word2Vec {
    const lines = text.split('\n').filter((l) => l.length > 0);
    const [count, size] = (lines[0] ?? '').trim().split(/\s+/).map(Number) as [number, number];
    if (!Number.isInteger(count) || !Number.isInteger(size) || lines.length - 1 < count) {
      throw new ValueError(`Word2Vec.fromText: expected a "count size" header and ${count} vector lines`);
    }
    const words: string[] = [];
    const vectors = new Float32Array(count * size);
    for (let i = 0; i < count; i++) {
      const parts = lines[i + 1]!.trimEnd().split(' ');
      if (parts.length !== size + 1) throw new ValueError(`Word2Vec.fromText: line ${i + 2} has ${parts.length - 1} values, expected ${size}`);
      words.push(parts[0]!);
      for (let d = 0; d < size; d++) vectors[i * size + d] = Number(parts[d + 1]);
    }
    return new Word2Vec(words, vectors, size);
  }

  /** The word2vec binary format: the text header, then per word "word " and `size` little-endian float32s and "\n". gensim: `binary=True`. */
  toBinary(): Uint8Array {
    const encoder = new TextEncoder();
    const D = this.vectorSize;
    const parts: Uint8Array[] = [encoder.encode(`${this.words.length} ${D}\n`)];
    this.words.forEach((w, i) => {
      parts.push(encoder.encode(`${w} `));
      const floats = new Float32Array(this.vectors.subarray(i * D, (i + 1) * D));
      parts.push(new Uint8Array(floats.buffer), Uint8Array.of(10));
    });
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /** Reads the word2vec binary format (a newline after each vector is optional, as in word2vec.c's reader). */
  static fromBinary(bytes: Uint8Array): Word2Vec {
    const decoder = new TextDecoder();
    let at = bytes.indexOf(10);
    const [count, size] = decoder.decode(bytes.subarray(0, at)).trim().split(/\s+/).map(Number) as [number, number];
    if (!Number.isInteger(count) || !Number.isInteger(size)) throw new ValueError('Word2Vec.fromBinary: expected a "count size" header line');
    at++;
    const words: string[] = [];
    const vectors = new Float32Array(count * size);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < count; i++) {
      while (bytes[at] === 10) at++;
      const space = bytes.indexOf(32, at);
      if (space < 0 || space + 1 + 4 * size > bytes.length) throw new ValueError(`Word2Vec.fromBinary: the file ends inside word ${i + 1} of ${count}`);
      words.push(decoder.decode(bytes.subarray(at, space)));
      at = space + 1;
      for (let d = 0; d < size; d++, at += 4) vectors[i * size + d] = view.getFloat32(at, true);
    }
    return new Word2Vec(words, vectors, size);
  }
}
