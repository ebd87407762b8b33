#!/usr/bin/env python3
"""PyTorch reference for shinsou's `cyclegan-emoji` recipe: same data, split, models, settings, metrics.

Run with Debian's python3-torch and python3-brotli:
    /usr/bin/python3 tools/reference/cyclegan_emoji.py --threads 1 [--checkpoint runs/cyclegan-ref.pt]
With --checkpoint, every epoch's state (networks, optimizers, pools, RNGs, elapsed time) is saved
there (atomically) and a later run with the same flag continues from it.

As src/cli/recipes/cyclegan_emoji.ts: the shipped data/emoji pairs (X = Noto, Y = Twemoji, 32x32, [-1, 1]),
trained unpaired (each domain in its own random order every epoch); pytorch-CycleGAN-and-pix2pix's
ResnetGenerator (ngf 32, 6 blocks, InstanceNorm, reflection padding) for G: X -> Y and F: Y -> X, and
NLayerDiscriminator (ndf 64, n_layers 1: 16x16 patches, InstanceNorm) for D_X and D_Y; init N(0, 0.02);
LSGAN, cycle weight 10, identity weight 5 (each generator shown its own target domain), image pools of 50
(the recipe's gan.ImagePool rule), Adam(2e-4, betas 0.5/0.999) for both generators together and both
discriminators together, batch 1, 20 epochs: constant for 10, then linear decay. Test L1 in [0, 1] pixel
units both ways and the mean round-trip L1, eval mode. Prints one JSON line.
"""
import argparse
import json
import os
import random
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'bench'))
from pix2pix_emoji import init_weights, pairs, translate  # noqa: E402
from torch_cell import cyclegan_discriminator, cyclegan_generator  # noqa: E402


class ImagePool:
    """Returns new fakes while it fills, then swaps each for a stored one with probability 1/2."""

    def __init__(self, size):
        self.size, self.images = size, []

    def query(self, images):
        out = []
        for image in images.detach():
            image = image.unsqueeze(0)
            if len(self.images) < self.size:
                self.images.append(image)
                out.append(image)
            elif random.random() < 0.5:
                k = random.randrange(self.size)
                out.append(self.images[k])
                self.images[k] = image
            else:
                out.append(image)
        return torch.cat(out)


def ls(d, target):
    return F.mse_loss(d, torch.full_like(d, target))


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--epochs', type=int, default=20)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--checkpoint', help='save every epoch here, and resume from it when it exists')
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    x, y, tx, ty = pairs()
    G, F_ = init_weights(cyclegan_generator()), init_weights(cyclegan_generator())
    DX, DY = init_weights(cyclegan_discriminator()), init_weights(cyclegan_discriminator())
    optG = torch.optim.Adam(list(G.parameters()) + list(F_.parameters()), lr=2e-4, betas=(0.5, 0.999))
    optD = torch.optim.Adam(list(DX.parameters()) + list(DY.parameters()), lr=2e-4, betas=(0.5, 0.999))
    pool_x, pool_y = ImagePool(50), ImagePool(50)
    half = (args.epochs + 1) // 2
    nets = {'G': G, 'F': F_, 'DX': DX, 'DY': DY, 'optG': optG, 'optD': optD}
    first, earlier = 1, 0.0
    if args.checkpoint and os.path.exists(args.checkpoint):
        state = torch.load(args.checkpoint)
        for k, m in nets.items():
            m.load_state_dict(state[k])
        pool_x.images, pool_y.images = state['pool_x'], state['pool_y']
        torch.set_rng_state(state['torch_rng'])
        random.setstate(state['python_rng'])
        first, earlier, result = state['epoch'] + 1, state['seconds'], state['result']
        print(f'resuming after epoch {state["epoch"]}', flush=True)
    start = time.time() - earlier
    for epoch in range(first, args.epochs + 1):
        lr = 2e-4 * (1 - max(0, epoch - half) / (args.epochs - half + 1))
        for opt in (optG, optD):
            for g in opt.param_groups:
                g['lr'] = lr
        for i, j in zip(torch.randperm(len(x)).tolist(), torch.randperm(len(y)).tolist()):
            xi, yj = x[i:i + 1], y[j:j + 1]
            optG.zero_grad()
            fake_y, fake_x = G(xi), F_(yj)
            loss = ls(DY(fake_y), 1) + ls(DX(fake_x), 1) + 10 * (F.l1_loss(F_(fake_y), xi) + F.l1_loss(G(fake_x), yj)) + \
                5 * (F.l1_loss(G(yj), yj) + F.l1_loss(F_(xi), xi))
            loss.backward()
            optG.step()
            optD.zero_grad()
            d_loss = 0.5 * (ls(DY(yj), 1) + ls(DY(pool_y.query(fake_y)), 0)) + 0.5 * (ls(DX(xi), 1) + ls(DX(pool_x.query(fake_x)), 0))
            d_loss.backward()
            optD.step()
        fy, fx = translate(G, tx), translate(F_, ty)
        result = {'testL1XtoY': (fy - ty).abs().mean().item() / 2, 'testL1YtoX': (fx - tx).abs().mean().item() / 2,
                  'cycleL1': ((translate(F_, fy) - tx).abs().mean().item() + (translate(G, fx) - ty).abs().mean().item()) / 4}
        print(f'epoch {epoch}: {json.dumps(result)} ({time.time() - start:.0f} s)', flush=True)
        if args.checkpoint:
            state = {k: m.state_dict() for k, m in nets.items()}
            state.update(pool_x=pool_x.images, pool_y=pool_y.images, torch_rng=torch.get_rng_state(), python_rng=random.getstate(),
                         epoch=epoch, seconds=time.time() - start, result=result)
            torch.save(state, args.checkpoint + '.tmp')
            os.replace(args.checkpoint + '.tmp', args.checkpoint)
    print(json.dumps({**result, 'identityBaselineL1': (tx - ty).abs().mean().item() / 2, 'seconds': round(time.time() - start, 1), 'threads': args.threads}))


if __name__ == '__main__':
    main()
