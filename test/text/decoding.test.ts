import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as s from '../../src/index.js';
import { loadFixture } from '../helpers.js';

const { text } = s;

/** A decoder whose logits are a fixed function of each row's whole prefix (so every sequence's probability is known). */
class TableDecoder implements s.text.StepDecoder {
  prefixes: number[][] = [[]];
  constructor(readonly logits: (prefix: readonly number[]) => number[]) {}

  step(tokens: readonly number[]): s.Tensor {
    this.prefixes = this.prefixes.map((p, r) => [...p, tokens[r]!]);
    return s.tensor(this.prefixes.map((p) => this.logits(p)));
  }

  reorder(rows: readonly number[]): void {
    this.prefixes = rows.map((r) => [...this.prefixes[r]!]);
  }
}

const BOS = 9;
const EOS = 0;
/** Pseudo-random logits over 4 tokens (0 = <eos>) from the prefix. */
const hashed = (prefix: readonly number[]): number[] => [0, 1, 2, 3].map((v) => Math.sin(prefix.reduce((h, t, i) => h * 31 + t * (i + 7), 17) * 0.37 + v * 2.1) * 2);

function logSoftmax(row: number[]): number[] {
  const m = Math.max(...row);
  const z = Math.log(row.reduce((a, x) => a + Math.exp(x - m), 0)) + m;
  return row.map((x) => x - z);
}

/** Every finished sequence up to maxLength, scored as beamSearch scores them. */
function enumerate(maxLength: number, alpha: number): s.text.Hypothesis[] {
  const out: s.text.Hypothesis[] = [];
  const grow = (tokens: number[], logProb: number): void => {
    const lp = logSoftmax(hashed([BOS, ...tokens]));
    lp.forEach((l, v) => {
      const total = logProb + l;
      const done = v === EOS;
      const seq = done ? tokens : [...tokens, v];
      if (done || seq.length === maxLength) out.push({ tokens: seq, logProb: total, score: total / text.lengthPenalty(tokens.length + 1, alpha) });
      else grow(seq, total);
    });
  };
  grow([], 0);
  return out.sort((a, b) => b.score - a.score);
}

test('beamSearch returns the exact best sequence when the beam holds every hypothesis (α = 0 and 0.6), and the n best in order', () => {
  for (const alpha of [0, 0.6]) {
    const all = enumerate(5, alpha);
    const found = text.beamSearch(new TableDecoder(hashed), { bos: BOS, eos: EOS, maxLength: 5, beamSize: 4 ** 5, lengthPenalty: alpha, nBest: 3 });
    for (let k = 0; k < 3; k++) {
      assert.deepEqual(found[k]!.tokens, all[k]!.tokens, `α ${alpha}, rank ${k}`);
      assert.ok(Math.abs(found[k]!.score - all[k]!.score) < 1e-6);
    }
  }
});

test('SPEC §12.6: beam size 1 equals greedy; on a model where greedy is suboptimal, beam 2 finds the better sequence', () => {
  const greedy = text.greedyDecode(new TableDecoder(hashed), 1, { bos: BOS, eos: EOS, maxLength: 6 })[0]!;
  const beam1 = text.beamSearch(new TableDecoder(hashed), { bos: BOS, eos: EOS, maxLength: 6, beamSize: 1, lengthPenalty: 0 })[0]!;
  assert.deepEqual(beam1.tokens, greedy);
  // Step 1: token 1 (p 0.6) or 2 (p 0.4). After 1 the next step is spread out (best 0.4 → 0.24);
  // after 2 it is sure (0.95 → 0.38); then <eos>.
  const logits = (p: readonly number[]): number[] => {
    const ln = Math.log;
    if (p.length === 1) return [-Infinity, ln(0.6), ln(0.4), -Infinity];
    if (p.length === 2) return p[1] === 1 ? [-Infinity, ln(0.3), ln(0.3), ln(0.4)] : [-Infinity, ln(0.05), ln(0), ln(0.95)];
    return [0, -Infinity, -Infinity, -Infinity];
  };
  assert.deepEqual(text.greedyDecode(new TableDecoder(logits), 1, { bos: BOS, eos: EOS, maxLength: 4 })[0], [1, 3]);
  const best = text.beamSearch(new TableDecoder(logits), { bos: BOS, eos: EOS, maxLength: 4, beamSize: 2, lengthPenalty: 0 })[0]!;
  assert.deepEqual(best.tokens, [2, 3]);
  assert.ok(Math.abs(best.logProb - Math.log(0.4 * 0.95)) < 1e-6);
});

