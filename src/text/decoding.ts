/**
 * @file Decoding a sequence model token by token (SPEC §12.6): greedy, sampling (temperature,
 * top-k, top-p) and beam search with GNMT's length penalty. The model is a `StepDecoder`: it
 * keeps its own state (e.g. a key/value cache) for each of its rows.
 */
import { noGrad } from '../autograd/grad_mode.js';
import { ValueError } from '../errors.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../options.js';

/**
 * A model decoding several sequences (its rows) in step: `step(tokens)` feeds each row's last
 * token and returns the next-token logits [rows, V]; `reorder(rows)` keeps the state of the
 * given rows, in that order (repeats allowed) — beam search starts from one row and fans out.
 */
export interface StepDecoder {
  step(tokens: readonly number[]): Tensor;
  reorder(rows: readonly number[]): void;
}

/** Options of the decoders (greedy, beam, sampling) (PyTorch's keyword arguments, where it has them). */
export interface DecodeOptions {
  /** The token every sequence starts from. */
  bos: number;
  /** The token that ends a sequence (not included in the result). */
  eos: number;
  /** Most tokens generated per sequence, `<eos>` included. */
  maxLength: number;
}

/** Options of sampling decoding (PyTorch's keyword arguments, where it has them). */
export interface SampleDecodeOptions extends DecodeOptions {
  /** Softmax temperature (default 1). */
  temperature?: number;
  /** Draw only from the k most likely tokens (default 0: all). */
  topK?: number;
  /** Draw only from the smallest set of tokens whose probability reaches p (default 1: all). */
  topP?: number;
  generator?: Generator;
}

/** Options of `beamSearch` (PyTorch's keyword arguments, where it has them). */
export interface BeamSearchOptions extends DecodeOptions {
  /** Hypotheses kept at each step (default 4). */
  beamSize?: number;
  /** α of GNMT's length penalty ((5 + |Y|)/6)^α, |Y| counting `<eos>` (default 0.6; 0: plain log-probability). */
  lengthPenalty?: number;
  /** Finished hypotheses returned, best first (default 1). */
  nBest?: number;
}

/** A finished hypothesis: its tokens (without `<bos>`/`<eos>`), log-probability and ranking score. */
export interface Hypothesis {
  tokens: number[];
  logProb: number;
  score: number;
}

function checkDecode(op: string, o: DecodeOptions): void {
  if (!Number.isInteger(o.bos) || !Number.isInteger(o.eos)) throw new ValueError(`${op}: bos and eos must be token ids, got ${o.bos}, ${o.eos}`);
  if (!Number.isInteger(o.maxLength) || o.maxLength < 1) throw new ValueError(`${op}: maxLength must be a positive integer, got ${o.maxLength}`);
}

/** Each row's log-softmax of the logits at `temperature`, as plain arrays. */
function logProbRows(logits: Tensor, temperature = 1): Float64Array[] {
  const [rows, v] = logits.shape as [number, number];
  const data = logits.dataSync();
  return Array.from({ length: rows }, (_, r) => {
    const row = new Float64Array(v);
    let max = -Infinity;
    for (let j = 0; j < v; j++) max = Math.max(max, (row[j] = data[r * v + j]! / temperature));
    let sum = 0;
    for (let j = 0; j < v; j++) sum += Math.exp(row[j]! - max);
    const log = max + Math.log(sum);
    for (let j = 0; j < v; j++) row[j]! -= log;
    return row;
  });
}

/** Runs `choose` on every unfinished row until each has produced `<eos>` or maxLength tokens. */
function decodeRows(decoder: StepDecoder, rows: number, o: DecodeOptions, choose: (logits: Tensor) => number[]): number[][] {
  const out: number[][] = Array.from({ length: rows }, () => []);
  const done = new Array<boolean>(rows).fill(false);
  let last = new Array<number>(rows).fill(o.bos);
  noGrad(() => {
    for (let t = 0; t < o.maxLength && done.includes(false); t++) {
      last = choose(decoder.step(last));
      last.forEach((token, r) => {
        if (done[r]) return;
        if (token === o.eos) done[r] = true;
        else out[r]!.push(token);
      });
    }
  });
  return out;
}

/**
 * The most likely next token at every step, for each of the decoder's `rows` sequences.
 * PyTorch: the usual `argmax` loop of the seq2seq tutorials.
 * @example greedyDecode(model.stepDecoder(src), src.shape[0], { bos: 2, eos: 3, maxLength: 50 })
 */
export function greedyDecode(decoder: StepDecoder, rows: number, options: DecodeOptions): number[][] {
  const o = checkOptions<DecodeOptions>('greedyDecode', options, { bos: true, eos: true, maxLength: true });
  checkDecode('greedyDecode', o);
  return decodeRows(decoder, rows, o, (logits) => [...logits.argmax(-1).dataSync()].map(Number));
}

/** The token drawn from one row's log-probabilities after top-k and top-p filtering. */
function drawToken(logp: Float64Array, topK: number, topP: number, u: number): number {
  const order = Array.from(logp.keys()).sort((a, b) => logp[b]! - logp[a]!);
  let keep = topK > 0 ? Math.min(topK, order.length) : order.length;
  if (topP < 1) {
    let mass = 0;
    for (let i = 0; i < keep; i++) {
      mass += Math.exp(logp[order[i]!]!);
      if (mass >= topP) {
        keep = i + 1;
        break;
      }
    }
  }
  const probs = order.slice(0, keep).map((j) => Math.exp(logp[j]!));
  let target = u * probs.reduce((a, b) => a + b, 0);
  for (let i = 0; i < keep; i++) {
    target -= probs[i]!;
    if (target < 0) return order[i]!;
  }
  return order[keep - 1]!;
}

