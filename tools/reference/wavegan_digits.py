#!/usr/bin/env python3
"""PyTorch reference for shinsou's `wavegan` recipe: same data, split, models, settings and judge.

Run with Debian's python3-torch after `npx shinsou train wavegan` has made the spoken digits and
the judge once (both are read from shinsou's cache, $SHINSOU_CACHE or ~/.cache/shinsou):
    /usr/bin/python3 tools/reference/wavegan_digits.py --model-size 8 --batch-size 32 --steps 1000

As src/cli/recipes/wavegan.ts and src/models/wavegan.ts (SPEC §11.6): the training clips of the
synthetic spoken digits (speakers whose name hashes to a multiple of 5 held out), padded to
16,384 samples; G: z ~ U(−1, 1)^100 → Linear(256d) → [16d, 16] → (ReLU, ConvTranspose1d k25 s4
padding 11 output padding 1) × 5 to 8d, 4d, 2d, d, 1 channels → tanh; D: (Conv1d k25 s4 padding
11, LeakyReLU 0.2, phase shuffle n = 2 by reflection, one shift per layer and call) × 5 with
phase shuffle on all but the last → Linear(256d → 1); PyTorch's default initialisation; WGAN-GP
λ 10 at one uniform mix per example, 5 critic steps per generator step, Adam lr 1e-4, β (0.5,
0.9). Every `--eval-every` generator steps (shinsou's epoch of 50) the inception score of 1,000
clips by shinsou's cached judge (its weights loaded into the same 1-D CNN here), as the recipe
does. Prints one JSON line per evaluation.
"""
import argparse
import hashlib
import json
import os
import struct
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

ACCENTS = ['en-us', 'en-gb', 'en-gb-scotland', 'en-gb-x-rp', 'en-gb-x-gbclan', 'en-gb-x-gbcwmd', 'en-029']
VARIANTS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'f1', 'f2', 'f3', 'f4', 'f5']
CLIP, SAMPLES = 16000, 16384
CACHE = os.environ.get('SHINSOU_CACHE') or os.path.join(os.path.expanduser('~'), '.cache', 'shinsou')


def load_digits(split, takes=4):
    """Waveforms [N, 1, 16384] in [−1, 1) of one split, in shinsou's plan order."""
    raw = open(os.path.join(CACHE, f'spoken-digits-v1-seed0-takes{takes}.pcm'), 'rb').read()
    pcm = torch.frombuffer(bytearray(raw), dtype=torch.int16).reshape(-1, CLIP)
    # Plan order: take → accent → variant → digit; a speaker is held out when its name's hash is a multiple of 5.
    keep = [i for i in range(pcm.shape[0])
            if (hashlib.sha256(f'{ACCENTS[i // 120 % 7]}+{VARIANTS[i // 10 % 12]}'.encode()).digest()[0] % 5 == 0) == (split == 'test')]
    return F.pad(pcm[keep].float() / 32768, (0, SAMPLES - CLIP)).unsqueeze(1)


def load_safetensors(path):
    data = open(path, 'rb').read()
    n = struct.unpack('<Q', data[:8])[0]
    header = json.loads(data[8:8 + n])
    dtypes = {'F32': torch.float32, 'I32': torch.int32, 'I64': torch.int64}
    out = {}
    for name, info in header.items():
        if name == '__metadata__':
            continue
        a, b = info['data_offsets']
        out[name] = torch.frombuffer(bytearray(data[8 + n + a:8 + n + b]), dtype=dtypes[info['dtype']]).reshape(info['shape'])
    return out


def judge():
    """shinsou's spoken-digit judge (src/models/spoken_digit_cnn.ts `waveformCnn`) with its cached weights."""
    def block(cin, cout, kernel, stride=1):
        return nn.Sequential(nn.Conv1d(cin, cout, kernel, stride), nn.BatchNorm1d(cout), nn.ReLU(), nn.MaxPool1d(4))
    model = nn.Sequential(block(1, 32, 80, 16), block(32, 32, 3), block(32, 64, 3), block(64, 64, 3),
                          nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(64, 10))
    state = {k: v.long() if k.endswith('num_batches_tracked') else v for k, v in load_safetensors(os.path.join(CACHE, 'spoken-digits-m5-takes4.safetensors')).items()}
    model.load_state_dict(state)
    return model.eval()