test('greedyDecode decodes rows independently and stops each at <eos>', () => {
  const logits = (p: readonly number[]): number[] => (p[0] === BOS && p.length < 3 ? [0, 5, 0, 0] : [5, 0, 0, 0]);
  const dec = new TableDecoder(logits);
  dec.reorder([0, 0]);
  assert.deepEqual(text.greedyDecode(dec, 2, { bos: BOS, eos: EOS, maxLength: 10 }), [[1, 1], [1, 1]]);
  assert.deepEqual(text.greedyDecode(new TableDecoder(() => [0, 5, 0, 0]), 1, { bos: BOS, eos: EOS, maxLength: 4 }), [[1, 1, 1, 1]]);
  assert.throws(() => text.greedyDecode(new TableDecoder(hashed), 1, { bos: BOS, eos: EOS, maxLength: 0 }), s.ValueError);
});

test('sampleDecode: draws follow softmax(logits / T) restricted to top-k and the top-p nucleus', () => {
  const row = [0.5, 1.5, 0.1, 1.0];
  const draws = (o: Partial<s.text.SampleDecodeOptions>, n = 20000): number[] => {
    const dec = new TableDecoder(() => row);
    dec.reorder(new Array(n).fill(0));
    const counts = [0, 0, 0, 0];
    for (const [t] of text.sampleDecode(dec, n, { bos: BOS, eos: -1, maxLength: 1, generator: new s.Generator(1), ...o })) counts[t!]! += 1;
    return counts.map((c) => c / n);
  };
  const expect = (t: number, keep: number[]): number[] => {
    const e = row.map((x, i) => (keep.includes(i) ? Math.exp(x / t) : 0));
    const z = e.reduce((a, b) => a + b);
    return e.map((x) => x / z);
  };
  const close = (got: number[], want: number[], what: string): void => got.forEach((g, i) => assert.ok(Math.abs(g - want[i]!) < 0.015, `${what}: token ${i} ${g} vs ${want[i]}`));
  close(draws({}), expect(1, [0, 1, 2, 3]), 'plain');
  close(draws({ temperature: 0.5 }), expect(0.5, [0, 1, 2, 3]), 'temperature 0.5');
  close(draws({ topK: 2 }), expect(1, [1, 3]), 'top-2');
  // Probabilities ≈ 0.22, 0.39, 0.15, 0.24: the nucleus of 0.6 is tokens 1 and 3.
  close(draws({ topP: 0.6 }), expect(1, [1, 3]), 'top-p 0.6');
  assert.deepEqual(draws({ topK: 1 }, 50), [0, 1, 0, 0]);
  assert.throws(() => draws({ temperature: 0 }, 1), s.ValueError);
  assert.throws(() => draws({ topP: 1.5 }, 1), s.ValueError);
});

interface BleuCase { name: string; hypotheses: string[]; references: string[][]; hypothesisTokens: string[][]; none: number; exp: number }

test('corpusBleu matches NLTK\'s corpus BLEU on 13a tokens (tools/fixtures/bleu.py), with and without exp smoothing', () => {
  const { cases } = loadFixture<{ cases: BleuCase[] }>('text/bleu.json');
  for (const c of cases) {
    c.hypotheses.forEach((h, i) => assert.deepEqual(text.tokenize13a(h), c.hypothesisTokens[i], `${c.name}: tokens of '${h}'`));
    assert.ok(Math.abs(text.corpusBleu(c.hypotheses, c.references).score - c.exp) < 1e-9, `${c.name} exp`);
    assert.ok(Math.abs(text.corpusBleu(c.hypotheses, c.references, { smooth: 'none' }).score - c.none) < 1e-9, `${c.name} none`);
  }
  assert.ok(Math.abs(text.corpusBleu(['a b c d'], ['a b c d']).score - 100) < 1e-9);
  assert.ok(Math.abs(text.corpusBleu(['a b c d'], [['A B C D']], { lowercase: true }).score - 100) < 1e-9);
  const short = text.corpusBleu(['a b c d'], ['a b c d e f']);
  assert.ok(Math.abs(short.bp - Math.exp(1 - 6 / 4)) < 1e-12 && Math.abs(short.score - 100 * short.bp) < 1e-9);
  assert.throws(() => text.corpusBleu(['a', 'b'], ['a']), /2 hypotheses but a reference stream of 1/);
});

test('perplexity and bits per token from nats', () => {
  assert.ok(Math.abs(text.perplexity(Math.log(7)) - 7) < 1e-12);
  assert.equal(text.bitsPerToken(Math.log(8)), 3);
});