/**
 * Draws every next token from softmax(logits / temperature), restricted to the `topK` most
 * likely tokens and to the nucleus of probability `topP` (Holtzman et al. 2020).
 * Hugging Face: `generate(do_sample=True, temperature, top_k, top_p)`.
 * @example sampleDecode(lm.stepDecoder(1), 1, { bos: 2, eos: 3, maxLength: 200, temperature: 0.8, topP: 0.9 })
 */
export function sampleDecode(decoder: StepDecoder, rows: number, options: SampleDecodeOptions): number[][] {
  const o = checkOptions<SampleDecodeOptions>('sampleDecode', options, { bos: true, eos: true, maxLength: true, temperature: true, topK: true, topP: true, generator: true });
  checkDecode('sampleDecode', o);
  const { temperature = 1, topK = 0, topP = 1, generator = defaultGenerator } = o;
  if (!(temperature > 0)) throw new ValueError(`sampleDecode: temperature must be positive, got ${temperature}`);
  if (!Number.isInteger(topK) || topK < 0) throw new ValueError(`sampleDecode: topK must be a non-negative integer, got ${topK}`);
  if (!(topP > 0 && topP <= 1)) throw new ValueError(`sampleDecode: topP must be in (0, 1], got ${topP}`);
  return decodeRows(decoder, rows, o, (logits) => logProbRows(logits, temperature).map((row) => drawToken(row, topK, topP, generator.random())));
}

/**
 * GNMT's length penalty ((5 + length)/6)^α.
 * PyTorch: none; fairseq's `lenpen` / GNMT (Wu et al. 2016, eq. 14).
 * @example text.lengthPenalty(10, 0.6) // ((5 + 10) / 6)^0.6
 */
export function lengthPenalty(length: number, alpha: number): number {
  return ((5 + length) / 6) ** alpha;
}

/**
 * Beam search from the decoder's single row: keep the `beamSize` best partial hypotheses by
 * summed log-probability, move those that produce `<eos>` (or reach maxLength) to the finished
 * list, rank finished ones by logP / lp(|Y|), and stop once no live hypothesis can still beat
 * the `nBest`-th finished one (its bound is logP / lp(maxLength), as log-probabilities only fall).
 * fairseq: `SequenceGenerator(beam_size, lenpen)`; the paper's setting is beam 4, α 0.6.
 * @example beamSearch(model.stepDecoder(src), { bos: 2, eos: 3, maxLength: 40, beamSize: 4, lengthPenalty: 0.6 })[0].tokens
 */
export function beamSearch(decoder: StepDecoder, options: BeamSearchOptions): Hypothesis[] {
  const o = checkOptions<BeamSearchOptions>('beamSearch', options, { bos: true, eos: true, maxLength: true, beamSize: true, lengthPenalty: true, nBest: true });
  checkDecode('beamSearch', o);
  const { beamSize = 4, lengthPenalty: alpha = 0.6, nBest = 1, maxLength } = o;
  if (!Number.isInteger(beamSize) || beamSize < 1) throw new ValueError(`beamSearch: beamSize must be a positive integer, got ${beamSize}`);
  if (!Number.isInteger(nBest) || nBest < 1) throw new ValueError(`beamSearch: nBest must be a positive integer, got ${nBest}`);
  if (!(alpha >= 0)) throw new ValueError(`beamSearch: lengthPenalty must be ≥ 0, got ${alpha}`);
  let alive: { tokens: number[]; logProb: number }[] = [{ tokens: [], logProb: 0 }];
  const finished: Hypothesis[] = [];
  const finish = (tokens: number[], logProb: number, length: number): void => {
    finished.push({ tokens, logProb, score: logProb / lengthPenalty(length, alpha) });
  };
  noGrad(() => {
    for (let t = 0; t < maxLength && alive.length > 0; t++) {
      const rows = logProbRows(decoder.step(alive.map((h) => h.tokens.at(-1) ?? o.bos)));
      const candidates: { row: number; token: number; logProb: number }[] = [];
      rows.forEach((logp, row) => logp.forEach((lp, token) => candidates.push({ row, token, logProb: alive[row]!.logProb + lp })));
      candidates.sort((a, b) => b.logProb - a.logProb);
      const next: typeof alive = [];
      const parents: number[] = [];
      let kept = 0;
      for (const c of candidates) {
        if (kept === beamSize) break;
        const tokens = alive[c.row]!.tokens;
        if (c.token === o.eos) {
          finish(tokens, c.logProb, tokens.length + 1);
          continue;
        }
        kept++;
        if (t === maxLength - 1) finish([...tokens, c.token], c.logProb, tokens.length + 1);
        else {
          next.push({ tokens: [...tokens, c.token], logProb: c.logProb });
          parents.push(c.row);
        }
      }
      alive = next;
      // The n-th best finished score: no live hypothesis can still enter the n best.
      const bar = finished.length < nBest ? -Infinity : finished.map((h) => h.score).sort((a, b) => b - a)[nBest - 1]!;
      if (alive.every((h) => h.logProb / lengthPenalty(maxLength, alpha) <= bar)) break;
      decoder.reorder(parents);
    }
  });
  return finished.sort((a, b) => b.score - a.score).slice(0, nBest);
}
