#!/usr/bin/env python3
"""PyTorch reference for shinsou's `transformer-lm` recipe: same data, vocabulary, model, settings, metric.

Run with Debian's python3-torch:
    /usr/bin/python3 tools/reference/transformer_lm.py --threads 2

As src/cli/recipes/transformer_lm.ts: char-rnn's corpus, split and vocabulary (see char_rnn.py);
the training stream cut into non-overlapping windows of 128 inputs (+1 shifted target), shuffled
each epoch, batches of 8; model: Embedding(V, 128) drawn N(0, 1/128) and scaled by sqrt(128),
sinusoidal positions, no dropout, 2 pre-LN TransformerEncoderLayers (4 heads, feed-forward 512,
ReLU) under a causal mask, a final LayerNorm, an output Linear (tied to the embedding with
--tie-weights yes); Adam(2e-3, betas 0.9/0.98) with a linear warmup over 100 steps and a cosine decay to a tenth by the last step,
gradient-norm clipping 1, 6 epochs. Test bits per character with windows stepping by half a window, every character
scored once with at least half a window of context. Prints one JSON line.
"""
import argparse
import json
import math
import time
from collections import Counter

import torch
import torch.nn as nn
import torch.nn.functional as F

from char_rnn import load_corpus, split_text


class LanguageModel(nn.Module):
    def __init__(self, vocab, d_model, nhead, layers, ff, dropout, max_len, tie):
        super().__init__()
        self.d_model = d_model
        self.embedding = nn.Embedding(vocab, d_model)
        nn.init.normal_(self.embedding.weight, 0, d_model ** -0.5)
        position = torch.arange(max_len).unsqueeze(1)
        div = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, d_model)
        pe[:, 0::2] = torch.sin(position * div)
        pe[:, 1::2] = torch.cos(position * div)
        self.register_buffer('pe', pe)
        self.dropout = nn.Dropout(dropout)
        layer = nn.TransformerEncoderLayer(d_model, nhead, ff, dropout, batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, nn.LayerNorm(d_model), enable_nested_tensor=False)
        self.decoder = nn.Linear(d_model, vocab)
        if tie:
            self.decoder.weight = self.embedding.weight

    def forward(self, x):
        t = x.size(1)
        h = self.dropout(self.embedding(x) * math.sqrt(self.d_model) + self.pe[:t])
        mask = torch.triu(torch.full((t, t), float('-inf')), diagonal=1)
        return self.decoder(self.encoder(h, mask))


def bits_per_char(model, ids, context):
    half = max(1, context // 2)
    windows, scored, start = [], 0, 0
    while scored < len(ids) - 1:
        windows.append((start, scored - start))
        scored = start + min(context, len(ids) - 1 - start)
        start = min(start + half, max(0, len(ids) - 1 - context))
    length = min(context, len(ids) - 1)
    model.eval()
    nats = 0.0
    with torch.no_grad():
        for b in range(0, len(windows), 32):
            batch = windows[b:b + 32]
            x = torch.tensor([ids[s:s + length] for s, _ in batch])
            y = torch.tensor([ids[s + 1:s + 1 + length] for s, _ in batch])
            logits = model(x)
            losses = F.cross_entropy(logits.reshape(-1, logits.size(2)), y.reshape(-1), reduction='none').view(len(batch), length)
            for r, (_, first) in enumerate(batch):
                nats += losses[r, max(0, first):].sum().item()
    model.train()
    return nats / (len(ids) - 1) / math.log(2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--corpus', default='moby-dick')
    ap.add_argument('--epochs', type=int, default=6)
    ap.add_argument('--batch-size', type=int, default=8)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--d-model', type=int, default=128)
    ap.add_argument('--heads', type=int, default=4)
    ap.add_argument('--layers', type=int, default=2)
    ap.add_argument('--ff', type=int, default=512)
    ap.add_argument('--context', type=int, default=128)
    ap.add_argument('--dropout', type=float, default=0.0)
    ap.add_argument('--warmup', type=int, default=100)
    ap.add_argument('--tie-weights', choices=['yes', 'no'], default='no')
    ap.add_argument('--clip', type=float, default=1.0)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--threads', type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    docs = load_corpus(args.corpus)
    train, test = split_text(docs, 'train'), split_text(docs, 'test')
    counts = Counter(train)
    tokens = ['<unk>'] + sorted(counts, key=lambda c: (-counts[c], c))
    index = {t: i for i, t in enumerate(tokens)}
    train_ids, test_ids = ([index.get(c, 0) for c in chars] for chars in (train, test))
    context = args.context
    starts = torch.arange((len(train_ids) - 1) // context) * context
    stream = torch.tensor(train_ids)
    offsets = torch.arange(context + 1)
    model = LanguageModel(len(tokens), args.d_model, args.heads, args.layers, args.ff, args.dropout, max(context, 1024), args.tie_weights == 'yes')
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.98))
    total = args.epochs * math.ceil(len(starts) / args.batch_size)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda step: min(1.0, (step + 1) / args.warmup) * (0.1 + 0.45 * (1 + math.cos(math.pi * min(step, total) / total))))
    t0 = time.time()
    for _ in range(args.epochs):
        order = starts[torch.randperm(len(starts))]
        for b in range(0, len(order), args.batch_size):
            windows = stream[order[b:b + args.batch_size, None] + offsets]
            x, y = windows[:, :-1], windows[:, 1:]
            opt.zero_grad()
            F.cross_entropy(model(x).reshape(-1, len(tokens)), y.reshape(-1)).backward()
            nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            opt.step()
            scheduler.step()
    seconds = time.time() - t0
    print(json.dumps({'corpus': args.corpus, 'bpc': bits_per_char(model, test_ids, context), 'seconds': seconds,
                      'parameters': sum(p.numel() for p in model.parameters()), 'vocabularySize': len(tokens),
                      'trainCharacters': len(train), 'epochs': args.epochs, 'seed': args.seed, 'threads': args.threads, 'torch': torch.__version__}))


if __name__ == '__main__':
    main()
