#!/usr/bin/env python3
"""PyTorch reference for shinsou's `pix2pix-emoji` recipe: same data, split, models, settings, metric.

Run with Debian's python3-torch and python3-brotli:
    /usr/bin/python3 tools/reference/pix2pix_emoji.py --threads 1

As src/cli/recipes/pix2pix_emoji.ts: the shipped data/emoji pairs (Noto → Twemoji, 32x32 RGB on white,
scaled to [-1, 1]; 1,524 train / 382 test); pytorch-CycleGAN-and-pix2pix's UnetGenerator (num_downs 5,
ngf 32, BatchNorm, no dropout at this depth) and NLayerDiscriminator (input and output concatenated,
ndf 64, n_layers 1: 16x16 patches, BatchNorm); init N(0, 0.02), biases 0, BatchNorm weights N(1, 0.02);
random jitter on each training pair (bilinear resize to 36, random 32x32 crop, mirroring with p 0.5);
vanilla GAN loss on logits, D's loss halved, G's plus 100 * L1; Adam(2e-4, betas 0.5/0.999), batch 1,
20 epochs: the rate constant for 10, then linear decay (factor 1 - max(0, epoch - 10) / 11, 1-based epochs).
Test L1 in [0, 1] pixel units, eval mode. Prints one JSON line.
"""
import argparse
import json
import os
import time

import brotli
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = os.path.join(os.path.dirname(__file__), '..', '..', 'data', 'emoji')


def load(split, style):
    raw = brotli.decompress(open(os.path.join(DATA, f'{split}-{style}-idx4-ubyte.br'), 'rb').read())
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big') for i in range(raw[3])]
    images = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * len(dims)).reshape(dims)
    return torch.from_numpy(images.astype(np.float32) / 255).permute(0, 3, 1, 2).contiguous() * 2 - 1


def pairs():
    """The shipped pairs: training Noto, training Twemoji, test Noto, test Twemoji."""
    return load('train', 'noto'), load('train', 'twemoji'), load('test', 'noto'), load('test', 'twemoji')


class UnetBlock(nn.Module):
    def __init__(self, outer, inner, input_nc=None, submodule=None, outermost=False, innermost=False):
        super().__init__()
        self.outermost = outermost
        input_nc = input_nc or outer
        downconv = nn.Conv2d(input_nc, inner, 4, 2, 1, bias=False)
        if outermost:
            model = [downconv, submodule, nn.ReLU(True), nn.ConvTranspose2d(inner * 2, outer, 4, 2, 1), nn.Tanh()]
        elif innermost:
            model = [nn.LeakyReLU(0.2, True), downconv, nn.ReLU(True), nn.ConvTranspose2d(inner, outer, 4, 2, 1, bias=False), nn.BatchNorm2d(outer)]
        else:
            model = [nn.LeakyReLU(0.2, True), downconv, nn.BatchNorm2d(inner), submodule, nn.ReLU(True),
                     nn.ConvTranspose2d(inner * 2, outer, 4, 2, 1, bias=False), nn.BatchNorm2d(outer)]
        self.model = nn.Sequential(*model)

    def forward(self, x):
        return self.model(x) if self.outermost else torch.cat([x, self.model(x)], 1)


def unet(ngf):
    block = UnetBlock(ngf * 8, ngf * 8, innermost=True)
    block = UnetBlock(ngf * 4, ngf * 8, submodule=block)
    block = UnetBlock(ngf * 2, ngf * 4, submodule=block)
    block = UnetBlock(ngf, ngf * 2, submodule=block)
    return UnetBlock(3, ngf, input_nc=3, submodule=block, outermost=True)


def patch_discriminator(input_nc, ndf, n_layers):
    layers = [nn.Conv2d(input_nc, ndf, 4, 2, 1), nn.LeakyReLU(0.2, True)]
    channels = ndf
    for n in range(1, n_layers + 1):
        nxt = ndf * min(2 ** n, 8)
        layers += [nn.Conv2d(channels, nxt, 4, 2 if n < n_layers else 1, 1, bias=False), nn.BatchNorm2d(nxt), nn.LeakyReLU(0.2, True)]
        channels = nxt
    return nn.Sequential(*layers, nn.Conv2d(channels, 1, 4, 1, 1))


def init_weights(model):
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(m.weight, 0.0, 0.02)
            if m.bias is not None:
                nn.init.constant_(m.bias, 0.0)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.normal_(m.weight, 1.0, 0.02)
            nn.init.constant_(m.bias, 0.0)
    return model


def translate(G, x):
    G.eval()
    with torch.no_grad():
        out = torch.cat([G(x[i:i + 64]) for i in range(0, len(x), 64)])
    G.train()
    return out


def jitter(pair, load_size):
    """pix2pix's random jitter on a stacked (input, target) pair [1, 6, H, W]: bilinear resize to
    load_size, a random crop back to H x W, and a left-right mirror with probability 0.5 -- the same
    for both images, as its aligned dataset does."""
    h, w = pair.shape[2:]
    if load_size != h:
        pair = F.interpolate(pair, size=(load_size, load_size), mode='bilinear', align_corners=False)
    top, left = torch.randint(0, load_size - h + 1, ()).item(), torch.randint(0, load_size - w + 1, ()).item()
    pair = pair[:, :, top:top + h, left:left + w]
    return pair.flip(3) if torch.rand(()).item() < 0.5 else pair


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--epochs', type=int, default=20)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--ngf', type=int, default=32)
    p.add_argument('--ndf', type=int, default=64)
    p.add_argument('--d-layers', type=int, default=1)
    p.add_argument('--load-size', type=int, default=36)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    x, y, tx, ty = pairs()
    G, D = init_weights(unet(args.ngf)), init_weights(patch_discriminator(6, args.ndf, args.d_layers))
    optG = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    optD = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    half = (args.epochs + 1) // 2
    start = time.time()
    history = []
    for epoch in range(1, args.epochs + 1):
        lr = 2e-4 * (1 - max(0, epoch - half) / (args.epochs - half + 1))
        for opt in (optG, optD):
            for g in opt.param_groups:
                g['lr'] = lr
        for i in torch.randperm(len(x)).tolist():
            xi, yi = jitter(torch.cat([x[i:i + 1], y[i:i + 1]], 1), args.load_size).split(3, 1)
            fake = G(xi)
            optD.zero_grad()
            real_logits, fake_logits = D(torch.cat([xi, yi], 1)), D(torch.cat([xi, fake.detach()], 1))
            d_loss = 0.5 * (F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits)) +
                            F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits)))
            d_loss.backward()
            optD.step()
            optG.zero_grad()
            g_logits = D(torch.cat([xi, fake], 1))
            g_loss = F.binary_cross_entropy_with_logits(g_logits, torch.ones_like(g_logits)) + 100 * F.l1_loss(fake, yi)
            g_loss.backward()
            optG.step()
        test_l1 = (translate(G, tx) - ty).abs().mean().item() / 2
        history.append(round(test_l1, 4))
        print(f'epoch {epoch}: testL1 {test_l1:.4f} ({time.time() - start:.0f} s)', flush=True)
    print(json.dumps({'testL1': history[-1], 'identityBaselineL1': (tx - ty).abs().mean().item() / 2, 'testL1History': history,
                      'seconds': round(time.time() - start, 1), 'threads': args.threads}))


if __name__ == '__main__':
    main()
