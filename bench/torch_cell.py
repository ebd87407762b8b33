#!/usr/bin/env python3
"""One PyTorch benchmark cell: torch_cell.py <workload> <threads>; prints one JSON line."""
import json
import math
import resource
import sys
import time

import torch


def time_it(fn, budget=2.0, min_runs=5):
    for _ in range(2):
        fn()
    times, start = [], time.perf_counter()
    while len(times) < min_runs or time.perf_counter() - start < budget:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2] * 1000


def classifier_step(model, x, y, unit):
    """The time of one Adam (lr 1e-3) step on cross-entropy of model(x) against y, and examples per second."""
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    ms = time_it(step)
    return {'medianMs': ms, 'rate': len(x) / (ms / 1000), 'unit': unit}


def cyclegan_generator(ngf=32, blocks=6):
    """pytorch-CycleGAN-and-pix2pix's ResnetGenerator (InstanceNorm, reflection padding) at cyclegan-emoji's size."""
    nn = torch.nn

    class Block(nn.Module):
        def __init__(self, c):
            super().__init__()
            self.body = nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(c, c, 3, bias=True), nn.InstanceNorm2d(c), nn.ReLU(True),
                                      nn.ReflectionPad2d(1), nn.Conv2d(c, c, 3, bias=True), nn.InstanceNorm2d(c))

        def forward(self, x):
            return x + self.body(x)
    layers = [nn.ReflectionPad2d(3), nn.Conv2d(3, ngf, 7), nn.InstanceNorm2d(ngf), nn.ReLU(True)]
    for k in (1, 2):
        layers += [nn.Conv2d(ngf * k, ngf * 2 * k, 3, 2, 1), nn.InstanceNorm2d(ngf * 2 * k), nn.ReLU(True)]
    layers += [Block(4 * ngf) for _ in range(blocks)]
    for k in (4, 2):
        layers += [nn.ConvTranspose2d(ngf * k, ngf * k // 2, 3, 2, 1, output_padding=1), nn.InstanceNorm2d(ngf * k // 2), nn.ReLU(True)]
    layers += [nn.ReflectionPad2d(3), nn.Conv2d(ngf, 3, 7), nn.Tanh()]
    return nn.Sequential(*layers)


def cyclegan_discriminator(ndf=64):
    """NLayerDiscriminator(3, ndf, n_layers=1, InstanceNorm): 16x16 patches."""
    nn = torch.nn
    return nn.Sequential(nn.Conv2d(3, ndf, 4, 2, 1), nn.LeakyReLU(0.2, True), nn.Conv2d(ndf, 2 * ndf, 4, 1, 1), nn.InstanceNorm2d(2 * ndf),
                         nn.LeakyReLU(0.2, True), nn.Conv2d(2 * ndf, 1, 4, 1, 1))


def sinusoids(length, d):
    position = torch.arange(length).unsqueeze(1)
    div = torch.exp(torch.arange(0, d, 2) * (-math.log(10000.0) / d))
    pe = torch.zeros(length, d)
    pe[:, 0::2] = torch.sin(position * div)
    pe[:, 1::2] = torch.cos(position * div)
    return pe


def main():
    workload, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    if workload.startswith('sgemm-'):
        n = int(workload.split('-')[1])
        a, b = torch.randn(n, n), torch.randn(n, n)
        ms = time_it(lambda: a @ b, 4.0 if n >= 1024 else 2.0)
        out = {'medianMs': ms, 'rate': 2 * n ** 3 / (ms * 1e6), 'unit': 'GFLOP/s'}
    elif workload.startswith('conv-'):
        _, which, mode = workload.split('-')
        n, c, o, h = {'a': (32, 1, 32, 28), 'b': (32, 64, 64, 14)}[which]
        backward = mode == 'fwdbwd'
        x = torch.randn(n, c, h, h, requires_grad=backward)
        w = torch.randn(o, c, 3, 3, requires_grad=backward)

        def step():
            y = torch.nn.functional.conv2d(x, w, padding=1)
            if backward:
                y.sum().backward()
        ms = time_it(step)
        out = {'medianMs': ms, 'rate': 2 * n * o * c * 9 * h * h * (3 if backward else 1) / (ms * 1e6), 'unit': 'GFLOP/s'}
    elif workload in ('mlp-train', 'cnn-train'):
        nn = torch.nn
        if workload == 'cnn-train':
            model = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
                                  nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))
            batch, x = 64, torch.randn(64, 1, 28, 28)
        else:
            model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
            batch, x = 128, torch.randn(128, 784)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        y = torch.randint(0, 10, (batch,))

        def step():
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        ms = time_it(step)
        out = {'medianMs': ms, 'rate': batch / (ms / 1000), 'unit': 'samples/s'}
    elif workload in ('lstm-train', 'gru-train', 'rnn-train'):
        model = {'lstm-train': torch.nn.LSTM, 'gru-train': torch.nn.GRU, 'rnn-train': torch.nn.RNN}[workload](64, 128)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        x, target = torch.randn(50, 32, 64), torch.randn(50, 32, 128)

        def step():
            opt.zero_grad()
            torch.nn.functional.mse_loss(model(x)[0], target).backward()
            opt.step()
        ms = time_it(step)
        out = {'medianMs': ms, 'rate': 1000 / ms, 'unit': 'steps/s'}
    elif workload == 'transformer-train':
        model = torch.nn.TransformerEncoderLayer(128, 4, dim_feedforward=512, batch_first=True)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        x, target = torch.randn(16, 64, 128), torch.randn(16, 64, 128)

        def step():
            opt.zero_grad()
            torch.nn.functional.mse_loss(model(x), target).backward()
            opt.step()
        ms = time_it(step)
        out = {'medianMs': ms, 'rate': 1000 / ms, 'unit': 'steps/s'}
    elif workload in ('transformer-lm-train', 'lm-greedy-cache', 'lm-greedy-nocache'):
        # The transformer-lm recipe's model (see tools/reference/transformer_lm.py), dropout 0, untied.
        nn, F = torch.nn, torch.nn.functional
        emb, head = nn.Embedding(90, 128), nn.Linear(128, 90)
        layer = nn.TransformerEncoderLayer(128, 4, 512, 0.0, batch_first=True, norm_first=True)
        encoder = nn.TransformerEncoder(layer, 2, nn.LayerNorm(128), enable_nested_tensor=False)
        pe = sinusoids(1024, 128)

        def logits(x, offset=0):
            t = x.size(1)
            mask = torch.triu(torch.full((t, t), float('-inf')), diagonal=1)
            return head(encoder(emb(x) * 128 ** 0.5 + pe[offset:offset + t], mask))
        if workload == 'transformer-lm-train':
            params = [*emb.parameters(), *encoder.parameters(), *head.parameters()]
            opt = torch.optim.Adam(params, lr=1e-3)
            x, y = torch.randint(0, 90, (8, 128)), torch.randint(0, 90, (8 * 128,))

            def step():
                opt.zero_grad()
                F.cross_entropy(logits(x).reshape(-1, 90), y).backward()
                opt.step()
            ms = time_it(step)
            out = {'medianMs': ms, 'rate': 1000 / ms, 'unit': 'steps/s'}
        else:
            encoder.eval()
            cached = workload == 'lm-greedy-cache'

            def cached_logits(token, cache, offset):
                # PyTorch 1.13's layers have no key/value cache: the same pre-LN layers by hand,
                # one new position per call, keys and values appended to `cache`.
                h = emb(token) * 128 ** 0.5 + pe[offset:offset + 1]
                for i, lay in enumerate(encoder.layers):
                    a = lay.norm1(h)
                    q, k, v = F.linear(a, lay.self_attn.in_proj_weight, lay.self_attn.in_proj_bias).chunk(3, -1)
                    if i < len(cache):
                        cache[i] = (torch.cat([cache[i][0], k], 1), torch.cat([cache[i][1], v], 1))
                    else:
                        cache.append((k, v))
                    keys, values = cache[i]
                    heads = lambda z: z.view(1, -1, 4, 32).transpose(1, 2)  # noqa: E731
                    att = F.scaled_dot_product_attention(heads(q), heads(keys), heads(values)) if hasattr(F, 'scaled_dot_product_attention') \
                        else torch.softmax(heads(q) @ heads(keys).transpose(-1, -2) / 32 ** 0.5, -1) @ heads(values)
                    h = h + lay.self_attn.out_proj(att.transpose(1, 2).reshape(1, 1, 128))
                    h = h + lay.linear2(F.relu(lay.linear1(lay.norm2(h))))
                return head(encoder.norm(h))

            def decode():
                with torch.no_grad():
                    tokens, cache = [0], []
                    for t in range(128):
                        out = cached_logits(torch.tensor([[tokens[-1]]]), cache, t) if cached else logits(torch.tensor([tokens]))
                        tokens.append(int(out[0, -1].argmax()))
            ms = time_it(decode, 3.0, 3)
            out = {'medianMs': ms, 'rate': 128 / (ms / 1000), 'unit': 'tokens/s'}
    elif workload in ('dcgan-mnist-train', 'dcgan-64-train'):
        nn = torch.nn
        if workload == 'dcgan-mnist-train':  # src/models/dcgan.ts, non-saturating loss on logits
            G = nn.Sequential(nn.ConvTranspose2d(100, 256, 7, bias=False), nn.BatchNorm2d(256), nn.ReLU(),
                              nn.ConvTranspose2d(256, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128), nn.ReLU(),
                              nn.ConvTranspose2d(128, 1, 4, 2, 1), nn.Tanh())
            D = nn.Sequential(nn.Conv2d(1, 64, 4, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(64, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128),
                              nn.LeakyReLU(0.2), nn.Conv2d(128, 1, 7), nn.Flatten())
            real, sigmoid = torch.rand(64, 1, 28, 28) * 2 - 1, False
        else:  # pytorch/examples dcgan/main.py: 64×64 RGB, ngf = ndf = 64, BCELoss on sigmoid outputs
            G = nn.Sequential(nn.ConvTranspose2d(100, 512, 4, 1, 0, bias=False), nn.BatchNorm2d(512), nn.ReLU(True),
                              nn.ConvTranspose2d(512, 256, 4, 2, 1, bias=False), nn.BatchNorm2d(256), nn.ReLU(True),
                              nn.ConvTranspose2d(256, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128), nn.ReLU(True),
                              nn.ConvTranspose2d(128, 64, 4, 2, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU(True),
                              nn.ConvTranspose2d(64, 3, 4, 2, 1, bias=False), nn.Tanh())
            D = nn.Sequential(nn.Conv2d(3, 64, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True),
                              nn.Conv2d(64, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128), nn.LeakyReLU(0.2, inplace=True),
                              nn.Conv2d(128, 256, 4, 2, 1, bias=False), nn.BatchNorm2d(256), nn.LeakyReLU(0.2, inplace=True),
                              nn.Conv2d(256, 512, 4, 2, 1, bias=False), nn.BatchNorm2d(512), nn.LeakyReLU(0.2, inplace=True),
                              nn.Conv2d(512, 1, 4, 1, 0, bias=False), nn.Sigmoid(), nn.Flatten())
            real, sigmoid = torch.rand(64, 3, 64, 64) * 2 - 1, True
        optG = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
        optD = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
        z = torch.randn(64, 100, 1, 1)
        ones, zeros = torch.ones(64, 1), torch.zeros(64, 1)
        loss = nn.functional.binary_cross_entropy if sigmoid else nn.functional.binary_cross_entropy_with_logits

        def step():
            fake = G(z)
            optD.zero_grad()
            (loss(D(real), ones) + loss(D(fake.detach()), zeros)).backward()
            optD.step()
            optG.zero_grad()
            loss(D(fake), ones).backward()
            optG.step()
        ms = time_it(step)
        out = {'medianMs': ms, 'rate': 1000 / ms, 'unit': 'steps/s'}
    elif workload == 'm5-train':
        # torchaudio's speech-command tutorial M5 (src/models/spoken_digit_cnn.ts waveformCnn) on 64 one-second 16 kHz clips.
        nn = torch.nn

        def block(cin, cout, kernel, stride=1):
            return nn.Sequential(nn.Conv1d(cin, cout, kernel, stride=stride), nn.BatchNorm1d(cout), nn.ReLU(), nn.MaxPool1d(4))
        model = nn.Sequential(block(1, 32, 80, 16), block(32, 32, 3), block(32, 64, 3), block(64, 64, 3), nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(64, 10))
        out = classifier_step(model, torch.randn(64, 1, 16000) * 0.1, torch.randint(0, 10, (64,)), 'samples/s')
    elif workload == 'c3d-train':
        # The video-classify C3D (src/models/c3d.ts) on 16 clips of 16 frames 32x32.
        nn = torch.nn
        widths = [16, 32, 64, 128]
        blocks = [nn.Sequential(nn.Conv3d(cin, cout, 3, padding=1), nn.BatchNorm3d(cout), nn.ReLU(), nn.MaxPool3d((1, 2, 2) if i == 0 else 2))
                  for i, (cin, cout) in enumerate(zip([1] + widths, widths))]
        model = nn.Sequential(*blocks, nn.AdaptiveAvgPool3d(1), nn.Flatten(), nn.Dropout(0.5), nn.Linear(128, 8))
        out = classifier_step(model, torch.rand(16, 1, 16, 32, 32), torch.randint(0, 8, (16,)), 'clips/s')
    elif workload.startswith('cyclegan-train-b'):
        # One cyclegan-emoji step (src/cli/recipes/cyclegan_emoji.ts; the models as tools/reference/pix2pix_emoji.py builds pix2pix's).
        batch = int(workload[len('cyclegan-train-b'):])
        G, F_, DX, DY = cyclegan_generator(), cyclegan_generator(), cyclegan_discriminator(), cyclegan_discriminator()
        optG = torch.optim.Adam(list(G.parameters()) + list(F_.parameters()), lr=2e-4, betas=(0.5, 0.999))
        optD = torch.optim.Adam(list(DX.parameters()) + list(DY.parameters()), lr=2e-4, betas=(0.5, 0.999))
        x, y = torch.rand(batch, 3, 32, 32) * 2 - 1, torch.rand(batch, 3, 32, 32) * 2 - 1
        l1, mse = torch.nn.functional.l1_loss, torch.nn.functional.mse_loss

        def ls(d, target):
            return mse(d, torch.full_like(d, target))

        def step():
            optG.zero_grad()
            fake_y, fake_x = G(x), F_(y)
            loss = ls(DY(fake_y), 1) + ls(DX(fake_x), 1) + 10 * (l1(F_(fake_y), x) + l1(G(fake_x), y)) + 5 * (l1(G(y), y) + l1(F_(x), x))
            loss.backward()
            optG.step()
            optD.zero_grad()
            d_loss = 0.5 * (ls(DY(y), 1) + ls(DY(fake_y.detach()), 0)) + 0.5 * (ls(DX(x), 1) + ls(DX(fake_x.detach()), 0))
            d_loss.backward()
            optD.step()
        ms = time_it(step)
        out = {'medianMs': ms, 'rate': 1000 / ms, 'unit': 'steps/s'}
    elif workload in ('stft-1s', 'melspec-1s'):
        import torchaudio
        transform = torchaudio.transforms.MelSpectrogram(16000, n_fft=400, hop_length=160, n_mels=64) if workload == 'melspec-1s' \
            else torchaudio.transforms.Spectrogram(n_fft=400, hop_length=160)
        clips = torch.randn(64, 16000) * 0.1
        with torch.no_grad():
            ms = time_it(lambda: transform(clips))
        out = {'medianMs': ms, 'rate': 64 / (ms / 1000), 'unit': 'clips/s'}
    else:
        raise SystemExit(f'unknown workload {workload}')
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out['cpuMs'] = (usage.ru_utime + usage.ru_stime) * 1000
    out['maxRssMB'] = usage.ru_maxrss / 1024
    print(json.dumps(out))


if __name__ == '__main__':
    main()
