#!/usr/bin/env python3
"""PyTorch reference for shinsou's GAN recipes: same models, data, split, settings and judge.

Run with Debian's python3-torch (node decompresses the shipped digits):
    /usr/bin/python3 tools/reference/gan_mnist.py gan-mnist --seed 0 --threads 1
    /usr/bin/python3 tools/reference/gan_mnist.py cgan-mnist
    /usr/bin/python3 tools/reference/gan_mnist.py wgan-mnist            (WGAN-GP, n_critic 5)
    /usr/bin/python3 tools/reference/gan_mnist.py gan-augment --aug none|diffaugment

Recipes as in src/cli/recipes/gan_*.ts: DCGAN G (z 100 → 7×7×256 → 14×14×128 → 28×28, BatchNorm,
ReLU, tanh) and D (conv 64 s2 → conv 128 s2 [+ BatchNorm] → conv k7 → logit, LeakyReLU 0.2),
N(0, 0.02) init, batch 64, Adam. gan-mnist/cgan-mnist: non-saturating loss, lr 2e-4, β (0.5,
0.999), 20 epochs on the 8,000 training digits in [−1, 1]. wgan-mnist: critic without BatchNorm,
λ 10, Adam 1e-4 β (0, 0.9), n_critic 5, 20 epochs. gan-augment: the first 100 digits of each
class, 100 epochs, D (with BatchNorm) fed each step's reals and fakes as one batch in the D and
the G step; DiffAugment 'color,translation,cutout' from its paper's ops.

The judge is FID-MNIST computed as shinsou computes it: the 128-d penultimate ReLU features
(eval mode) of the mnist-cnn LeNet, trained here with seed 0 (10 epochs, Adam 1e-3, batch 64,
dropout 0.25) on the training digits in [−1, 1] and cached next to shinsou's judge; Fréchet
distance in float64 against the 2,000 test digits, of 10,000 samples. Prints one JSON line.
"""
import argparse
import json
import os
import subprocess
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')


def load_digits(split):
    """Images [N, 1, 28, 28] in [0, 1] and labels from data/mnist/<split>-*.br (IDX, brotli)."""
    def read(name):
        path = os.path.join(ROOT, 'data', 'mnist', name)
        script = "process.stdout.write(require('zlib').brotliDecompressSync(require('fs').readFileSync(process.argv[1])))"
        return subprocess.run(['node', '-e', script, path], check=True, capture_output=True).stdout
    images = read(f'{split}-images-idx3-ubyte.br')
    labels = read(f'{split}-labels-idx1-ubyte.br')
    n = int.from_bytes(images[4:8], 'big')
    x = torch.frombuffer(bytearray(images[16:]), dtype=torch.uint8).reshape(n, 1, 28, 28).float() / 255
    y = torch.frombuffer(bytearray(labels[8:]), dtype=torch.uint8).long()
    return x, y


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.25), nn.Linear(128, 10))


class Judge:
    """FID-MNIST: LeNet features of generated digits vs the test digits."""

    def __init__(self, train, test):
        cache = os.path.join(os.environ.get('SHINSOU_CACHE', os.path.expanduser('~/.cache/shinsou')), 'fid-mnist-lenet-torch.pt')
        self.model = lenet()
        if os.path.exists(cache):
            self.model.load_state_dict(torch.load(cache))
        else:
            state = torch.random.get_rng_state()
            torch.manual_seed(0)
            x, y = train[0] * 2 - 1, train[1]
            opt = torch.optim.Adam(self.model.parameters(), lr=1e-3)
            for _ in range(10):
                for idx in torch.randperm(len(y)).split(64):
                    opt.zero_grad()
                    F.cross_entropy(self.model(x[idx]), y[idx]).backward()
                    opt.step()
            torch.random.set_rng_state(state)
            os.makedirs(os.path.dirname(cache), exist_ok=True)
            torch.save(self.model.state_dict(), cache)
        self.model.eval()
        tx, ty = test[0] * 2 - 1, test[1]
        with torch.no_grad():
            self.test_accuracy = (self.model(tx).argmax(1) == ty).float().mean().item()
        assert self.test_accuracy >= 0.97, f'judge test accuracy {self.test_accuracy}'
        self.reference = self.stats(tx)
        self.train_x = train[0] * 2 - 1

    def features(self, images):
        with torch.no_grad():
            return torch.cat([self.model[:9](images[i:i + 500]) for i in range(0, len(images), 500)]).double()

    def stats(self, images):
        f = self.features(images)
        return f.mean(0), torch.cov(f.T)

    def score(self, images):
        (m1, s1), (m2, s2) = self.stats(images), self.reference
        w, v = torch.linalg.eigh(s1)
        root = (v * w.clamp(min=0).sqrt()) @ v.T
        cross = torch.linalg.eigvalsh(root @ s2 @ root).clamp(min=0).sqrt().sum()
        return ((m1 - m2) ** 2).sum().item() + (s1.trace() + s2.trace() - 2 * cross).item()

    def class_accuracy(self, images, labels):
        with torch.no_grad():
            return (self.model(images).argmax(1) == labels).float().mean().item()