@torch.no_grad()
def inception_score(model, clips):
    p = torch.cat([model(clips[i:i + 250]).softmax(1) for i in range(0, clips.shape[0], 250)]).double()
    entropy = lambda q, dim: -(q * q.clamp_min(1e-300).log()).sum(dim)
    class_entropy = entropy(p.mean(0), 0).item()
    return torch.exp(torch.tensor(class_entropy) - entropy(p, 1).mean()).item(), class_entropy


class Generator(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.d = d
        self.fc = nn.Linear(100, 256 * d)
        widths = [16 * d, 8 * d, 4 * d, 2 * d, d, 1]
        layers = []
        for i in range(5):
            layers += [nn.ReLU(), nn.ConvTranspose1d(widths[i], widths[i + 1], 25, stride=4, padding=11, output_padding=1)]
        self.main = nn.Sequential(*layers, nn.Tanh())

    def forward(self, z):
        return self.main(self.fc(z).reshape(z.shape[0], 16 * self.d, 16))


def phase_shuffle(x, n):
    k = int(torch.randint(-n, n + 1, ()))
    if k == 0:
        return x
    L = x.shape[2]
    return F.pad(x, (k, 0), mode='reflect')[..., :L] if k > 0 else F.pad(x, (0, -k), mode='reflect')[..., -k:]


class Critic(nn.Module):
    def __init__(self, d, n=2):
        super().__init__()
        widths = [1, d, 2 * d, 4 * d, 8 * d, 16 * d]
        self.convs = nn.ModuleList(nn.Conv1d(widths[i], widths[i + 1], 25, stride=4, padding=11) for i in range(5))
        self.fc = nn.Linear(256 * d, 1)
        self.n = n

    def forward(self, x):
        for i, conv in enumerate(self.convs):
            x = F.leaky_relu(conv(x), 0.2)
            if i < 4:
                x = phase_shuffle(x, self.n)
        return self.fc(x.flatten(1))


def gradient_penalty(D, real, fake):
    alpha = torch.rand(real.shape[0], 1, 1)
    mixed = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    (grad,) = torch.autograd.grad(D(mixed).sum(), mixed, create_graph=True)
    return 10 * ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--model-size', type=int, default=16)
    parser.add_argument('--batch-size', type=int, default=64)
    parser.add_argument('--lr', type=float, default=1e-4)
    parser.add_argument('--n-critic', type=int, default=5)
    parser.add_argument('--steps', type=int, default=1000)
    parser.add_argument('--eval-every', type=int, default=50)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--threads', type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    real, test = load_digits('train'), load_digits('test')
    J = judge()
    print(json.dumps({'trainingClips': real.shape[0], 'realInceptionScore': inception_score(J, test)[0]}), flush=True)
    G, D = Generator(args.model_size), Critic(args.model_size)
    opt_g = torch.optim.Adam(G.parameters(), lr=args.lr, betas=(0.5, 0.9))
    opt_d = torch.optim.Adam(D.parameters(), lr=args.lr, betas=(0.5, 0.9))
    latent = lambda n, g=None: torch.rand(n, 100, generator=g) * 2 - 1
    b, start = args.batch_size, time.time()
    for step in range(1, args.steps + 1):
        for _ in range(args.n_critic):
            batch = real[torch.randint(0, real.shape[0], (b,))]
            with torch.no_grad():
                fake = G(latent(b))
            opt_d.zero_grad()
            loss_d = D(fake).mean() - D(batch).mean() + gradient_penalty(D, batch, fake)
            loss_d.backward()
            opt_d.step()
        opt_g.zero_grad()
        loss_g = -D(G(latent(b))).mean()
        loss_g.backward()
        opt_g.step()
        if step % args.eval_every == 0:
            with torch.no_grad():
                clips = torch.cat([G(z) for z in latent(1000, torch.Generator().manual_seed(1)).split(100)])
            score, class_entropy = inception_score(J, clips)
            print(json.dumps({'step': step, 'seconds': round(time.time() - start, 1), 'lossD': loss_d.item(), 'lossG': loss_g.item(),
                              'inceptionScore': score, 'classEntropy': class_entropy}), flush=True)


if __name__ == '__main__':
    main()
