#!/usr/bin/env python3
"""PyTorch reference for shinsou's `translate` recipe: same pairs, tokens, vocabularies, model, settings, metric.

Run with Debian's python3-torch and python3 trans-de-en, after `npm install` (which builds dist/):
    /usr/bin/python3 tools/reference/translate.py --threads 2

As src/cli/recipes/translate.ts: shinsou's own loader reads the Ding pairs (its fixed 90/5/5 split),
lower-cased word tokens and the two vocabularies (training tokens seen twice; <pad> <unk> <bos> <eos>
first), so the data are identical; the source ends in <eos>, the decoder reads <bos> y and predicts
y <eos>. Model: source and target embeddings N(0, 1/d)·sqrt(d) plus sinusoidal positions, dropout 0.1,
nn.Transformer(d 128, 4 heads, 2 + 2 pre-LN layers, feed-forward 512), the generator tied to the target
embedding. Adam(betas 0.9/0.98, eps 1e-9) under the Noam schedule (warmup 400) scaled to peak at 1e-3,
label smoothing 0.1, gradient-norm clipping 1, batches of 64 pairs pooled by source length, 10 epochs.
Test: greedy (batched) and beam search (beam 4, GNMT length penalty 0.6, the same search as
shinsou's beamSearch), maximum length source + 10; BLEU by shinsou's corpusBleu (sacreBLEU's
default, lower-cased). Prints one JSON line.
"""
import argparse
import json
import math
import os
import random
import re
import subprocess
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
PAD, BOS, EOS = 0, 2, 3

EXPORT = """
const [root, minFreq] = [process.argv[1], Number(process.argv[2])];
const t = await import(root + '/dist/text/node.js');
const pairs = t.loadSentencePairs();
const train = pairs.filter((p) => p.split === 'train');
const src = t.Vocabulary.build(train.flatMap((p) => t.wordTokenize(p.english)), { minFreq });
const tgt = t.Vocabulary.build(train.flatMap((p) => t.wordTokenize(p.german)), { minFreq });
const split = (s) => pairs.filter((p) => p.split === s).map((p) => ({
  source: [...src.encode(t.wordTokenize(p.english)), 3], target: tgt.encode(t.wordTokenize(p.german)), reference: p.german }));
process.stdout.write(JSON.stringify({ src: src.toJSON().tokens, tgt: tgt.toJSON().tokens, train: split('train'), validation: split('validation'), test: split('test') }));
"""

SCORE = """
const root = process.argv[1];
const t = await import(root + '/dist/text/index.js');
const { hypotheses, references } = JSON.parse(require('fs').readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(t.corpusBleu(hypotheses, references, { lowercase: true }).score));
"""


def node(script, *args, stdin=None):
    wrapped = f'(async () => {{ {script} }})()'
    return subprocess.run(['node', '-e', wrapped, ROOT, *args], check=True, capture_output=True, input=stdin).stdout.decode('utf8')


class Seq2Seq(nn.Module):
    def __init__(self, src_vocab, tgt_vocab, d, heads, layers, ff, dropout, max_len):
        super().__init__()
        self.d = d
        self.src_embedding = nn.Embedding(src_vocab, d)
        self.tgt_embedding = nn.Embedding(tgt_vocab, d)
        position = torch.arange(max_len).unsqueeze(1)
        div = torch.exp(torch.arange(0, d, 2) * (-math.log(10000.0) / d))
        pe = torch.zeros(max_len, d)
        pe[:, 0::2] = torch.sin(position * div)
        pe[:, 1::2] = torch.cos(position * div)
        self.register_buffer('pe', pe)
        self.dropout = nn.Dropout(dropout)
        self.transformer = nn.Transformer(d, heads, layers, layers, ff, dropout, batch_first=True, norm_first=True)
        self.generator = nn.Linear(d, tgt_vocab)
        self.generator.weight = self.tgt_embedding.weight
        nn.init.normal_(self.src_embedding.weight, 0, d ** -0.5)
        nn.init.normal_(self.tgt_embedding.weight, 0, d ** -0.5)

    def embed(self, embedding, tokens, offset=0):
        return self.dropout(embedding(tokens) * math.sqrt(self.d) + self.pe[offset:offset + tokens.size(1)])

    def encode(self, src):
        mask = src.eq(PAD)
        return self.transformer.encoder(self.embed(self.src_embedding, src), src_key_padding_mask=mask), mask

    def decode(self, tgt_in, memory, memory_mask):
        t = tgt_in.size(1)
        causal = torch.triu(torch.full((t, t), float('-inf')), diagonal=1)
        y = self.transformer.decoder(self.embed(self.tgt_embedding, tgt_in), memory, tgt_mask=causal,
                                     tgt_key_padding_mask=tgt_in.eq(PAD), memory_key_padding_mask=memory_mask)
        return self.generator(y)

    def forward(self, src, tgt_in):
        memory, mask = self.encode(src)
        return self.decode(tgt_in, memory, mask)


def padded(rows):
    width = max(len(r) for r in rows)
    return torch.tensor([r + [PAD] * (width - len(r)) for r in rows])


def batches_of(split, batch_size, rng):
    order = list(range(len(split)))
    rng.shuffle(order)
    batches = []
    for start in range(0, len(order), batch_size * 20):
        pool = sorted(order[start:start + batch_size * 20], key=lambda i: len(split[i]['source']))
        batches += [pool[i:i + batch_size] for i in range(0, len(pool), batch_size)]
    rng.shuffle(batches)
    return batches


def teacher_forced(model, split, batch):
    src = padded([split[i]['source'] for i in batch])
    tgt_in = padded([[BOS] + split[i]['target'] for i in batch])
    targets = padded([split[i]['target'] + [EOS] for i in batch])
    logits = model(src, tgt_in)
    return logits.reshape(-1, logits.size(2)), targets.reshape(-1)


