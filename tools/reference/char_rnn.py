#!/usr/bin/env python3
"""PyTorch reference for shinsou's `char-rnn` recipe: same data, vocabulary, model, settings, metric.

Run with Debian's python3-torch (node decompresses the shipped corpus):
    /usr/bin/python3 tools/reference/char_rnn.py --models rnn,lstm,gru --threads 2

As src/cli/recipes/char_rnn.ts: the corpus's train/validation/test documents joined by blank
lines, as characters; the vocabulary is '<unk>' then the training characters by descending
count (ties by code point order of the string); streams batchified into contiguous columns
(batch 32 for training, 16 for evaluation) and cut into blocks of 100 steps with the state carried
(detached) from block to block; model Embedding(V, 64) → RNN(tanh) / LSTM / GRU(256) → Linear(V);
Adam 2e-3, gradient-norm clipping 1, 6 epochs; bits per character on the test stream.
Prints one JSON line.
"""
import argparse
import json
import math
import os
import subprocess
import time
from collections import Counter

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')


def load_corpus(name):
    path = os.path.join(ROOT, 'data', 'text', f'{name}.jsonl.br')
    script = "process.stdout.write(require('zlib').brotliDecompressSync(require('fs').readFileSync(process.argv[1])))"
    raw = subprocess.run(['node', '-e', script, path], check=True, capture_output=True).stdout.decode('utf8')
    return [json.loads(line) for line in raw.split('\n') if line]


def split_text(docs, split):
    return list('\n\n'.join(d['text'] for d in docs if d['split'] == split))


def batchify(ids, bsz):
    data = torch.tensor(ids, dtype=torch.long)
    rows = len(data) // bsz
    return data[:rows * bsz].view(bsz, rows).t().contiguous()


def blocks(stream, bptt):
    for i in range(0, stream.size(0) - 1, bptt):
        n = min(bptt, stream.size(0) - 1 - i)
        yield stream[i:i + n], stream[i + 1:i + 1 + n]


class LanguageModel(nn.Module):
    def __init__(self, kind, vocab, embed, hidden):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embed)
        self.rnn = {'rnn': nn.RNN, 'lstm': nn.LSTM, 'gru': nn.GRU}[kind](embed, hidden)
        self.decoder = nn.Linear(hidden, vocab)

    def forward(self, x, state):
        out, state = self.rnn(self.embedding(x), state)
        return self.decoder(out), state


def detach(state):
    return None if state is None else tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()


def bits_per_char(model, stream, bptt):
    model.eval()
    state, nats, count = None, 0.0, 0
    with torch.no_grad():
        for x, y in blocks(stream, bptt):
            logits, state = model(x, state)
            nats += F.cross_entropy(logits.reshape(-1, logits.size(2)), y.reshape(-1), reduction='sum').item()
            count += y.numel()
    model.train()
    return nats / count / math.log(2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--corpus', default='moby-dick')
    ap.add_argument('--models', default='rnn,lstm,gru')
    ap.add_argument('--epochs', type=int, default=6)
    ap.add_argument('--batch-size', type=int, default=32)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--hidden', type=int, default=256)
    ap.add_argument('--embed', type=int, default=64)
    ap.add_argument('--bptt', type=int, default=100)
    ap.add_argument('--clip', type=float, default=1.0)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--threads', type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    docs = load_corpus(args.corpus)
    train, val, test = (split_text(docs, s) for s in ('train', 'validation', 'test'))
    counts = Counter(train)
    tokens = ['<unk>'] + sorted(counts, key=lambda c: (-counts[c], c))
    index = {t: i for i, t in enumerate(tokens)}
    encode = lambda chars: [index.get(c, 0) for c in chars]  # noqa: E731
    streams = {'train': batchify(encode(train), args.batch_size), 'val': batchify(encode(val), 16), 'test': batchify(encode(test), 16)}
    result = {'corpus': args.corpus, 'vocabularySize': len(tokens), 'trainCharacters': len(train), 'seed': args.seed, 'threads': args.threads,
              'epochs': args.epochs, 'torch': torch.__version__}
    for kind in args.models.split(','):
        torch.manual_seed(args.seed)
        model = LanguageModel(kind, len(tokens), args.embed, args.hidden)
        opt = torch.optim.Adam(model.parameters(), lr=args.lr)
        t0 = time.time()
        for _ in range(args.epochs):
            state = None
            for x, y in blocks(streams['train'], args.bptt):
                opt.zero_grad()
                logits, state = model(x, detach(state))
                F.cross_entropy(logits.reshape(-1, len(tokens)), y.reshape(-1)).backward()
                nn.utils.clip_grad_norm_(model.parameters(), args.clip)
                opt.step()
        result[f'bpc{kind.capitalize()}'] = bits_per_char(model, streams['test'], args.bptt)
        result[f'{kind}Seconds'] = time.time() - t0
    print(json.dumps(result))


if __name__ == '__main__':
    main()
