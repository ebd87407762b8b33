#!/usr/bin/env python3
"""How low can test L1 go on the emoji pairs? A bound for the `pix2pix-emoji` bar.

Run with Debian's python3-torch and python3-brotli:
    /usr/bin/python3 tools/reference/pix2pix_emoji_l1_bound.py --threads 1

pix2pix adds a GAN loss to L1; without it, the generator is a plain regression on the pairs and
minimises L1 directly, so its held-out L1 is about the least the same U-Net can reach. Trains
pix2pix_emoji.py's U-Net (ngf 32, BatchNorm, same init) on L1 alone: Adam(2e-4, betas 0.5/0.999),
batches of 8, mirroring with p 0.5, 25 epochs; prints the test L1 after each epoch (eval mode),
beside fixed predictors: the input itself (the identity baseline), a 3x3 / 5x5 box blur of it,
all white, and the per-pixel median of the training targets. Pixel units in [0, 1].
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from pix2pix_emoji import init_weights, pairs, translate, unet  # noqa: E402


def l1(a, b):
    return (a - b).abs().mean().item() / 2


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--epochs', type=int, default=25)
    p.add_argument('--seed', type=int, default=0)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    x, y, tx, ty = pairs()
    fixed = {
        'identity': l1(tx, ty),
        'blur3': l1(F.avg_pool2d(tx, 3, 1, 1, count_include_pad=False), ty),
        'blur5': l1(F.avg_pool2d(tx, 5, 1, 2, count_include_pad=False), ty),
        'white': l1(torch.ones_like(ty), ty),
        'trainMedian': l1(y.median(0).values.expand_as(ty), ty),
    }
    print(json.dumps(fixed), flush=True)
    G = init_weights(unet(32))
    opt = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    start, history = time.time(), []
    for epoch in range(1, args.epochs + 1):
        order = torch.randperm(len(x))
        for i in range(0, len(order), 8):
            xi, yi = x[order[i:i + 8]], y[order[i:i + 8]]
            if torch.rand(()).item() < 0.5:
                xi, yi = xi.flip(3), yi.flip(3)
            loss = (G(xi) - yi).abs().mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        history.append(round(l1(translate(G, tx), ty), 4))
        print(f'epoch {epoch}: testL1 {history[-1]:.4f} ({time.time() - start:.0f} s)', flush=True)
    print(json.dumps({'testL1': history[-1], 'bestTestL1': min(history), **fixed, 'seconds': round(time.time() - start, 1), 'threads': args.threads}))


if __name__ == '__main__':
    main()