def greedy(model, src, max_length):
    # Without a cache: each step re-runs the decoder over the prefix (same tokens as a cached run).
    memory, mask = model.encode(src)
    tokens = torch.full((src.size(0), 1), BOS)
    done = torch.zeros(src.size(0), dtype=torch.bool)
    out = [[] for _ in range(src.size(0))]
    for _ in range(max_length):
        nxt = model.decode(tokens, memory, mask)[:, -1].argmax(-1)
        for r in range(src.size(0)):
            if not done[r]:
                if nxt[r].item() == EOS:
                    done[r] = True
                else:
                    out[r].append(nxt[r].item())
        if done.all():
            break
        tokens = torch.cat([tokens, nxt.unsqueeze(1)], 1)
    return out


def beam_search(model, src, max_length, beam_size, alpha):
    # shinsou's beamSearch: keep the beam_size best by summed log-probability, finish on <eos>
    # (or at max_length), rank finished by logP / ((5 + |Y|) / 6)^alpha, stop once no live one can win.
    memory, mask = model.encode(src)
    lp = lambda n: ((5 + n) / 6) ** alpha  # noqa: E731
    alive, finished = [([], 0.0)], []
    for t in range(max_length):
        tokens = torch.tensor([[BOS] + h for h, _ in alive])
        logp = F.log_softmax(model.decode(tokens, memory.expand(len(alive), -1, -1), mask.expand(len(alive), -1))[:, -1].double(), -1)
        scores = (torch.tensor([s for _, s in alive], dtype=torch.float64).unsqueeze(1) + logp).flatten()
        order = scores.argsort(descending=True).tolist()
        nxt, kept = [], 0
        for k in order:
            if kept == beam_size:
                break
            row, token = divmod(k, logp.size(1))
            hyp, score = alive[row][0], scores[k].item()
            if token == EOS:
                finished.append((hyp, score / lp(len(hyp) + 1)))
                continue
            kept += 1
            if t == max_length - 1:
                finished.append((hyp + [token], score / lp(len(hyp) + 1)))
            else:
                nxt.append((hyp + [token], score))
        alive = nxt
        bar = max((s for _, s in finished), default=-math.inf)
        if all(s / lp(max_length) <= bar for _, s in alive):
            break
    return max(finished, key=lambda f: f[1])[0]


def detokenize(words):
    return re.sub(r'(\S) - (?=\S)', r'\1-', ' '.join(words))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--epochs', type=int, default=10)
    ap.add_argument('--batch-size', type=int, default=64)
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--d-model', type=int, default=128)
    ap.add_argument('--heads', type=int, default=4)
    ap.add_argument('--layers', type=int, default=2)
    ap.add_argument('--ff', type=int, default=512)
    ap.add_argument('--dropout', type=float, default=0.1)
    ap.add_argument('--label-smoothing', type=float, default=0.1)
    ap.add_argument('--warmup', type=int, default=400)
    ap.add_argument('--min-freq', type=int, default=2)
    ap.add_argument('--beam', type=int, default=4)
    ap.add_argument('--length-penalty', type=float, default=0.6)
    ap.add_argument('--clip', type=float, default=1.0)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--threads', type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    data = json.loads(node(EXPORT, str(args.min_freq)))
    train, test = data['train'], data['test']
    longest = max(len(p[k]) for s in ('train', 'validation', 'test') for p in data[s] for k in ('source', 'target')) + 12
    model = Seq2Seq(len(data['src']), len(data['tgt']), args.d_model, args.heads, args.layers, args.ff, args.dropout, longest)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr * math.sqrt(args.d_model * args.warmup), betas=(0.9, 0.98), eps=1e-9)
    noam = lambda step: args.d_model ** -0.5 * min((step + 1) ** -0.5, (step + 1) * args.warmup ** -1.5)  # noqa: E731
    scheduler = torch.optim.lr_scheduler.LambdaLR(opt, noam)
    t0 = time.time()
    for _ in range(args.epochs):
        for batch in batches_of(train, args.batch_size, rng):
            opt.zero_grad()
            logits, targets = teacher_forced(model, train, batch)
            F.cross_entropy(logits, targets, ignore_index=PAD, label_smoothing=args.label_smoothing).backward()
            nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            opt.step()
            scheduler.step()
    seconds = time.time() - t0
    model.eval()
    words = lambda ids: detokenize([data['tgt'][i] for i in ids])  # noqa: E731
    with torch.no_grad():
        t1 = time.time()
        greedy_out = []
        for b in range(0, len(test), 128):
            src = padded([p['source'] for p in test[b:b + 128]])
            greedy_out += greedy(model, src, src.size(1) + 10)
        t2 = time.time()
        beam_out = []
        for p in test:
            src = padded([p['source']])
            beam_out.append(beam_search(model, src, src.size(1) + 10, args.beam, args.length_penalty))
        t3 = time.time()
    references = [p['reference'] for p in test]
    bleu = lambda out: json.loads(node(SCORE, stdin=json.dumps({'hypotheses': [words(o) for o in out], 'references': references}).encode('utf8')))  # noqa: E731
    print(json.dumps({'testBleuGreedy': bleu(greedy_out), 'testBleuBeam': bleu(beam_out), 'seconds': seconds, 'greedySeconds': t2 - t1, 'beamSeconds': t3 - t2,
                      'parameters': sum(p.numel() for p in model.parameters()), 'trainPairs': len(train), 'testPairs': len(test),
                      'sourceVocabulary': len(data['src']), 'targetVocabulary': len(data['tgt']), 'epochs': args.epochs, 'seed': args.seed,
                      'threads': args.threads, 'torch': torch.__version__}))


if __name__ == '__main__':
    main()