class Generator(nn.Module):
    def __init__(self, classes=0, c=64):
        super().__init__()
        self.classes = classes
        self.main = nn.Sequential(
            nn.ConvTranspose2d(100 + classes, 4 * c, 7, bias=False), nn.BatchNorm2d(4 * c), nn.ReLU(),
            nn.ConvTranspose2d(4 * c, 2 * c, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * c), nn.ReLU(),
            nn.ConvTranspose2d(2 * c, 1, 4, 2, 1), nn.Tanh())

    def forward(self, z, y=None):
        if self.classes:
            z = torch.cat([z, F.one_hot(y, self.classes).float()], 1)
        return self.main(z[:, :, None, None])


class Discriminator(nn.Module):
    def __init__(self, classes=0, batch_norm=True, c=64):
        super().__init__()
        self.classes = classes
        self.body = nn.Sequential(
            nn.Conv2d(1 + classes, c, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(c, 2 * c, 4, 2, 1, bias=not batch_norm), *([nn.BatchNorm2d(2 * c)] if batch_norm else []), nn.LeakyReLU(0.2))
        self.head = nn.Conv2d(2 * c, 1, 7)

    def forward(self, x, y=None):
        if self.classes:
            x = torch.cat([x, F.one_hot(y, self.classes).float()[:, :, None, None].expand(-1, -1, 28, 28)], 1)
        return self.head(self.body(x)).reshape(-1)


def dcgan_init(model):
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            nn.init.normal_(m.weight, 0, 0.02)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.normal_(m.weight, 1, 0.02)
            nn.init.zeros_(m.bias)
    return model


def diff_augment(x):
    """DiffAugment 'color,translation,cutout' (Zhao et al. 2020), one draw per sample."""
    n, _, h, w = x.shape
    u = lambda: torch.rand(n, 1, 1, 1)  # noqa: E731
    x = x + (u() - 0.5)
    m = x.mean(1, keepdim=True)
    x = (x - m) * (u() * 2) + m
    m = x.mean([1, 2, 3], keepdim=True)
    x = (x - m) * (u() + 0.5) + m
    sh, sw = int(h * 0.125 + 0.5), int(w * 0.125 + 0.5)
    ty, tx = torch.randint(-sh, sh + 1, (n, 1, 1)), torch.randint(-sw, sw + 1, (n, 1, 1))
    rows = (torch.arange(h).view(1, h, 1) + ty + 1).clamp(0, h + 1)
    cols = (torch.arange(w).view(1, 1, w) + tx + 1).clamp(0, w + 1)
    x = F.pad(x, [1, 1, 1, 1])[torch.arange(n).view(n, 1, 1), :, rows, cols].permute(0, 3, 1, 2)
    ch, cw = int(h * 0.5 + 0.5), int(w * 0.5 + 0.5)
    oy, ox = torch.randint(0, h + 1 - ch % 2, (n, 1, 1)), torch.randint(0, w + 1 - cw % 2, (n, 1, 1))
    r, c = torch.arange(h).view(1, h, 1), torch.arange(w).view(1, 1, w)
    inside = (r >= oy - ch // 2) & (r < oy - ch // 2 + ch) & (c >= ox - cw // 2) & (c < ox - cw // 2 + cw)
    return x * (~inside).float().unsqueeze(1)


def gradient_penalty(D, real, fake):
    eps = torch.rand(len(real), 1, 1, 1)
    x = (eps * real + (1 - eps) * fake).requires_grad_()
    g, = torch.autograd.grad(D(x).sum(), x, create_graph=True)
    return 10 * ((g.flatten(1).norm(dim=1) - 1) ** 2).mean()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('recipe', choices=['gan-mnist', 'cgan-mnist', 'wgan-mnist', 'gan-augment'])
    ap.add_argument('--aug', choices=['none', 'diffaugment'], default='none')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--epochs', type=int)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    train, test = load_digits('train'), load_digits('test')
    judge = Judge(train, test)
    torch.manual_seed(args.seed)
    x, y = train[0] * 2 - 1, train[1]
    wgan, cond, augment = args.recipe == 'wgan-mnist', args.recipe == 'cgan-mnist', args.recipe == 'gan-augment'
    if augment:
        keep = torch.cat([torch.nonzero(y == k).flatten()[:100] for k in range(10)]).sort().values
        x, y = x[keep], y[keep]
    classes = 10 if cond else 0
    G = dcgan_init(Generator(classes))
    D = dcgan_init(Discriminator(classes, batch_norm=not wgan))
    lr, betas = (1e-4, (0.0, 0.9)) if wgan else (2e-4, (0.5, 0.999))
    opt_g, opt_d = torch.optim.Adam(G.parameters(), lr, betas=betas), torch.optim.Adam(D.parameters(), lr, betas=betas)
    aug = diff_augment if args.aug == 'diffaugment' else (lambda t: t)
    epochs = args.epochs or (100 if augment else 20)
    n_critic, step = (5 if wgan else 1), 0
    t0 = time.time()
    for _ in range(epochs):
        for idx in torch.randperm(len(y)).split(64):
            real, labels = x[idx], (y[idx] if cond else None)
            n = len(idx)
            fake_labels = torch.randint(0, 10, (n,)) if cond else None
            with torch.no_grad():
                fake = G(torch.randn(n, 100), fake_labels)
            opt_d.zero_grad()
            if augment:
                rs, fs = D(torch.cat([aug(real), aug(fake)])).split(n)
            else:
                rs, fs = D(aug(real), labels), D(aug(fake), fake_labels)
            loss = fs.mean() - rs.mean() + gradient_penalty(D, real, fake) if wgan else F.softplus(-rs).mean() + F.softplus(fs).mean()
            loss.backward()
            opt_d.step()
            step += 1
            if step % n_critic == 0:
                opt_g.zero_grad()
                generated = aug(G(torch.randn(n, 100), fake_labels))
                out = D(torch.cat([aug(real), generated]))[n:] if augment else D(generated, fake_labels)
                (-out.mean() if wgan else F.softplus(-out).mean()).backward()
                opt_g.step()
    seconds = time.time() - t0
    G.eval()
    with torch.no_grad():
        labels = torch.arange(10000) % 10 if cond else None
        z = torch.randn(10000, 100)
        images = torch.cat([G(z[i:i + 500], None if labels is None else labels[i:i + 500]) for i in range(0, 10000, 500)])
    result = {'recipe': args.recipe, 'aug': args.aug if augment else None, 'seed': args.seed, 'threads': args.threads, 'epochs': epochs,
              'fid': judge.score(images), 'fidNoise': judge.score(torch.rand(10000, 1, 28, 28) * 2 - 1), 'fidRealFloor': judge.score(judge.train_x),
              'judgeTestAccuracy': judge.test_accuracy, 'trainSeconds': seconds, 'torch': torch.__version__}
    if cond:
        result['classAccuracy'] = judge.class_accuracy(images, labels)
    print(json.dumps(result))


if __name__ == '__main__':
    main()
