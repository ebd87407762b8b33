/** @file A token ↔ id table with frequency cut-offs and special tokens. Browser-safe. */
import { ValueError } from '../errors.js';
import { checkOptions } from '../options.js';

/** The special tokens `Vocabulary.build` puts first by default, in this order (ids 0–3). */
export const SPECIAL_TOKENS = ['<pad>', '<unk>', '<bos>', '<eos>'] as const;

/** Options of `Vocabulary.build` (PyTorch's keyword arguments, where it has them). */
export interface VocabularyBuildOptions {
  /** Keep tokens seen at least this often (default 1). */
  minFreq?: number;
  /** Keep at most this many tokens in all, specials included (default: no limit). */
  maxSize?: number;
  /** Tokens placed first, whatever their counts (default SPECIAL_TOKENS). */
  specials?: readonly string[];
  /** The token unknown ones map to; it must be among the specials, or null to throw instead (default '<unk>'). */
  unk?: string | null;
}

/** What `toJSON` writes and `fromJSON` reads. */
export interface VocabularyJson {
  tokens: string[];
  unk: string | null;
}

/**
 * A vocabulary: tokens with ids 0…size−1, unknown tokens mapped to `unk` (or an error).
 * `build` orders the specials first, then tokens by descending count, ties alphabetically.
 * PyTorch: torchtext's `build_vocab_from_iterator(..., min_freq, specials)` with `set_default_index(vocab['<unk>'])`.
 * @example const vocab = Vocabulary.build(wordTokenize(text), { minFreq: 2 }); vocab.encode(['the', 'zyzzyva']) // [4, 1]
 */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  /** The id unknown tokens get (undefined: they throw). */
  readonly unkId: number | undefined;

  constructor(readonly tokens: readonly string[], readonly unk: string | null = null) {
    tokens.forEach((t, i) => {
      if (this.ids.has(t)) throw new ValueError(`Vocabulary: the token '${t}' appears twice`);
      this.ids.set(t, i);
    });
    if (unk !== null && !this.ids.has(unk)) throw new ValueError(`Vocabulary: the unknown token '${unk}' is not in the vocabulary`);
    this.unkId = unk === null ? undefined : this.ids.get(unk);
  }

  /** Counts `tokens` and keeps the frequent ones (see the options). */
  static build(tokens: Iterable<string>, options?: VocabularyBuildOptions): Vocabulary {
    const { minFreq = 1, maxSize = Infinity, specials = SPECIAL_TOKENS, unk = '<unk>' } = checkOptions<VocabularyBuildOptions>('Vocabulary.build', options,
      { minFreq: true, maxSize: true, specials: true, unk: true });
    if (!(minFreq >= 1)) throw new ValueError(`Vocabulary.build: minFreq must be at least 1, got ${minFreq}`);
    if (!(maxSize >= specials.length)) throw new ValueError(`Vocabulary.build: maxSize ${maxSize} leaves no room for the ${specials.length} specials`);
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    const special = new Set(specials);
    const kept = [...counts].filter(([t, c]) => c >= minFreq && !special.has(t))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, maxSize - specials.length).map(([t]) => t);
    return new Vocabulary([...specials, ...kept], unk);
  }

  get size(): number {
    return this.tokens.length;
  }

  /** Whether `token` has an id of its own. */
  has(token: string): boolean {
    return this.ids.has(token);
  }

  /** The id of `token` (unk's for an unknown one; a ValueError without unk). */
  indexOf(token: string): number {
    const id = this.ids.get(token) ?? this.unkId;
    if (id === undefined) throw new ValueError(`Vocabulary: unknown token '${token}' and no unknown token to map it to`);
    return id;
  }

  /** Ids of `tokens`. */
  encode(tokens: readonly string[]): number[] {
    return tokens.map((t) => this.indexOf(t));
  }

  /** Tokens of `ids` (integers in [0, size)). */
  decode(ids: Iterable<number>): string[] {
    return Array.from(ids, (id) => {
      const t = this.tokens[id];
      if (t === undefined || !Number.isInteger(id)) throw new ValueError(`Vocabulary: id ${id} is outside [0, ${this.size})`);
      return t;
    });
  }

  /** The vocabulary as JSON (its tokens in id order), for `Vocabulary.fromJSON`. */
  toJSON(): VocabularyJson {
    return { tokens: [...this.tokens], unk: this.unk };
  }

  /** The vocabulary `toJSON` wrote (a parsed object or its JSON text). */
  static fromJSON(json: VocabularyJson | string): Vocabulary {
    const v = (typeof json === 'string' ? JSON.parse(json) : json) as Partial<VocabularyJson>;
    if (!Array.isArray(v.tokens) || !v.tokens.every((t) => typeof t === 'string') || !(v.unk === null || typeof v.unk === 'string')) {
      throw new ValueError('Vocabulary.fromJSON: expected { tokens: string[], unk: string | null }');
    }
    return new Vocabulary(v.tokens, v.unk);
  }
}
